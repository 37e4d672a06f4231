#pragma once
/// `heatloop forecast screen`: the hot-water paper's feature selection step as a report. For
/// each unit (household), the forecasting features of models/lag_features.hpp are built for
/// a target and horizon and regressed on the target by OLS; coefficients, standard errors and
/// p-values say which candidate features carry information.

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "heatloop/core/time.hpp"
#include "heatloop/eval/ols.hpp"

namespace heatloop::io {
class Workspace;
}

namespace heatloop::runner {

struct ScreenOptions {
    std::vector<std::string> units;  ///< empty: every unit with sensor data
    std::string target = "t_tank_mid";
    std::size_t horizon = 1;  ///< steps ahead (>= 1)
    /// Feature parameters (lag_channels, lags, current, calendar, time_zone; see
    /// lag_feature_param_specs); null or missing keys take the defaults. Without time_zone,
    /// a unit's `time_zone` metadata column is used, else UTC.
    nlohmann::json features = nlohmann::json::object();
    std::optional<Timestamp> from, to;  ///< [from, to) of the unit's rows
    bool pooled = false;                ///< one regression over all units together
};

struct UnitScreen {
    std::string unit;  ///< the unit id, or "pooled"
    std::string time_zone;
    eval::OlsResult ols;
};

/// Throws InvalidInputError (bad options or features, a unit whose target or a feature channel
/// is missing or all missing) and NotFoundError (unknown unit).
std::vector<UnitScreen> forecast_screen(const io::Workspace& ws, const ScreenOptions& options);

/// {"target", "horizon", "units": [{unit, time_zone, observations, skipped_rows, r2, adj_r2,
/// f_statistic, f_p_value, residual_std, dropped, coefficients: [{name, estimate, std_error,
/// t, p_value}]}]}; non-finite numbers as null.
nlohmann::json screen_json(const ScreenOptions& options, const std::vector<UnitScreen>& result);

}  // namespace heatloop::runner
