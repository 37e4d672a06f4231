#include "runner/fingerprint.hpp"

#include <nlohmann/json.hpp>

#include "heatloop/core/sha256.hpp"

namespace heatloop::runner {

namespace {

nlohmann::json describe(const io::SeriesSummary& s) {
    return {s.file, s.start, s.step, s.rows};
}

}  // namespace

std::string dataset_fingerprint(const io::Workspace& ws, const std::vector<std::string>& unit_ids,
                                bool meters) {
    nlohmann::json j = {{"step", ws.step()}, {"units", nlohmann::json::array()}};
    if (meters) j["meters"] = true;
    for (const std::string& id : unit_ids) {
        if (meters) {  // a household's meter series and the weather kept under its id
            nlohmann::json u = {id, describe(ws.manifest().meters.at(id))};
            if (auto w = ws.manifest().weather.find(id); w != ws.manifest().weather.end())
                u.push_back({id, describe(w->second)});
            if (const HouseholdInfo* h = ws.find_household(id); h && !h->location.empty())
                if (auto w = ws.manifest().weather.find(h->location);
                    w != ws.manifest().weather.end())
                    u.push_back({h->location, describe(w->second)});
            j["units"].push_back(std::move(u));
            continue;
        }
        nlohmann::json u = {id, describe(ws.unit(id).data)};
        if (auto loc = ws.weather_location_for(id))
            u.push_back({*loc, describe(ws.manifest().weather.at(*loc))});
        j["units"].push_back(std::move(u));
    }
    return "sha256:" + sha256_hex(j.dump());
}

}  // namespace heatloop::runner
