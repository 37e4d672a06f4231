#include "heatloop/models/lag_features.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "heatloop/core/error.hpp"
#include "heatloop/core/time.hpp"

namespace heatloop::models {
namespace {

constexpr Duration k_min = 60'000;

UnitFrame tank(Timestamp start, std::size_t rows) {
    UnitFrame u("hh1");
    u.set_grid(start, 10 * k_min, rows);
    auto& mid = u.get_or_add("t_tank_mid").values;
    for (std::size_t i = 0; i < rows; ++i) mid[i] = static_cast<double>(i);
    auto& top = u.get_or_add("t_tank_top").values;
    for (std::size_t i = 0; i < rows; ++i) top[i] = 100.0 + static_cast<double>(i);
    return u;
}

LagFeatureSpec spec_of(nlohmann::json params) {
    return LagFeatureSpec::from_params("test",
                                       resolve_params("test", lag_feature_param_specs(), params));
}

TEST(LagFeatures, PaperDefaultsReadLagsBeforeTheIssueTime) {
    const UnitFrame u = tank(parse_utc("2024-03-04T00:00:00Z"), 40);
    const auto spec = spec_of(nullptr);
    const auto m = lag_features("test", u, spec, 2);  // 2 steps (20 min) ahead
    ASSERT_EQ(m.names,
              (std::vector<std::string>{
                  "t_tank_mid_lag_10min", "t_tank_mid_lag_20min", "t_tank_mid_lag_30min",
                  "t_tank_mid_lag_90min", "t_tank_top_lag_10min", "t_tank_top_lag_20min",
                  "t_tank_top_lag_30min", "t_tank_top_lag_90min", "t_tank_top", "week_of_year"}));
    ASSERT_EQ(m.rows, 40u);
    // Row 20 is forecast from row 18: a 10-min lag is row 17, 90 min is row 9.
    EXPECT_EQ(m.at(20, 0), 17.0);
    EXPECT_EQ(m.at(20, 3), 9.0);
    EXPECT_EQ(m.at(20, 4), 117.0);
    EXPECT_EQ(m.at(20, 8), 118.0);         // current t_tank_top at the issue time
    EXPECT_EQ(m.at(20, 9), 10.0);          // 2024-03-04 is in ISO week 10
    EXPECT_TRUE(std::isnan(m.at(10, 3)));  // 90 min + 20 min before row 10 is before the data
    EXPECT_FALSE(std::isnan(m.at(11, 3)));
}

TEST(LagFeatures, CalendarIsLocalTime) {
    // 2024-03-31 00:30 UTC is 01:30 in Zurich before the DST switch, 03:30 an hour later.
    UnitFrame u = tank(parse_utc("2024-03-30T22:30:00Z"), 24);
    auto spec = spec_of({{"lag_channels", nlohmann::json::array()},
                         {"current", nlohmann::json::array()},
                         {"calendar", {"hour", "weekday", "weekend", "day_of_year"}},
                         {"time_zone", "Europe/Zurich"}});
    auto m = lag_features("test", u, spec, 1);
    ASSERT_EQ(m.names.size(), 4u);
    EXPECT_EQ(m.at(12, 0), 1.0);  // 00:30 UTC -> 01:30 CET
    EXPECT_EQ(m.at(18, 0), 3.0);  // 01:30 UTC -> 03:30 CEST
    EXPECT_EQ(m.at(12, 1), 6.0);  // Sunday
    EXPECT_EQ(m.at(12, 2), 1.0);
    EXPECT_EQ(m.at(0, 3), 90.0);  // 2024-03-30 23:30 local, a leap year: day 90
    // Standard time all year, 8 h behind UTC (loggers without daylight saving).
    spec.time_zone = "Etc/GMT+8";
    m = lag_features("test", u, spec, 1);
    EXPECT_EQ(m.at(12, 0), 16.0);  // 00:30 UTC -> 16:30 the day before
    EXPECT_EQ(m.at(12, 1), 5.0);   // Saturday
}

TEST(LagFeatures, ClearErrors) {
    const UnitFrame u = tank(parse_utc("2024-01-01T00:00:00Z"), 10);
    EXPECT_THROW(spec_of({{"time_zone", "Mars/Olympus"}}), InvalidInputError);
    EXPECT_THROW(spec_of({{"lags", {"ten minutes"}}}), InvalidInputError);
    EXPECT_THROW(spec_of({{"calendar", {"fortnight"}}}), InvalidInputError);
    // 15 min is not a whole number of 10-min steps; a channel the unit lacks is named.
    EXPECT_THROW(lag_features("test", u, spec_of({{"lags", {"15min"}}}), 1), InvalidInputError);
    try {
        (void)lag_features("test", u, spec_of({{"current", {"t_tank_bottom"}}}), 1);
        FAIL();
    } catch (const InvalidInputError& e) {
        EXPECT_NE(std::string(e.what()).find("t_tank_bottom"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace heatloop::models
