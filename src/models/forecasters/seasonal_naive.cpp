#include "heatloop/models/forecasters/seasonal_naive.hpp"

#include <fmt/format.h>

#include <cmath>
#include <vector>

#include "heatloop/core/error.hpp"
#include "models/series.hpp"

namespace heatloop::models {

std::span<const ParamSpec> SeasonalNaiveForecaster::param_specs() {
    using T = ParamType;
    static const std::vector<ParamSpec> specs = {
        {.name = "target",
         .type = T::string,
         .default_value = "t_tank_mid",
         .description = "the channel to forecast"},
        {"season",
         T::duration,
         "1d",
         1,
         366.0 * 86'400'000,
         {},
         "season length m (\"1d\" daily, \"7d\" weekly, \"1 step\" = persistence)"},
        {"horizon", T::integer, 1, 1, 10080, {}, "steps ahead forecast (direct, 1..horizon)"},
    };
    return specs;
}

SeasonalNaiveForecaster::SeasonalNaiveForecaster() : Forecaster(k_name, param_specs()) {
    configure(nullptr);
}

void SeasonalNaiveForecaster::apply_params(const nlohmann::json& p) {
    target_ = p.at("target").get<std::string>();
    horizon_ = p.at("horizon").get<std::size_t>();
}

void SeasonalNaiveForecaster::do_fit(std::span<const UnitFrame> units, const ModelContext&) {
    // Nothing to learn; the training units must hold a present target value.
    for (const UnitFrame& u : units) {
        const auto& y = detail::require_channel(name(), u, target_);
        bool any = false;
        for (double v : y) any = any || !std::isnan(v);
        if (!any)
            throw InvalidInputError(fmt::format("{}: training unit {} has no value of {}", name(),
                                                u.unit_id(), target_));
    }
}

Forecast SeasonalNaiveForecaster::do_predict(const UnitFrame& unit) const {
    const auto& y = unit.at(target_).values;
    const std::size_t n = unit.rows(), m = duration_rows("season", unit);
    Forecast f;
    f.by_step.assign(horizon_, std::vector<double>(n, k_missing));
    for (std::size_t h = 1; h <= horizon_; ++h) {
        // The latest value of the same phase of the season at or before the issue time i - h.
        const std::size_t back = m * ((h - 1) / m + 1);
        auto& out = f.by_step[h - 1];
        for (std::size_t i = back; i < n; ++i) out[i] = y[i - back];
    }
    return f;
}

nlohmann::json SeasonalNaiveForecaster::save_state() const {
    // No learned values: the state records what the document was fitted for.
    return {{"target", target_}};
}

void SeasonalNaiveForecaster::load_state(const nlohmann::json& state) {
    if (!state.is_object() || state.value("target", std::string()) != target_)
        throw InvalidInputError(
            fmt::format("{} model document: state.target must name the target parameter ({})",
                        name(), target_));
}

}  // namespace heatloop::models
