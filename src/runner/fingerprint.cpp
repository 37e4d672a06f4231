#include "runner/fingerprint.hpp"

#include <nlohmann/json.hpp>

#include "heatloop/core/sha256.hpp"

namespace heatloop::runner {

namespace {

nlohmann::json describe(const io::SeriesSummary& s) {
    return {s.file, s.start, s.step, s.rows};
}

}  // namespace

std::string dataset_fingerprint(const io::Workspace& ws, const std::vector<std::string>& unit_ids) {
    nlohmann::json j = {{"step", ws.step()}, {"units", nlohmann::json::array()}};
    for (const std::string& id : unit_ids) {
        nlohmann::json u = {id, describe(ws.unit(id).data)};
        if (auto loc = ws.weather_location_for(id))
            u.push_back({*loc, describe(ws.manifest().weather.at(*loc))});
        j["units"].push_back(std::move(u));
    }
    return "sha256:" + sha256_hex(j.dump());
}

}  // namespace heatloop::runner
