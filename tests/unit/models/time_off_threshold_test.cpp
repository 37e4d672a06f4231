#include "heatloop/models/detectors/time_off_threshold.hpp"

#include <gtest/gtest.h>

#include "heatloop/core/error.hpp"
#include "unit/models/synthetic.hpp"

using namespace heatloop;
using namespace heatloop::models;

namespace {

// A compressor that runs `on` minutes then rests `off` minutes, for `days`, then (optionally)
// stops for good at minute `stop`.
UnitFrame cycling(int on, int off, int days, long stop = -1, std::string unit = "c1") {
    UnitFrame f(std::move(unit));
    f.set_grid(0, k_minute_ms, static_cast<std::size_t>(days) * 1440);
    auto& p = f.get_or_add("compressor_power").values;
    for (std::size_t i = 0; i < p.size(); ++i) {
        const bool running = static_cast<long>(i % static_cast<std::size_t>(on + off)) < on;
        p[i] = running && (stop < 0 || static_cast<long>(i) < stop) ? 2.0 : 0.01;
    }
    return f;
}

}  // namespace

TEST(TimeOffThreshold, FindsCompletedOffPeriods) {
    UnitFrame f(std::string("u"));
    f.set_grid(0, k_minute_ms, 10);
    f.get_or_add("compressor_power").values = {0, 1, 1, 0, 0, 0, 1, k_missing, 0, 1};
    TimeOffThresholdDetector d;
    const auto periods = d.off_periods(f);
    // On at minutes 1, 2, 6, 9: off periods end at 6 (length 4 min) and 9 (3 min); 1 -> 2 is
    // one run, not a period.
    ASSERT_EQ(periods.size(), 2u);
    EXPECT_EQ(periods[0].end, 6 * k_minute_ms);
    EXPECT_EQ(periods[0].length, 4 * k_minute_ms);
    EXPECT_EQ(periods[1].length, 3 * k_minute_ms);
}

TEST(TimeOffThreshold, FleetThresholdIsFactorTimesQuantileWithAFloor) {
    TimeOffThresholdDetector d;
    d.configure({{"factor", 2.0}, {"quantile", 1.0}, {"min_threshold", "1min"}});
    d.fit(std::vector<UnitFrame>{cycling(10, 20, 2)}, {});
    // Off periods are all 21 min (from the last on minute to the next on minute).
    EXPECT_EQ(d.fleet_threshold(), 42 * k_minute_ms);
    d.configure({{"min_threshold", "90min"}});
    d.fit(std::vector<UnitFrame>{cycling(10, 20, 2)}, {});
    EXPECT_EQ(d.fleet_threshold(), 90 * k_minute_ms);
}

TEST(TimeOffThreshold, ScoreRisesAfterTheCompressorStops) {
    for (const char* mode : {"static", "dynamic"}) {
        SCOPED_TRACE(mode);
        TimeOffThresholdDetector d;
        d.configure({{"threshold_mode", mode}, {"history", "2d"}, {"dynamic_window", "24h"}});
        d.fit(std::vector<UnitFrame>{cycling(10, 20, 3)}, {});
        const long stop = 4 * 1440 + 600;
        const UnitFrame test = cycling(10, 20, 6, stop, "c2");
        const auto s = d.score(test);
        // Normal cycling: t_off never exceeds 21 min against T >= 60 min.
        EXPECT_LT(synth::max_finite(s, 0, static_cast<std::size_t>(stop)), 0.5);
        // Off for good: the score grows linearly and crosses 1 within about T.
        EXPECT_GT(s[static_cast<std::size_t>(stop) + 120], 1.0);
        EXPECT_GT(s.back(), s[static_cast<std::size_t>(stop) + 120]);
    }
}

TEST(TimeOffThreshold, StaticThresholdAdaptsToTheUnitsOwnHistory) {
    // Trained on short rests; the scored unit rests 150 min every cycle, which its own
    // history (after the first days) makes normal.
    TimeOffThresholdDetector d;
    d.configure({{"history", "2d"}, {"min_off_periods", 5}});
    d.fit(std::vector<UnitFrame>{cycling(10, 20, 2)}, {});
    const auto s = d.score(cycling(30, 150, 6, -1, "lazy"));
    EXPECT_GT(synth::max_finite(s, 0, 1440), 1.0);             // day 1: fleet T (60 min) too short
    EXPECT_LT(synth::max_finite(s, 3 * 1440, s.size()), 1.0);  // later: its own T
}

TEST(TimeOffThreshold, MissingValuesAreNotScoredAndDoNotResetTheClock) {
    TimeOffThresholdDetector d;
    d.fit(std::vector<UnitFrame>{cycling(10, 20, 2)}, {});
    UnitFrame f = cycling(10, 20, 1);
    auto& p = f.at("compressor_power");
    auto& values = const_cast<std::vector<double>&>(p.values);
    for (std::size_t i = 100; i < 400; ++i) values[i] = k_missing;
    for (std::size_t i = 400; i < 500; ++i) values[i] = 0;
    const auto s = d.score(f);
    EXPECT_TRUE(std::isnan(s[200]));
    // The last "on" before the gap was at minute 99 (cycle 90..99): t_off at 450 is 351 min.
    EXPECT_DOUBLE_EQ(s[450] * static_cast<double>(d.fleet_threshold()), 351.0 * k_minute_ms);
}
