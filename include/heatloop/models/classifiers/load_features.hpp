#pragma once
/// Load-shape and weather-response features of a household's meter series per calendar
/// month (UTC), the inputs of heat-pump detection (docs/models.md "Load features"): a heat
/// pump makes the load rise on cold days and at night, cycle every 15-60 min, and be much
/// higher in winter than in summer.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "heatloop/core/frame.hpp"
#include "heatloop/models/param.hpp"

namespace heatloop::models {

/// Where the features come from.
struct LoadFeatureOptions {
    std::string load_channel = "load";              ///< household load (kW or kWh per interval)
    std::string temperature_channel = "t_outdoor";  ///< outdoor temperature (degC); optional
    double min_coverage = 0.5;       ///< share of a month's rows with a load, else not classified
    double base_temperature = 15.5;  ///< heating-degree-day base (degC)
    /// From a resolved parameter object holding load_feature_param_specs().
    static LoadFeatureOptions from_params(const nlohmann::json& params);
};

/// The parameters every load-feature classifier declares (load_channel, temperature_channel,
/// min_coverage, base_temperature).
std::span<const ParamSpec> load_feature_param_specs();

/// One calendar month [start, end) of a unit: its rows and, when covered, its features.
struct LoadPeriod {
    Timestamp start = 0, end = 0;
    std::size_t begin = 0, stop = 0;  ///< rows [begin, stop) of the frame
    bool usable = false;              ///< coverage >= min_coverage
    std::vector<double> features;     ///< load_feature_names() order; NaN where undefined
};

/// The feature names, in the order of LoadPeriod::features.
std::span<const std::string_view> load_feature_names() noexcept;

/// The calendar months (UTC) the frame's rows touch, each with its features. Throws
/// InvalidInputError naming the unit when it has no `load_channel`.
std::vector<LoadPeriod> monthly_load_features(const UnitFrame& unit,
                                              const LoadFeatureOptions& options);

/// The building blocks, exposed for tests.
namespace load_features {
/// Least-squares slope of y on x over pairs where both are present (NaN: fewer than 3 pairs
/// or no spread in x).
double slope(std::span<const double> x, std::span<const double> y);
/// Pearson correlation over present pairs (NaN: fewer than 3 pairs or no spread).
double correlation(std::span<const double> x, std::span<const double> y);
/// The largest autocorrelation of the first differences of `v` over lags [lo, hi] (rows);
/// missing values are skipped pairwise. NaN when no lag has 10 pairs.
double difference_acf_peak(std::span<const double> v, std::size_t lo, std::size_t hi);
}  // namespace load_features

}  // namespace heatloop::models
