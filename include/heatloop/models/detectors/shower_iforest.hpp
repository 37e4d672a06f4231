#pragma once
/// shower_iforest: shower events as anomalous drops of the middle tank temperature (the
/// hot-water paper's iForest, section 5.1.5). Per row: the drop of t_tank_mid over several
/// lags (rises clipped to 0, so heating is normal), its acceleration, the minutes it fell
/// fast, and the drop of t_tank_top; an isolation forest on these scores a sudden large drop high.
/// Lags are durations rounded to the unit's grid (at least one step), so one config fits 1-s to 1-h
/// data.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/models/detector.hpp"
#include "heatloop/models/detectors/iforest_core.hpp"

namespace heatloop::models {

/// Isolation forest on t_tank_mid drop features.
class ShowerIForestDetector final : public Detector {
public:
    static constexpr std::string_view k_name = "shower_iforest";
    static constexpr std::string_view k_summary =
        "shower events: isolation forest on drops of the middle tank temperature (hot-water "
        "paper)";
    /// The parameter table.
    static std::span<const ParamSpec> param_specs();

    ShowerIForestDetector();

    /// Feature names in matrix column order ("mid_drop.5min", ..., "mid_accel",
    /// "fall_minutes", "top_drop").
    std::vector<std::string> feature_names() const;
    /// The feature matrix of a unit: rows() x feature_names().size(), row-major; NaN where a
    /// needed value is missing. Throws InvalidInputError for a missing channel or a unit
    /// without a regular grid.
    std::vector<double> features(const UnitFrame& unit) const;
    /// The drop of the middle channel over the longest lag ending at each row (K, clipped at
    /// 0; NaN where unknown): the size of a detected event.
    std::vector<double> longest_drop(const UnitFrame& unit) const;

protected:
    void apply_params(const nlohmann::json& params) override;
    void do_fit(std::span<const UnitFrame> units, const ModelContext& ctx) override;
    std::vector<double> do_score(const UnitFrame& unit) const override;
    nlohmann::json save_state() const override;
    void load_state(const nlohmann::json& state) override;

private:
    // Each lag in rows of `unit`'s grid (>= 1), in the order of lags_.
    std::vector<std::size_t> lag_rows(const UnitFrame& unit) const;

    IForestOptions options_;
    std::string mid_channel_, top_channel_;
    std::vector<std::string> lags_;
    bool accel_ = true;
    double fall_rate_ = 0.2;
    int fit_stride_ = 1;
    IsolationForest forest_;
};

}  // namespace heatloop::models
