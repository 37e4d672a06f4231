#include "heatloop/hotwater/shower_events.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <span>

#include "heatloop/alarms/events.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/models/detectors/shower_iforest.hpp"
#include "heatloop/runner/example_configs.hpp"
#include "heatloop/runner/run_config.hpp"

namespace heatloop::hotwater {

namespace {

constexpr std::string_view k_config = "shower_iforest";

// The default config, parsed once: the one place its settings live is the TOML file.
const runner::RunConfig& default_config() {
    static const runner::RunConfig config = runner::parse_run_config(
        runner::example_config(k_config), fmt::format("configs/{}.toml", k_config));
    return config;
}

}  // namespace

std::vector<DemandEvent> detect_showers(const UnitFrame& unit, const nlohmann::json& params) {
    if (!params.is_null() && !params.is_object())
        throw InvalidInputError(
            fmt::format("detect_showers: params must be an object, got {}", params.dump()));
    const runner::RunConfig& config = default_config();
    nlohmann::json model_params = config.params;
    nlohmann::json policy_json = alarms::to_json(config.alarms);
    std::uint64_t seed = config.seed;
    if (params.is_object())
        for (const auto& [key, value] : params.items()) {
            if (key == "alarms") {
                if (!value.is_object())
                    throw InvalidInputError(fmt::format(
                        "detect_showers: alarms must be an object, got {}", value.dump()));
                policy_json.merge_patch(value);
            } else if (key == "seed") {
                if (!value.is_number_integer() || value.get<std::int64_t>() < 0)
                    throw InvalidInputError(
                        fmt::format("detect_showers: seed must be a non-negative integer, got {}",
                                    value.dump()));
                seed = value.get<std::uint64_t>();
            } else {
                model_params[key] = value;
            }
        }
    const alarms::AlarmPolicy policy = alarms::policy_from_json(policy_json);
    models::ShowerIForestDetector detector;
    detector.configure(model_params);
    detector.fit(std::span<const UnitFrame>(&unit, 1), models::ModelContext{seed, 1});
    const std::vector<double> score = detector.score(unit);
    const std::vector<double> drop = detector.longest_drop(unit);

    // Unsupervised, as the run with split "none": the threshold comes from the unit's own
    // scores, which are also the ones turned into alarms.
    const alarms::ScoreSeries series{unit.time(), score, unit.step()};
    const auto alarms = alarms::apply_policy(unit.unit_id(), series, score, policy);
    std::vector<DemandEvent> events;
    events.reserve(alarms.size());
    for (const alarms::AlarmEvent& a : alarms) {
        const std::size_t begin = unit.lower_bound(a.start), end = unit.lower_bound(a.end);
        double size = std::nan("");
        for (std::size_t i = begin; i < end; ++i)
            if (std::isfinite(drop[i]) && !(drop[i] <= size)) size = drop[i];
        events.push_back({a.start, size});
    }
    std::sort(events.begin(), events.end(),
              [](const DemandEvent& x, const DemandEvent& y) { return x.start < y.start; });
    return events;
}

}  // namespace heatloop::hotwater
