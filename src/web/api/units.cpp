// GET /api/v1/units (fleet overview) and GET /api/v1/units/{unit_id}.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "heatloop/core/channels.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/store/label_service.hpp"
#include "heatloop/tracking/run_store.hpp"
#include "heatloop/web/api_error.hpp"
#include "web/api/api.hpp"
#include "web/app_state.hpp"
#include "web/derived_channels.hpp"
#include "web/input.hpp"
#include "web/run_views.hpp"

namespace heatloop::web::api {

namespace {

struct UnitRow {
    std::string unit_id, type;
    std::map<std::string, std::int64_t> counts{{"proposed", 0}, {"confirmed", 0}, {"rejected", 0}};
    std::optional<std::string> run_id;
    std::int64_t alarms = 0;
    bool has_tank = false;                // t_tank_mid with values: the household view applies
    std::optional<std::string> meter_id;  // its household's smart meter: the meter view applies
};

// Per unit: the newest finished run with outputs for it, and its alarm count there.
void add_latest_runs(Call& call, std::vector<UnitRow>& rows) {
    tracking::RunStore runs(call.db());
    std::map<std::string, UnitRow*> open;
    for (UnitRow& r : rows) open[r.unit_id] = &r;
    tracking::RunFilter filter;
    filter.status = tracking::RunStatus::finished;
    for (const tracking::RunInfo& info : runs.list_runs(filter)) {
        if (open.empty()) break;
        std::shared_ptr<const runner::RunOutputs> out;
        try {
            out = run_outputs(call, info);
        } catch (const ApiError& e) {
            if (e.status() != 404) throw;
            continue;  // finished without stored outputs
        }
        for (const eval::UnitData& u : out->units) {
            auto it = open.find(u.unit_id);
            if (it == open.end()) continue;
            it->second->run_id = info.id;
            it->second->alarms = static_cast<std::int64_t>(u.alarms.size());
            open.erase(it);
        }
    }
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

void list_units(Call& call) {
    const std::string q = lower(query(call, "q").value_or(""));
    const std::string sort = query(call, "sort").value_or("unit_id");
    const std::string order = query(call, "order").value_or("asc");
    if (sort != "unit_id" && sort != "type" && sort != "labels" && sort != "alarms")
        throw bad_request("sort",
                          fmt::format("sort '{}': expected unit_id, type, labels or alarms", sort));
    if (order != "asc" && order != "desc")
        throw bad_request("order", fmt::format("order '{}': expected asc or desc", order));
    std::vector<UnitRow> rows;
    std::map<std::string, std::string> meter_of;  // unit id -> meter id (the same, or linked)
    for (const std::string& m : call.workspace().meter_ids()) {
        const HouseholdInfo* h = call.workspace().find_household(m);
        meter_of[h && !h->unit_id.empty() ? h->unit_id : m] = m;
    }
    for (const UnitInfo& u : call.workspace().units()) {
        if (!q.empty() && lower(u.unit_id).find(q) == std::string::npos &&
            lower(u.type).find(q) == std::string::npos &&
            lower(u.location).find(q) == std::string::npos)
            continue;
        UnitRow row;  // keeps the zero counts of every status
        row.unit_id = u.unit_id;
        row.type = u.type;
        for (const io::ChannelSummary& c : call.workspace().unit(u.unit_id).data.channels)
            row.has_tank = row.has_tank || (c.name == "t_tank_mid" && c.present > 0);
        if (auto m = meter_of.find(u.unit_id); m != meter_of.end()) row.meter_id = m->second;
        rows.push_back(std::move(row));
    }
    std::map<std::string, UnitRow*> by_id;
    for (UnitRow& r : rows) by_id[r.unit_id] = &r;
    for (const store::Label& l : store::LabelService(call.db()).list()) {
        auto it = by_id.find(l.unit_id);
        if (it != by_id.end() && l.status != store::LabelStatus::superseded)
            ++it->second->counts[std::string(store::status_name(l.status))];
    }
    add_latest_runs(call, rows);
    auto labels = [](const UnitRow& r) {
        std::int64_t n = 0;
        for (const auto& [k, v] : r.counts) n += v;
        return n;
    };
    std::stable_sort(rows.begin(), rows.end(), [&](const UnitRow& a, const UnitRow& b) {
        if (sort == "type" && a.type != b.type) return a.type < b.type;
        if (sort == "labels" && labels(a) != labels(b)) return labels(a) < labels(b);
        if (sort == "alarms" && a.alarms != b.alarms) return a.alarms < b.alarms;
        return a.unit_id < b.unit_id;
    });
    if (order == "desc") std::reverse(rows.begin(), rows.end());
    nlohmann::json units = nlohmann::json::array();
    for (const UnitRow& r : rows)
        units.push_back(
            {{"unit_id", r.unit_id},
             {"type", r.type},
             {"label_counts", r.counts},
             {"latest_run", r.run_id ? nlohmann::json{{"run_id", *r.run_id}, {"alarms", r.alarms}}
                                     : nlohmann::json()},
             {"has_tank", r.has_tank},
             {"meter_id", r.meter_id ? nlohmann::json(*r.meter_id) : nlohmann::json()}});
    call.reply(200, {{"units", units}});
}

void get_unit(Call& call) {
    const std::string& id = call.param(0);
    const io::Workspace& ws = call.workspace();
    if (!ws.has_unit(id)) throw ApiError(404, "not_found", fmt::format("unit '{}' not found", id));
    const io::UnitEntry& entry = ws.unit(id);
    auto frame = call.app().frames.unit(ws, id);
    nlohmann::json channels = nlohmann::json::array();
    for (const Channel& c : frame->channels()) {
        auto spec = find_channel_spec(c.name);
        channels.push_back({{"name", c.name}, {"unit", spec ? std::string(spec->unit) : ""}});
    }
    nlohmann::json derived = nlohmann::json::array();
    for (const DerivedChannel& d : derived_channels())
        if (can_derive(*frame, d))
            derived.push_back({{"name", d.name}, {"description", d.description}});
    call.reply(200, {{"unit_id", id},
                     {"type", entry.info.type},
                     {"start", entry.data.start},
                     {"end", entry.data.end()},
                     {"time_zone", ws.unit_time_zone(id)},
                     {"channels", channels},
                     {"derived", derived}});
}

}  // namespace

void add_unit_routes(Router& r) {
    r.add("GET", "/api/v1/units", Access::signed_in, list_units);
    r.add("GET", "/api/v1/units/{unit_id}", Access::signed_in, get_unit);
}

}  // namespace heatloop::web::api
