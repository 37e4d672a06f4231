#include "heatloop/models/detectors/time_off_threshold.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <optional>

#include "heatloop/core/error.hpp"
#include "heatloop/core/quantile.hpp"
#include "models/series.hpp"

namespace heatloop::models {

std::span<const ParamSpec> TimeOffThresholdDetector::param_specs() {
    using T = ParamType;
    static const std::vector<ParamSpec> specs = {
        {.name = "channel",
         .type = T::string,
         .default_value = "compressor_power",
         .description = "power channel (kW) whose consumption resets t_off"},
        {"power_floor",
         T::number,
         0.05,
         0,
         100,
         {},
         "the compressor draws power when the channel is above this (kW)"},
        {.name = "threshold_mode",
         .type = T::string,
         .default_value = "static",
         .choices = {"static", "dynamic"},
         .description = "static: T recomputed each UTC day from the last `history`; "
                        "dynamic: T from a moving window, recomputed every row"},
        {"history",
         T::duration,
         "7d",
         1,
         366.0 * 86'400'000,
         {},
         "static mode: history behind T (T is recomputed at each UTC midnight)"},
        {"dynamic_window",
         T::duration,
         "72h",
         1,
         366.0 * 86'400'000,
         {},
         "dynamic mode: length of the moving window behind T"},
        {"quantile", T::number, 0.99, 0.5, 1, {}, "quantile of the off-period lengths"},
        {"factor", T::number, 1.5, 1, 100, {}, "T = factor x quantile"},
        {"min_threshold", T::duration, "60min", 1, 366.0 * 86'400'000, {}, "lower bound of T"},
        {"min_off_periods",
         T::integer,
         10,
         1,
         100000,
         {},
         "fewer completed off periods in the history: use the fleet T learned by fit"},
    };
    return specs;
}

bool TimeOffThresholdDetector::needs_rows(std::string_view) const {
    return false;  // histories are used as far as the data goes; T's floor is a time
}

TimeOffThresholdDetector::TimeOffThresholdDetector() : Detector(k_name, param_specs()) {
    configure(nullptr);
}

void TimeOffThresholdDetector::apply_params(const nlohmann::json& p) {
    channel_ = p.at("channel").get<std::string>();
    power_floor_ = p.at("power_floor").get<double>();
    dynamic_ = p.at("threshold_mode").get<std::string>() == "dynamic";
    quantile_ = p.at("quantile").get<double>();
    factor_ = p.at("factor").get<double>();
    min_off_periods_ = p.at("min_off_periods").get<int>();
    fleet_threshold_ = 0;
}

std::vector<TimeOffThresholdDetector::OffPeriod> TimeOffThresholdDetector::off_periods(
    const UnitFrame& unit) const {
    const auto& v = detail::require_channel(name(), unit, channel_);
    const auto& t = unit.time();
    std::vector<OffPeriod> out;
    std::optional<Timestamp> last_on;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (is_missing(v[i]) || v[i] <= power_floor_) continue;
        // Consecutive "on" rows are one run, not an off period of one step.
        if (last_on && t[i] - *last_on > unit.step()) out.push_back({t[i], t[i] - *last_on});
        last_on = t[i];
    }
    return out;
}

Duration TimeOffThresholdDetector::threshold_from(std::vector<double> lengths,
                                                  Duration min_threshold) const {
    const double q = quantile_inplace(lengths, quantile_);
    return static_cast<Duration>(std::max(factor_ * q, static_cast<double>(min_threshold)));
}

Duration TimeOffThresholdDetector::length(std::string_view param, Duration step) const {
    return DurationParam::parse(params().at(std::string(param)).get<std::string>()).on_grid(step);
}

void TimeOffThresholdDetector::do_fit(std::span<const UnitFrame> units, const ModelContext&) {
    std::vector<double> lengths;
    for (const auto& unit : units)
        for (const auto& p : off_periods(unit)) lengths.push_back(static_cast<double>(p.length));
    if (lengths.empty())
        throw InvalidInputError(fmt::format(
            "{}: no completed off period of {} (above {} kW, then not, then above again) in {} "
            "training unit(s), starting with {}",
            name(), channel_, power_floor_, units.size(), units.front().unit_id()));
    fleet_threshold_ = threshold_from(std::move(lengths), length("min_threshold", units[0].step()));
}

std::vector<double> TimeOffThresholdDetector::do_score(const UnitFrame& unit) const {
    const auto& v = detail::require_channel(name(), unit, channel_);
    const auto& t = unit.time();
    const std::vector<OffPeriod> periods = off_periods(unit);
    std::vector<double> out(unit.rows(), k_missing);
    const Duration min_threshold = length("min_threshold", unit.step()),
                   history = length("history", unit.step()),
                   dynamic_window = length("dynamic_window", unit.step());

    // Off periods that ended in [from, to): its threshold, or the fleet one with too few.
    auto threshold_between = [&](Timestamp from, Timestamp to) {
        std::vector<double> lengths;
        for (const auto& p : periods)
            if (p.end >= from && p.end < to) lengths.push_back(static_cast<double>(p.length));
        if (lengths.size() < static_cast<std::size_t>(min_off_periods_)) return fleet_threshold_;
        return threshold_from(std::move(lengths), min_threshold);
    };

    std::optional<Timestamp> last_on, first_seen;
    std::optional<std::int64_t> current_day;
    Duration threshold = fleet_threshold_;
    std::size_t window_begin = 0, window_end = 0;  // dynamic mode: periods in the window
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (dynamic_) {
            // The window (t - W, t] changes only when a period enters or leaves it.
            const Timestamp from = t[i] - dynamic_window;
            std::size_t b = window_begin, e = window_end;
            while (e < periods.size() && periods[e].end <= t[i]) ++e;
            while (b < e && periods[b].end <= from) ++b;
            if (b != window_begin || e != window_end || i == 0)
                threshold = threshold_between(from + 1, t[i] + 1);
            window_begin = b;
            window_end = e;
        } else {
            const std::int64_t day = t[i] >= 0 ? t[i] / k_day_ms : (t[i] - k_day_ms + 1) / k_day_ms;
            if (day != current_day) {
                current_day = day;
                threshold = threshold_between(day * k_day_ms - history, day * k_day_ms);
            }
        }
        if (is_missing(v[i])) continue;  // unknown now; t_off keeps counting from the last "on"
        if (!first_seen) first_seen = t[i];
        if (v[i] > power_floor_) last_on = t[i];
        const Duration t_off = t[i] - last_on.value_or(*first_seen);
        out[i] = static_cast<double>(t_off) / static_cast<double>(threshold);
    }
    return out;
}

nlohmann::json TimeOffThresholdDetector::save_state() const {
    return {{"fleet_threshold_ms", fleet_threshold_}};
}

void TimeOffThresholdDetector::load_state(const nlohmann::json& state) {
    fleet_threshold_ = state.at("fleet_threshold_ms").get<Duration>();
    if (fleet_threshold_ <= 0)
        throw InvalidInputError(fmt::format(
            "{} model document: fleet_threshold_ms must be > 0, got {}", name(), fleet_threshold_));
}

}  // namespace heatloop::models
