#include "store/labels/unit_repository.hpp"

#include <nlohmann/json.hpp>

namespace heatloop::store {

void UnitRepository::upsert(std::span<const UnitInfo> units, Timestamp now) {
    for (const UnitInfo& u : units) {
        nlohmann::json extra(u.extra);
        db_.exec(
            "INSERT INTO units (unit_id, type, location, extra_json, updated_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (unit_id) DO UPDATE SET type = excluded.type, "
            "location = excluded.location, extra_json = excluded.extra_json, "
            "updated_at = excluded.updated_at",
            {u.unit_id, u.type, u.location, extra.dump(), now});
    }
}

std::vector<UnitInfo> UnitRepository::list() {
    std::vector<UnitInfo> out;
    for (const Row& r :
         db_.exec("SELECT unit_id, type, location, extra_json FROM units ORDER BY unit_id").rows) {
        UnitInfo u;
        u.unit_id = r.get_stored_text(0);
        u.type = r.get_stored_text(1);
        u.location = r.get_stored_text(2);
        auto extra = nlohmann::json::parse(r.get_stored_text(3), nullptr, false);
        if (extra.is_object())
            for (auto& [k, v] : extra.items())
                if (v.is_string()) u.extra[k] = v.get<std::string>();
        out.push_back(std::move(u));
    }
    return out;
}

bool UnitRepository::exists(std::string_view unit_id) {
    return !db_.exec("SELECT 1 FROM units WHERE unit_id = ?", {unit_id}).empty();
}

std::set<std::string, std::less<>> UnitRepository::ids() {
    std::set<std::string, std::less<>> out;
    for (const Row& r : db_.exec("SELECT unit_id FROM units").rows) out.insert(r.get_text(0));
    return out;
}

}  // namespace heatloop::store
