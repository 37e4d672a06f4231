#include "web/api/household_view.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "heatloop/io/frame_file.hpp"

namespace heatloop::web {
namespace {

namespace fs = std::filesystem;
constexpr Timestamp k_t0 = 1'704'067'200'000;  // 2024-01-01T00:00Z

TEST(HouseholdView, EventsInTheRangeWithLabelIdsAndSizes) {
    std::vector<hotwater::ShowerEvent> events(3);
    events[0] = {k_t0, k_t0 + 600'000, 4.5, "confirmed", 7};
    events[1] = {k_t0 + k_hour_ms, k_t0 + k_hour_ms + 600'000,
                 std::numeric_limits<double>::quiet_NaN(), "alarm", 0};
    events[2] = {k_t0 + k_day_ms, k_t0 + k_day_ms + 600'000, 1.0, "proposed", 9};
    const nlohmann::json j = events_json(events, k_t0 + 300'000, k_t0 + k_day_ms);
    ASSERT_EQ(j.size(), 2u);  // the first overlaps the start; the third starts at the end
    EXPECT_EQ(j[0].at("label_id"), 7);
    EXPECT_EQ(j[0].at("status"), "confirmed");
    EXPECT_DOUBLE_EQ(j[0].at("size").get<double>(), 4.5);
    EXPECT_FALSE(j[1].contains("label_id"));
    EXPECT_TRUE(j[1].at("size").is_null());
    EXPECT_EQ(j[1].at("start"), k_t0 + k_hour_ms);
}

class TankForecastTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("heatloop-household-view-" +
                std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    // A run directory with a summary.json and, for forecasters, u1's outputs.
    tracking::RunInfo add_run(const std::string& id, const std::string& kind,
                              const std::string& target, double offset) {
        fs::create_directories(dir_ / id / "outputs");
        nlohmann::json summary = {{"kind", kind}, {"model", "seasonal_naive"}};
        if (kind == "forecaster") {
            summary["target"] = target;
            summary["horizon"] = 3;
            summary["units"] = {{{"unit_id", "u1"}, {"file", "outputs/u1.hlf"}}};
            UnitFrame f("u1");
            f.set_grid(k_t0, k_minute_ms, 120);
            std::vector<double> actual, forecast;
            for (std::size_t i = 0; i < 120; ++i) {
                actual.push_back(40.0 + static_cast<double>(i % 60) / 10.0);
                forecast.push_back(actual.back() + offset);
            }
            f.get_or_add("actual").values = actual;
            f.get_or_add("forecast_h1").values = forecast;
            io::write_frame_file(dir_ / id / "outputs" / "u1.hlf", f, "forecasts");
        }
        std::ofstream(dir_ / id / "summary.json") << summary.dump();
        tracking::RunInfo info;
        info.id = id;
        info.name = id + "-name";
        return info;
    }

    fs::path dir_;
};

TEST_F(TankForecastTest, TheNewestForecasterRunOfTheTank) {
    std::vector<tracking::RunInfo> runs;  // newest first
    runs.push_back(add_run("r-detector", "detector", "", 0));
    runs.push_back(add_run("r-supply", "forecaster", "t_supply", 0));
    tracking::RunInfo missing;
    missing.id = "r-no-outputs";
    runs.push_back(missing);
    runs.push_back(add_run("r-tank-new", "forecaster", "t_tank_mid", 0.5));
    runs.push_back(add_run("r-tank-old", "forecaster", "t_tank_mid", 9.0));

    const auto f = latest_tank_forecast(runs, dir_, "u1");
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->run_id, "r-tank-new");
    EXPECT_EQ(f->run_name, "r-tank-new-name");
    EXPECT_EQ(f->horizon, 3u);
    EXPECT_FALSE(latest_tank_forecast(runs, dir_, "u2").has_value());
    EXPECT_FALSE(latest_tank_forecast({runs.data(), 3}, dir_, "u1").has_value());

    // Two buckets of an hour each: min/max of the measured values and of the forecast.
    const BucketGrid grid = bucket_grid(k_t0, k_t0 + 2 * k_hour_ms, 2, k_minute_ms);
    const nlohmann::json j = forecast_json(*f, grid);
    EXPECT_EQ(j.at("run_id"), "r-tank-new");
    EXPECT_EQ(j.at("target"), "t_tank_mid");
    ASSERT_EQ(j.at("t").size(), 2u);
    EXPECT_DOUBLE_EQ(j.at("actual").at("min")[0].get<double>(), 40.0);
    EXPECT_DOUBLE_EQ(j.at("actual").at("max")[1].get<double>(), 45.9);
    EXPECT_DOUBLE_EQ(j.at("forecast").at("min")[1].get<double>(), 40.5);
}

}  // namespace
}  // namespace heatloop::web
