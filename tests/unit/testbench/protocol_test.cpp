#include "heatloop/testbench/protocol.hpp"

#include <gtest/gtest.h>

#include "heatloop/core/error.hpp"
#include "heatloop/testbench/report.hpp"
#include "unit/testbench/fixtures.hpp"

using namespace heatloop;
using namespace heatloop::testbench;
using namespace heatloop::testbench::testing;

namespace {

std::vector<BenchUnit> fleet() {
    std::vector<BenchUnit> units;
    units.push_back({steady_unit("a", 20), "ASHP", {}});
    units.push_back({steady_unit("b", 20),
                     "GSHP",
                     {{"b", k_t0 + 5 * k_day_ms, k_t0 + 6 * k_day_ms, "compressor_failure"}}});
    return units;
}

BenchDetector time_off() {
    BenchDetector d;
    d.name = "time_off_threshold";
    d.policy =
        alarms::AlarmPolicy{alarms::ThresholdMethod::fixed, 1.0, 0, k_hour_ms, 6 * k_hour_ms};
    d.config_source = "test";
    return d;
}

}  // namespace

TEST(Protocol, TimeOffCatchesStoppedConsumptionWithoutFalseAlarms) {
    const auto units = fleet();
    BenchOptions o;
    o.seed = 3;
    const BenchResult r = run_bench(units, std::vector{time_off()}, o);
    ASSERT_EQ(r.units.size(), 2u);
    EXPECT_EQ(r.failures.size(), 6u);
    for (const InjectedFailure& f : r.failures) {
        if (f.unit_id == "b") {  // never on the label
            EXPECT_FALSE(f.start < k_t0 + 6 * k_day_ms && k_t0 + 5 * k_day_ms < f.end);
        }
    }
    ASSERT_EQ(r.detectors.size(), 1u);
    const DetectorResult& d = r.detectors[0];
    ASSERT_TRUE(d.error.empty()) << d.error;
    EXPECT_EQ(d.kpis.injected, 6u);
    EXPECT_EQ(d.kpis.detected, 6u);
    EXPECT_EQ(d.kpis.within_deadline, 6u);
    EXPECT_EQ(d.kpis.false_alarms, 0u);
    EXPECT_GT(d.kpis.evaluated_months, 1.2);  // 39 of 40 unit-days (one labelled day)
    EXPECT_LT(d.kpis.evaluated_months, 1.35);
    EXPECT_LE(d.kpis.delay_p90_h, 3.0);
    EXPECT_FALSE(d.curve.empty());
    EXPECT_EQ(d.outcomes.size(), 6u);
    // Lower thresholds alarm at least as often on the clean data.
    for (std::size_t i = 1; i < d.curve.size(); ++i)
        EXPECT_LE(d.curve[i].kpis.false_alarms, d.curve[i - 1].kpis.false_alarms);
}

TEST(Protocol, SameSeedSameResult) {
    const auto units = fleet();
    BenchOptions o;
    o.seed = 9;
    const auto a = to_json(run_bench(units, std::vector{time_off()}, o));
    const auto b = to_json(run_bench(units, std::vector{time_off()}, o));
    auto strip = [](nlohmann::json j) {
        for (auto& d : j["detectors"]) d.erase("seconds");
        return j;
    };
    EXPECT_EQ(strip(a), strip(b));
}

TEST(Protocol, ADetectorThatCannotRunIsReportedAndTheOthersRun) {
    BenchDetector bad = time_off();
    bad.name = "spectral";
    bad.params = {{"channel", "no_such_channel"}};
    const BenchResult r = run_bench(fleet(), std::vector{bad, time_off()}, {});
    ASSERT_EQ(r.detectors.size(), 2u);
    EXPECT_FALSE(r.detectors[0].error.empty());
    EXPECT_TRUE(r.detectors[1].error.empty());
    const nlohmann::json j = to_json(r);
    EXPECT_FALSE(j["detectors"][0]["error"].is_null());
    EXPECT_TRUE(j["detectors"][1]["error"].is_null());
}

TEST(Protocol, RejectsImpossibleBenches) {
    EXPECT_THROW(run_bench({}, std::vector{time_off()}, {}), InvalidInputError);
    std::vector<BenchUnit> tiny;
    tiny.push_back({steady_unit("a", 3), "", {}});
    EXPECT_THROW(run_bench(tiny, std::vector{time_off()}, {}), InvalidInputError);
    BenchOptions o;
    o.quantiles = {1.5};
    EXPECT_THROW(run_bench(fleet(), std::vector{time_off()}, o), InvalidInputError);
}

TEST(Report, JsonAndHtmlHoldTheResults) {
    const BenchResult r = run_bench(fleet(), std::vector{time_off()}, {});
    const nlohmann::json j = to_json(r);
    EXPECT_EQ(j["format_version"], k_results_format);
    EXPECT_EQ(j["failures"].size(), 6u);
    EXPECT_EQ(j["units"][0]["tau_source"], "default");  // constant indoor: nothing to fit
    const auto& d = j["detectors"][0];
    for (const char* key : {"kpis", "curve", "operating_point", "outcomes", "threshold"})
        EXPECT_TRUE(d.contains(key)) << key;
    EXPECT_EQ(d["kpis"]["detected"], 6);
    const std::string html = report_html(r, "bench <test>");
    EXPECT_NE(html.find("<svg"), std::string::npos);
    EXPECT_NE(html.find("bench &lt;test&gt;"), std::string::npos);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg"));
}
