#pragma once
/// time_off_threshold: the thesis's threshold algorithm. t_off = time since the compressor
/// last drew power (> power_floor); score = t_off / T. T is static (recomputed each UTC day
/// from the unit's off periods over the last `history`) or dynamic (from the off periods in
/// a moving window), factor x a high quantile of those off periods, never below
/// min_threshold; fit learns the fleet threshold used while a unit has too little
/// history of its own.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/models/detector.hpp"

namespace heatloop::models {

/// Time-since-last-consumption detector.
class TimeOffThresholdDetector final : public Detector {
public:
    static constexpr std::string_view k_name = "time_off_threshold";
    static constexpr std::string_view k_summary =
        "time since the compressor last drew power, over a static (daily) or dynamic threshold";
    /// The parameter table.
    static std::span<const ParamSpec> param_specs();

    TimeOffThresholdDetector();

    /// The fleet threshold T learned by fit (ms).
    Duration fleet_threshold() const noexcept { return fleet_threshold_; }

    /// One completed off period: it ended (the compressor drew power again) at `end`.
    struct OffPeriod {
        Timestamp end = 0;
        Duration length = 0;
    };
    /// The completed off periods of a unit (longer than one grid step).
    std::vector<OffPeriod> off_periods(const UnitFrame& unit) const;

protected:
    bool needs_rows(std::string_view name) const override;
    void apply_params(const nlohmann::json& params) override;
    void do_fit(std::span<const UnitFrame> units, const ModelContext& ctx) override;
    std::vector<double> do_score(const UnitFrame& unit) const override;
    nlohmann::json save_state() const override;
    void load_state(const nlohmann::json& state) override;

private:
    Duration threshold_from(std::vector<double> lengths, Duration min_threshold) const;
    // A duration parameter's length on a grid of `step`.
    Duration length(std::string_view param, Duration step) const;

    std::string channel_;
    double power_floor_ = 0.05;
    bool dynamic_ = false;
    double quantile_ = 0.99;
    double factor_ = 1.5;
    int min_off_periods_ = 10;
    Duration fleet_threshold_ = 0;
};

}  // namespace heatloop::models
