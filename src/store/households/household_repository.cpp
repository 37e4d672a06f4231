#include "store/households/household_repository.hpp"

#include <nlohmann/json.hpp>

namespace heatloop::store {

namespace {

constexpr std::string_view k_select =
    "SELECT household_id, has_heat_pump, heat_pump_type, unit_id, location, extra_json "
    "FROM households";

HouseholdInfo from_row(const Row& r) {
    HouseholdInfo h;
    h.household_id = r.get_text(0);
    if (!r.is_null(1)) h.has_heat_pump = r.get_int(1) != 0;
    h.heat_pump_type = r.get_text(2);
    h.unit_id = r.get_text(3);  // "" for NULL
    h.location = r.get_text(4);
    auto extra = nlohmann::json::parse(r.get_text(5), nullptr, false);
    if (extra.is_object())
        for (auto& [k, v] : extra.items())
            if (v.is_string()) h.extra[k] = v.get<std::string>();
    return h;
}

}  // namespace

void HouseholdRepository::upsert(std::span<const HouseholdInfo> households, Timestamp now) {
    for (const HouseholdInfo& h : households) {
        const nlohmann::json extra(h.extra);
        const Value has_hp = h.has_heat_pump ? Value(*h.has_heat_pump ? 1 : 0) : Value();
        const Value unit = h.unit_id.empty() ? Value() : Value(h.unit_id);
        db_.exec(
            "INSERT INTO households (household_id, has_heat_pump, heat_pump_type, unit_id, "
            "location, extra_json, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (household_id) DO UPDATE SET has_heat_pump = excluded.has_heat_pump, "
            "heat_pump_type = excluded.heat_pump_type, unit_id = excluded.unit_id, "
            "location = excluded.location, extra_json = excluded.extra_json, "
            "updated_at = excluded.updated_at",
            {h.household_id, has_hp, h.heat_pump_type, unit, h.location, extra.dump(), now});
    }
}

std::vector<HouseholdInfo> HouseholdRepository::list() {
    std::vector<HouseholdInfo> out;
    for (const Row& r : db_.exec(std::string(k_select) + " ORDER BY household_id").rows)
        out.push_back(from_row(r));
    return out;
}

std::optional<HouseholdInfo> HouseholdRepository::find(std::string_view household_id) {
    const auto result = db_.exec(std::string(k_select) + " WHERE household_id = ?", {household_id});
    if (result.empty()) return std::nullopt;
    return from_row(result.rows.front());
}

}  // namespace heatloop::store
