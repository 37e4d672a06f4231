#include "heatloop/runner/forecast_screen.hpp"

#include <fmt/format.h>

#include <cmath>

#include "heatloop/core/error.hpp"
#include "heatloop/core/param.hpp"
#include "heatloop/io/workspace.hpp"
#include "heatloop/models/lag_features.hpp"

namespace heatloop::runner {

namespace {

constexpr std::string_view k_owner = "forecast screen";

/// The unit's features and target rows, appended to x and y.
void add_unit(const io::Workspace& ws, const ScreenOptions& options, const std::string& unit,
              std::vector<std::string>& names, std::vector<double>& x, std::vector<double>& y,
              std::string& zone) {
    nlohmann::json params =
        options.features.is_null() ? nlohmann::json::object() : options.features;
    if (!params.contains("time_zone")) params["time_zone"] = ws.unit_time_zone(unit);
    params = resolve_params(k_owner, models::lag_feature_param_specs(), params);
    const auto spec = models::LagFeatureSpec::from_params(k_owner, params);
    zone = spec.time_zone;

    UnitFrame frame = ws.load_unit(unit);
    if (options.from || options.to) {
        const Timestamp from = options.from.value_or(std::numeric_limits<Timestamp>::min());
        const Timestamp to = options.to.value_or(std::numeric_limits<Timestamp>::max());
        frame = frame.slice_time(from, to);
    }
    const Channel* target = frame.find(options.target);
    if (!target || count_present(target->values) == 0)
        throw InvalidInputError(fmt::format("{}: unit {} has no value of the target {}", k_owner,
                                            unit, options.target));
    const auto m = models::lag_features(k_owner, frame, spec, options.horizon);
    for (std::size_t c = 0; c < m.names.size(); ++c) {
        bool any = false;
        for (std::size_t i = 0; i < m.rows && !any; ++i) any = !std::isnan(m.at(i, c));
        if (!any)
            throw InvalidInputError(fmt::format(
                "{}: unit {}: feature {} is missing in every row (is its channel empty?)", k_owner,
                unit, m.names[c]));
    }
    if (names.empty()) names = m.names;
    x.insert(x.end(), m.values.begin(), m.values.end());
    y.insert(y.end(), target->values.begin(), target->values.end());
}

nlohmann::json number(double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nullptr;
}

}  // namespace

std::vector<UnitScreen> forecast_screen(const io::Workspace& ws, const ScreenOptions& options) {
    if (options.horizon < 1)
        throw InvalidInputError(fmt::format("{}: --horizon must be at least 1", k_owner));
    std::vector<std::string> units = options.units;
    if (units.empty())
        for (const std::string& id : ws.unit_ids())
            if (ws.unit(id).data.rows > 0) units.push_back(id);
    if (units.empty())
        throw InvalidInputError(fmt::format("{}: workspace {} has no unit with sensor data",
                                            k_owner, ws.root().string()));
    std::vector<UnitScreen> out;
    std::vector<std::string> names;
    std::vector<double> x, y;
    std::string zone;
    for (const std::string& unit : units) {
        if (!options.pooled) {
            names.clear(), x.clear(), y.clear();
        }
        add_unit(ws, options, unit, names, x, y, zone);
        if (!options.pooled) out.push_back({unit, zone, eval::ols(x, names, y)});
    }
    if (options.pooled) out.push_back({"pooled", zone, eval::ols(x, names, y)});
    return out;
}

nlohmann::json screen_json(const ScreenOptions& options, const std::vector<UnitScreen>& result) {
    nlohmann::json units = nlohmann::json::array();
    for (const UnitScreen& u : result) {
        nlohmann::json coefficients = nlohmann::json::array();
        for (const auto& c : u.ols.coefficients)
            coefficients.push_back({{"name", c.name},
                                    {"estimate", number(c.estimate)},
                                    {"std_error", number(c.std_error)},
                                    {"t", number(c.t)},
                                    {"p_value", number(c.p_value)}});
        units.push_back({{"unit", u.unit},
                         {"time_zone", u.time_zone},
                         {"observations", u.ols.observations},
                         {"skipped_rows", u.ols.skipped_rows},
                         {"r2", number(u.ols.r2)},
                         {"adj_r2", number(u.ols.adj_r2)},
                         {"f_statistic", number(u.ols.f_statistic)},
                         {"f_p_value", number(u.ols.f_p_value)},
                         {"residual_std", number(u.ols.residual_std)},
                         {"dropped", u.ols.dropped},
                         {"coefficients", std::move(coefficients)}});
    }
    return {{"target", options.target}, {"horizon", options.horizon}, {"units", std::move(units)}};
}

}  // namespace heatloop::runner
