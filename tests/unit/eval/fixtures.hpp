#pragma once
// Shared small cases for the eval tests.

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "heatloop/eval/inputs.hpp"

namespace heatloop::eval::testing {

inline constexpr Duration h = k_hour_ms;
inline constexpr Duration m10 = 10 * k_minute_ms;
inline const Timestamp t0 = parse_utc("2024-01-15");

/// A unit on a 10-minute grid of `hours` hours from t0, every score 0.
inline UnitData grid_unit(const std::string& id, int hours) {
    UnitData u;
    u.unit_id = id;
    u.step = m10;
    for (int i = 0; i < hours * 6; ++i) {
        u.time.push_back(t0 + i * m10);
        u.scores.push_back(0.0);
    }
    return u;
}

inline alarms::AlarmEvent alarm(const std::string& unit, Duration s, Duration e) {
    return {unit, t0 + s, t0 + e, 1.0, t0 + s};
}

inline EvalLabel label(const std::string& unit, Duration s, Duration e, std::string category,
                       double confidence = 1.0, LabelState state = LabelState::confirmed) {
    return {unit, t0 + s, t0 + e, std::move(category), confidence, state};
}

/// Sets the scores of samples in [t0 + s, t0 + e) to `v`.
inline void set_scores(UnitData& u, Duration s, Duration e, double v) {
    for (std::size_t i = 0; i < u.time.size(); ++i)
        if (u.time[i] >= t0 + s && u.time[i] < t0 + e) u.scores[i] = v;
}

}  // namespace heatloop::eval::testing
