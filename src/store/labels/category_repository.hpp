#pragma once
// Repository of the label category taxonomy (label_categories).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/core/time.hpp"
#include "heatloop/store/db.hpp"
#include "heatloop/store/label.hpp"

namespace heatloop::store {

class CategoryRepository {
public:
    explicit CategoryRepository(Db& db) : db_(db) {}

    // Every category, ordered by name.
    std::vector<Category> list();
    // The category of that name, if any.
    std::optional<Category> find(std::string_view name);
    // Adds a category (the caller checked it is new).
    void insert(const Category& c, Timestamp now);

private:
    Db& db_;
};

}  // namespace heatloop::store
