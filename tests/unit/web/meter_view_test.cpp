#include "web/api/meter_view.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "heatloop/core/error.hpp"
#include "heatloop/io/frame_file.hpp"

namespace heatloop::web {
namespace {

namespace fs = std::filesystem;
constexpr Timestamp k_t0 = 1'704'067'200'000;  // 2024-01-01T00:00Z
constexpr Duration k_quarter = 15 * k_minute_ms;
const double k_nan = std::nan("");

class MeterViewTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("heatloop-meter-view-" +
                std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    static tracking::RunInfo info(const std::string& id) {
        tracking::RunInfo r;
        r.id = id;
        r.name = id + "-name";
        r.start_time = k_t0;
        return r;
    }
    void write(const fs::path& file, const std::string& text) {
        fs::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary) << text;
    }

    // A disaggregation run of household h1 over 8 quarter hours: total 4 kW, truth 1 kW
    // (missing in row 2), estimate 2 kW (missing in row 5); `with_estimate` false leaves the
    // estimate channel out.
    tracking::RunInfo add_disaggregation(const std::string& id, bool with_estimate = true) {
        UnitFrame f("h1");
        f.set_grid(k_t0, k_quarter, 8);
        f.get_or_add("load").values = std::vector<double>(8, 4.0);
        std::vector<double> truth(8, 1.0), est(8, 2.0);
        truth[2] = k_nan;
        est[5] = k_nan;
        f.get_or_add("load_heat_pump").values = truth;
        if (with_estimate) f.get_or_add("load_heat_pump_estimate").values = est;
        fs::create_directories(dir_ / id / "outputs");
        io::write_frame_file(dir_ / id / "outputs" / "h1.hlf", f, "disaggregation");
        write(dir_ / id / "summary.json",
              nlohmann::json{{"kind", "disaggregator"},
                             {"model", "seq2point"},
                             {"total", "load"},
                             {"component", "load_heat_pump"},
                             {"units", {{{"unit_id", "h1"}, {"file", "outputs/h1.hlf"}}}}}
                  .dump());
        write(dir_ / id / "evaluation.json",
              nlohmann::json{{"kind", "disaggregator"},
                             {"units", {{{"unit_id", "h1"}, {"metrics", {{"r2", 0.25}}}}}}}
                  .dump());
        return info(id);
    }

    // A classifier run that classified "h1" and "a,b" (a household id that needs quoting).
    tracking::RunInfo add_classifier(const std::string& id, const std::string& csv) {
        write(dir_ / id / "summary.json",
              nlohmann::json{{"kind", "classifier"}, {"model", "gradient_boosting_classifier"}}
                  .dump());
        write(dir_ / id / "evaluation.json",
              nlohmann::json{{"kind", "classifier"},
                             {"households",
                              {{{"household_id", "h1"},
                                {"fold", 2},
                                {"has_heat_pump", true},
                                {"probability", 0.75}},
                               {{"household_id", "a,b"},
                                {"fold", 1},
                                {"has_heat_pump", 0},  // 0/1 reads as a boolean too
                                {"probability", nullptr}}}}}
                  .dump());
        write(dir_ / id / "outputs" / "probabilities.csv", csv);
        return info(id);
    }

    fs::path dir_;
};

const std::string k_csv =
    "household_id,fold,has_heat_pump,start,end,probability\n"
    "h1,2,1,2024-01-01T00:00:00Z,2024-02-01T00:00:00Z,0.900000\n"
    "\"a,b\",1,0,2024-01-01T00:00:00Z,2024-02-01T00:00:00Z,0.100000\n"
    "h1,2,1,2024-02-01T00:00:00Z,2024-03-01T00:00:00Z,\n"
    "h1,2,1,2024-03-01T00:00:00Z,2024-04-01T00:00:00Z,0.600000\n";

TEST_F(MeterViewTest, RunsOfTheKindWithOutputsForTheMeterNewestFirst) {
    std::vector<tracking::RunInfo> runs;  // newest first
    runs.push_back(add_classifier("r-detect", k_csv));
    runs.push_back(add_disaggregation("r-new"));
    runs.push_back(info("r-no-summary"));
    runs.push_back(add_disaggregation("r-old"));
    write(dir_ / "r-forecast" / "summary.json", R"({"kind": "forecaster", "units": []})");
    runs.push_back(info("r-forecast"));

    const auto d = meter_runs(runs, dir_, "h1", "disaggregator");
    ASSERT_EQ(d.size(), 2u);
    EXPECT_EQ(d[0].run_id, "r-new");
    EXPECT_EQ(d[1].run_id, "r-old");
    EXPECT_EQ(d[0].model, "seq2point");
    EXPECT_EQ(d[0].run_name, "r-new-name");
    EXPECT_TRUE(meter_runs(runs, dir_, "h2", "disaggregator").empty());

    const auto c = meter_runs(runs, dir_, "a,b", "classifier");
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c[0].run_id, "r-detect");
    EXPECT_TRUE(meter_runs(runs, dir_, "h2", "classifier").empty());
}

TEST_F(MeterViewTest, EstimateWithTruthMetricsAndEnergyOverTheSameIntervals) {
    const auto runs = std::vector{add_disaggregation("r1")};
    const MeterEstimate e =
        read_meter_estimate(dir_, meter_runs(runs, dir_, "h1", "disaggregator")[0], "h1");
    EXPECT_EQ(e.component, "load_heat_pump");
    EXPECT_DOUBLE_EQ(e.metrics.at("r2").get<double>(), 0.25);
    const std::vector<std::string> all{"load", "load_heat_pump", "load_heat_pump_estimate"};
    const Timestamp end = k_t0 + 8 * k_quarter;
    // Rows 2 (no truth) and 5 (no estimate) are left out of every sum: 6 rows of 15 min.
    EXPECT_DOUBLE_EQ(energy_kwh(e.frame, "load", all, k_t0, end).get<double>(), 6 * 4.0 * 0.25);
    EXPECT_DOUBLE_EQ(energy_kwh(e.frame, "load_heat_pump", all, k_t0, end).get<double>(),
                     6 * 1.0 * 0.25);
    EXPECT_DOUBLE_EQ(energy_kwh(e.frame, "load_heat_pump_estimate", all, k_t0, end).get<double>(),
                     6 * 2.0 * 0.25);
    // Only over the rows with an estimate: 7 rows.
    EXPECT_DOUBLE_EQ(
        energy_kwh(e.frame, "load_heat_pump_estimate", {"load"}, k_t0, end).get<double>(),
        7 * 2.0 * 0.25);
    // The range cuts: rows 0 and 1.
    EXPECT_DOUBLE_EQ(energy_kwh(e.frame, "load", all, k_t0, k_t0 + 2 * k_quarter).get<double>(),
                     2 * 4.0 * 0.25);
    EXPECT_TRUE(energy_kwh(e.frame, "load", {"absent"}, k_t0, end).is_null());
    EXPECT_TRUE(energy_kwh(e.frame, "load", all, k_t0 + 2 * k_quarter, k_t0 + 3 * k_quarter)
                    .is_null());  // the one row there has no truth

    const BucketGrid grid = bucket_grid(k_t0, end, 4, k_quarter);  // two rows per bucket
    const nlohmann::json s = meter_series_json(e.frame, "load_heat_pump_estimate", grid);
    ASSERT_EQ(s.at("max").size(), 4u);
    EXPECT_DOUBLE_EQ(s.at("max")[2].get<double>(), 2.0);  // rows 4 and 5: one value
    EXPECT_TRUE(meter_series_json(e.frame, "absent", grid).is_null());
}

TEST_F(MeterViewTest, EstimateErrorsNameTheRunAndFile) {
    const auto runs = std::vector{add_disaggregation("r1", false)};
    const MeterRun run = meter_runs(runs, dir_, "h1", "disaggregator").at(0);
    try {
        read_meter_estimate(dir_, run, "h1");
        FAIL() << "expected InvalidInputError";
    } catch (const InvalidInputError& e) {
        EXPECT_NE(std::string(e.what()).find("outputs/h1.hlf has no load_heat_pump_estimate"),
                  std::string::npos)
            << e.what();
    }
    EXPECT_THROW(read_meter_estimate(dir_, run, "h2"), NotFoundError);
}

TEST_F(MeterViewTest, DetectionPerHouseholdAndMonth) {
    const auto runs = std::vector{add_classifier("r1", k_csv)};
    const MeterDetection d =
        read_meter_detection(dir_, meter_runs(runs, dir_, "h1", "classifier").at(0), "h1");
    EXPECT_EQ(d.fold, 2);
    ASSERT_TRUE(d.has_heat_pump);
    EXPECT_TRUE(*d.has_heat_pump);
    ASSERT_TRUE(d.probability);
    EXPECT_DOUBLE_EQ(*d.probability, 0.75);
    ASSERT_EQ(d.months.size(), 3u);
    EXPECT_EQ(d.months[0].start, k_t0);
    EXPECT_DOUBLE_EQ(d.months[0].probability, 0.9);
    EXPECT_TRUE(std::isnan(d.months[1].probability));  // a month not classified
    EXPECT_DOUBLE_EQ(d.months[2].probability, 0.6);
    const nlohmann::json j = to_json(d);
    EXPECT_TRUE(j.at("months")[1].at("probability").is_null());
    EXPECT_EQ(j.at("run").at("run_id"), "r1");

    const MeterDetection q =
        read_meter_detection(dir_, meter_runs(runs, dir_, "a,b", "classifier").at(0), "a,b");
    ASSERT_EQ(q.months.size(), 1u);  // the quoted id is read as one field
    EXPECT_DOUBLE_EQ(q.months[0].probability, 0.1);
    EXPECT_FALSE(q.probability);  // null in evaluation.json
    ASSERT_TRUE(q.has_heat_pump);
    EXPECT_FALSE(*q.has_heat_pump);
    EXPECT_THROW(read_meter_detection(dir_, q.run, "h9"), NotFoundError);
}

TEST_F(MeterViewTest, MalformedProbabilitiesNameFileAndLine) {
    const auto check = [&](const std::string& row, const std::string& expected) {
        fs::remove_all(dir_);
        const auto runs = std::vector{add_classifier(
            "r1", "household_id,fold,has_heat_pump,start,end,probability\n" + row + "\n")};
        try {
            read_meter_detection(dir_, meter_runs(runs, dir_, "h1", "classifier").at(0), "h1");
            FAIL() << "expected InvalidInputError for " << row;
        } catch (const InvalidInputError& e) {
            const std::string what = e.what();
            EXPECT_NE(what.find("probabilities.csv:2: "), std::string::npos) << what;
            EXPECT_NE(what.find(expected), std::string::npos) << what;
        }
    };
    check("h1,2,1,2024-01-01T00:00:00Z,2024-02-01T00:00:00Z,1.5", "not a number in [0, 1]");
    check("h1,2,1,2024-01-01T00:00:00Z,2024-02-01T00:00:00Z,x", "not a number in [0, 1]");
    check("h1,2,1,yesterday,2024-02-01T00:00:00Z,0.5", "start/end");
    check("h1,2,1,2024-01-01T00:00:00Z", "4 fields, expected 6");
}

}  // namespace
}  // namespace heatloop::web
