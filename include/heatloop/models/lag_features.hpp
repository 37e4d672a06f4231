#pragma once
// The forecasting features of the hot-water paper (Rahal et al.), declared once for every
// forecaster: lagged values of channels (t_tank_mid and t_tank_top 10, 20, 30, 90 min back),
// current values at the issue time (t_tank_top), and calendar features of the forecast time
// in the unit's local time zone (week of year). A forecaster appends lag_feature_param_specs()
// to its own table and builds a LagFeatureSpec from its resolved params.

#include <nlohmann/json.hpp>

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/core/frame.hpp"
#include "heatloop/core/param.hpp"

namespace heatloop::models {

/// Calendar features of the forecast time, in local time.
enum class CalendarFeature {
    hour,          ///< 0..23
    hour_sin,      ///< sin(2 pi (hour + minute/60) / 24)
    hour_cos,      ///< cos(...)
    weekday,       ///< 0 = Monday .. 6 = Sunday
    weekend,       ///< 1 on Saturday and Sunday
    week_of_year,  ///< ISO 8601 week, 1..53
    month,         ///< 1..12
    day_of_year,   ///< 1..366
};
std::string_view calendar_feature_name(CalendarFeature f);

/// The shared parameters: lag_channels, lags, current, calendar, time_zone.
std::span<const ParamSpec> lag_feature_param_specs();

struct LagFeatureSpec {
    std::vector<std::string> lag_channels;
    std::vector<std::string> lags;  ///< durations as given ("10min", "3 steps")
    std::vector<std::string> current;
    std::vector<CalendarFeature> calendar;
    std::string time_zone = "UTC";  ///< IANA name, or "Etc/GMT+8" for standard time

    /// From params resolved against a table that includes lag_feature_param_specs(); throws
    /// InvalidInputError (naming `model`) for a lag that is not a duration or an unknown zone.
    static LagFeatureSpec from_params(std::string_view model, const nlohmann::json& params);
};

/// A row-major feature matrix: rows x names.size() values, NaN where an input was missing.
struct FeatureMatrix {
    std::vector<std::string> names;
    std::size_t rows = 0;
    std::vector<double> values;
    double at(std::size_t row, std::size_t col) const { return values[row * names.size() + col]; }
};

/// The features for forecasting row i from issue time i - horizon_rows: lag channel c at lag
/// L is c[i - horizon_rows - L], a current channel is c[i - horizon_rows], a calendar feature
/// describes time(i) in the zone. Rows whose inputs lie before the first row are NaN. Throws
/// InvalidInputError naming `model`, the unit and the channel for a missing channel or a lag
/// that is not a whole number of grid steps.
FeatureMatrix lag_features(std::string_view model, const UnitFrame& unit,
                           const LagFeatureSpec& spec, std::size_t horizon_rows);

/// Refuses training units whose feature sensors are broken (a silently poor forecast
/// otherwise): throws InvalidInputError naming `model`, the unit and the channel when a unit
/// lacks `target` or a lag/current channel, or when such a channel has no value or is stuck
/// at one value.
void require_live_features(std::string_view model, std::span<const UnitFrame> units,
                           const LagFeatureSpec& spec, const std::string& target);

}  // namespace heatloop::models
