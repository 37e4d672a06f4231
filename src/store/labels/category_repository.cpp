#include "store/labels/category_repository.hpp"

namespace heatloop::store {

std::vector<Category> CategoryRepository::list() {
    std::vector<Category> out;
    for (const Row& r :
         db_.exec("SELECT name, description FROM label_categories ORDER BY name").rows)
        out.push_back({r.get_text(0), r.get_stored_text(1)});
    return out;
}

std::optional<Category> CategoryRepository::find(std::string_view name) {
    auto res = db_.exec("SELECT name, description FROM label_categories WHERE name = ?", {name});
    if (res.empty()) return std::nullopt;
    return Category{res.rows[0].get_text(0), res.rows[0].get_stored_text(1)};
}

void CategoryRepository::insert(const Category& c, Timestamp now) {
    db_.exec("INSERT INTO label_categories (name, description, created_at) VALUES (?, ?, ?)",
             {c.name, c.description, now});
}

}  // namespace heatloop::store
