#include "heatloop/eval/compare.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "heatloop/core/error.hpp"
#include "heatloop/eval/result_json.hpp"
#include "unit/eval/fixtures.hpp"

using namespace heatloop;
using namespace heatloop::eval;
using namespace heatloop::eval::testing;

namespace {
const std::map<std::string, double> baseline = {
    {"a", 0.5}, {"b", 0.6}, {"c", 0.7}, {"d", std::nan("")}, {"e", 0.1}};
const std::map<std::string, double> candidate = {
    {"a", 0.6}, {"b", 0.6}, {"c", 0.9}, {"d", 0.3}, {"f", 0.2}};
}  // namespace

TEST(Compare, PerUnitDeltasAndCounts) {
    const PairedComparison c = compare_paired("event_f1", true, baseline, candidate);
    ASSERT_EQ(c.deltas.size(), 3u);
    EXPECT_EQ(c.deltas[0].unit_id, "a");
    EXPECT_NEAR(c.deltas[0].delta, 0.1, 1e-12);
    EXPECT_EQ(c.improved, 2u);
    EXPECT_EQ(c.unchanged, 1u);
    EXPECT_EQ(c.worse, 0u);
    EXPECT_EQ(c.undefined, 1u);
    EXPECT_EQ(c.only_in_baseline, 1u);
    EXPECT_EQ(c.only_in_candidate, 1u);
    EXPECT_NEAR(c.mean_delta, 0.1, 1e-12);
    EXPECT_NEAR(c.median_delta, 0.1, 1e-12);
    // Wilcoxon: the zero is dropped; two positive differences: exact p = 2 * 1/4.
    EXPECT_EQ(c.wilcoxon.n, 2u);
    EXPECT_EQ(c.wilcoxon.zeros, 1u);
    EXPECT_DOUBLE_EQ(c.wilcoxon.p_value, 0.5);
    // Lower is better: the same deltas are worse.
    const PairedComparison lower = compare_paired("point_fpr", false, baseline, candidate);
    EXPECT_EQ(lower.worse, 2u);
    EXPECT_EQ(lower.improved, 0u);
}

TEST(Compare, SeededBootstrapInterval) {
    const PairedComparison c = compare_paired("x", true, baseline, candidate, {.seed = 7});
    EXPECT_LE(c.ci_low, c.mean_delta);
    EXPECT_GE(c.ci_high, c.mean_delta);
    EXPECT_GE(c.ci_low, -1e-12);  // a resampled mean of {0.1, 0, 0.2} lies in [0, 0.2]
    EXPECT_LE(c.ci_high, 0.2 + 1e-12);
    EXPECT_LT(c.ci_low, c.ci_high);
    const PairedComparison again = compare_paired("x", true, baseline, candidate, {.seed = 7});
    EXPECT_EQ(again.ci_low, c.ci_low);
    EXPECT_EQ(again.ci_high, c.ci_high);
    // Constant deltas: the interval collapses onto them.
    const PairedComparison same =
        compare_paired("x", true, {{"a", 0.0}, {"b", 1.0}}, {{"a", 0.3}, {"b", 1.3}});
    EXPECT_NEAR(same.ci_low, 0.3, 1e-12);
    EXPECT_NEAR(same.ci_high, 0.3, 1e-12);
    // No common unit: everything undefined.
    const PairedComparison none = compare_paired("x", true, {{"a", 1.0}}, {{"b", 1.0}});
    EXPECT_TRUE(std::isnan(none.mean_delta));
    EXPECT_TRUE(std::isnan(none.ci_low));
    EXPECT_TRUE(std::isnan(none.wilcoxon.p_value));
    EXPECT_THROW(compare_paired("x", true, baseline, candidate, {.confidence = 1.0}),
                 InvalidInputError);
}

TEST(Compare, RunsFromResultsAndFromStoredJson) {
    std::vector<UnitData> base_units = {grid_unit("a", 6), grid_unit("b", 6)};
    const std::vector<EvalLabel> labels = {label("a", 1 * h, 2 * h, "x"),
                                           label("b", 1 * h, 2 * h, "x")};
    std::vector<UnitData> cand_units = base_units;
    cand_units[0].alarms = {alarm("a", 1 * h, 1 * h + m10)};  // candidate finds a's fault
    const EvaluationResult base = evaluate(base_units, labels);
    const EvaluationResult cand = evaluate(cand_units, labels);
    const PairedComparison c = compare_runs(base, cand, "event_recall");
    EXPECT_EQ(c.improved, 1u);
    EXPECT_EQ(c.unchanged, 1u);
    EXPECT_DOUBLE_EQ(c.mean_delta, 0.5);
    // The stored JSON gives the same per-unit values, null reading as NaN.
    const nlohmann::json stored = to_json(cand);
    const auto from_json = per_unit_metric(stored, "event_recall");
    EXPECT_EQ(from_json, per_unit_metric(cand, "event_recall"));
    EXPECT_TRUE(std::isnan(per_unit_metric(stored, "event_precision").at("b")));
    EXPECT_THROW(per_unit_metric(stored, "accuracy"), InvalidInputError);
    EXPECT_THROW(per_unit_metric(nlohmann::json::object(), "event_f1"), InvalidInputError);
    EXPECT_EQ(to_json(c)["improved"], 1);
}
