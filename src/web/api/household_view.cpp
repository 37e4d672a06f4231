#include "web/api/household_view.hpp"

#include <fmt/format.h>

#include <cmath>

#include "heatloop/core/error.hpp"
#include "heatloop/io/frame_file.hpp"
#include "heatloop/runner/run_outputs.hpp"
#include "web/series_json.hpp"

namespace heatloop::web {

namespace {

nlohmann::json number(double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json();
}

nlohmann::json min_max(const UnitFrame& f, const std::string& channel, const BucketGrid& grid) {
    const std::size_t begin = f.lower_bound(grid.start), end = f.lower_bound(grid.end);
    std::span<const Timestamp> t(f.time().data() + begin, end - begin);
    const MinMaxSeries s =
        downsample_min_max(t, std::span(f.at(channel).values.data() + begin, end - begin), grid);
    return {{"min", optional_values(s.min)}, {"max", optional_values(s.max)}};
}

}  // namespace

nlohmann::json events_json(const std::vector<hotwater::ShowerEvent>& events, Timestamp start,
                           Timestamp end) {
    nlohmann::json out = nlohmann::json::array();
    for (const hotwater::ShowerEvent& e : events) {
        if (e.end <= start || e.start >= end) continue;
        nlohmann::json j = {
            {"start", e.start}, {"end", e.end}, {"status", e.status}, {"size", number(e.size)}};
        if (e.label_id != 0) j["label_id"] = e.label_id;
        out.push_back(std::move(j));
    }
    return out;
}

std::optional<TankForecast> latest_tank_forecast(std::span<const tracking::RunInfo> runs,
                                                 const std::filesystem::path& artifacts_dir,
                                                 const std::string& unit_id) {
    for (const tracking::RunInfo& run : runs) {
        const std::filesystem::path dir = artifacts_dir / run.id;
        std::error_code ec;
        if (!std::filesystem::is_regular_file(dir / "summary.json", ec)) continue;
        const nlohmann::json summary = runner::read_json(dir / "summary.json");
        if (summary.value("kind", "") != "forecaster" ||
            summary.value("target", "") != hotwater::k_tank_channel)
            continue;
        const auto units = summary.find("units");
        if (units == summary.end() || !units->is_array()) continue;
        for (const nlohmann::json& u : *units) {
            if (u.value("unit_id", "") != unit_id || !u.contains("file")) continue;
            TankForecast f;
            f.run_id = run.id;
            f.run_name = run.name;
            f.model = summary.value("model", "");
            f.target = summary.value("target", "");
            f.horizon = summary.value("horizon", std::size_t{0});
            f.frame = io::read_frame_file(dir / u.at("file").get<std::string>());
            if (!f.frame.find("actual") || !f.frame.find("forecast_h1"))
                throw InvalidInputError(
                    fmt::format("run {}: {} has no actual or forecast_h1 channel", run.id,
                                u.at("file").get<std::string>()));
            return f;
        }
    }
    return std::nullopt;
}

nlohmann::json forecast_json(const TankForecast& f, const BucketGrid& grid) {
    return {{"run_id", f.run_id},
            {"run_name", f.run_name},
            {"model", f.model},
            {"target", f.target},
            {"horizon", f.horizon},
            {"start", grid.start},
            {"end", grid.end},
            {"bucket_ms", grid.bucket_ms},
            {"t", bucket_times(grid)},
            {"actual", min_max(f.frame, "actual", grid)},
            {"forecast", min_max(f.frame, "forecast_h1", grid)}};
}

}  // namespace heatloop::web
