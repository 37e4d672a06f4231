#include "heatloop/eval/unit_eval.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "heatloop/core/error.hpp"
#include "heatloop/eval/affiliation.hpp"
#include "heatloop/eval/vus.hpp"
#include "unit/eval/fixtures.hpp"

using namespace heatloop;
using namespace heatloop::eval;
using namespace heatloop::eval::testing;

namespace {
constexpr Duration m = k_minute_ms;
const double month_h = 365.2425 / 12.0 * 24.0;
double sig(double y) {
    return y > 3 ? -1.0 : 2.0 / (1.0 + std::exp(5.0 * y)) - 1.0;
}

// One day on a 10-minute grid (144 samples) with every kind of label, a data gap and six
// alarms; the expectations below are worked out by hand in the comments.
struct Day {
    UnitData unit = grid_unit("u1", 24);
    std::vector<EvalLabel> labels = {
        label("u1", 2 * h, 4 * h, "compressor_failure", 0.9),  // L1: samples 12..23
        label("u1", 5 * h, 6 * h, "refrigerant_leak", 0.8),    // L2: samples 30..35
        label("u1", 12 * h, 13 * h, "sensor_fault", 1.0),      // L3: 72..77, missed
        label("u1", 8 * h, 9 * h, "short_cycling", 0.9, LabelState::proposed),  // ignore 48..53
        label("u1", 15 * h, 16 * h, "sensor_fault", 0.3),  // low confidence: ignore 90..95
        label("u1", 18 * h, 19 * h, "sensor_fault", 1.0, LabelState::rejected),  // normal time
        label("u1", 20 * h + 30 * m, 21 * h, "sensor_fault"),  // inside the gap: excluded
    };
    Day() {
        unit.gaps = {{t0 + 20 * h, t0 + 22 * h}};  // samples 120..131, not scored
        set_scores(unit, 20 * h, 22 * h, std::nan(""));
        set_scores(unit, 2 * h, 4 * h, 2.0);  // ground truth scores 2
        set_scores(unit, 5 * h, 6 * h, 2.0);
        set_scores(unit, 12 * h, 13 * h, 2.0);
        set_scores(unit, 10 * h, 10 * h + 10 * m, 3.0);  // one normal sample above them all
        unit.alarms = {
            alarm("u1", 3 * h, 5 * h + 30 * m),           // A1: spans L1 and L2 (18..32)
            alarm("u1", 8 * h + 10 * m, 8 * h + 30 * m),  // A2: in the proposed label
            alarm("u1", 15 * h, 15 * h + 20 * m),         // A3: in the low-confidence label
            alarm("u1", 18 * h, 18 * h + 10 * m),         // A4: in the rejected label: false
            alarm("u1", 10 * h, 10 * h + 10 * m),         // A5: false
            alarm("u1", 21 * h, 21 * h + 20 * m),         // A6: in the gap
        };
    }
};
}  // namespace

TEST(UnitEval, EventWise) {
    Day d;
    const UnitEvaluation e = evaluate_unit(d.unit, d.labels, {});
    const Tally& t = e.tally;
    EXPECT_EQ(t.labels, 3u);
    EXPECT_EQ(t.detected, 2u);
    EXPECT_EQ(t.true_alarms, 1u);
    EXPECT_EQ(t.false_alarms, 2u);
    EXPECT_EQ(t.ignored_alarms, 3u);
    EXPECT_DOUBLE_EQ(e.metrics.event_precision, 1.0 / 3.0);
    EXPECT_DOUBLE_EQ(e.metrics.event_recall, 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(e.metrics.event_f1, 4.0 / 9.0);
    // Delays 1 h (L1) and 0 h (L2): mean 0.5, median 0.5, p90 0.9; 2 of 3 within 6 h.
    EXPECT_DOUBLE_EQ(e.metrics.delay_mean_h, 0.5);
    EXPECT_DOUBLE_EQ(e.metrics.delay_median_h, 0.5);
    EXPECT_DOUBLE_EQ(e.metrics.delay_p90_h, 0.9);
    EXPECT_DOUBLE_EQ(e.metrics.detected_within_deadline, 2.0 / 3.0);
    // Evaluated: 144 - 12 (gap) - 6 (proposed) - 6 (low confidence) = 120 samples = 20 h.
    EXPECT_DOUBLE_EQ(t.evaluated_ms, 20.0 * h);
    EXPECT_NEAR(e.metrics.false_alarms_per_unit_month, 2.0 / (20.0 / month_h), 1e-9);
    // Weighted: L1 0.9, L2 0.8, L3 1.0 and the low-confidence 0.3 (detected by A3).
    EXPECT_DOUBLE_EQ(e.metrics.confidence_weighted_recall, (0.9 + 0.8 + 0.3) / 3.0);
    // A tighter deadline: L1 (1 h) is late.
    const UnitEvaluation tight = evaluate_unit(d.unit, d.labels, {.deadline = 30 * m});
    EXPECT_DOUBLE_EQ(tight.metrics.detected_within_deadline, 1.0 / 3.0);
}

TEST(UnitEval, PointWiseAndRanking) {
    Day d;
    const UnitEvaluation e = evaluate_unit(d.unit, d.labels, {});
    const Tally& t = e.tally;
    // Truth samples 24; A1 covers 15 evaluated samples, 9 of them truth; A4, A5 one each.
    EXPECT_EQ(t.tp, 9u);
    EXPECT_EQ(t.fp, 8u);
    EXPECT_EQ(t.fn, 15u);
    EXPECT_EQ(t.tn, 88u);
    EXPECT_DOUBLE_EQ(e.metrics.point_fpr, 8.0 / 96.0);
    EXPECT_DOUBLE_EQ(e.metrics.point_precision, 9.0 / 17.0);
    EXPECT_DOUBLE_EQ(e.metrics.point_recall, 9.0 / 24.0);
    // 24 positives at 2; negatives: one at 3, 95 at 0.
    EXPECT_DOUBLE_EQ(e.metrics.roc_auc, 95.0 / 96.0);
    EXPECT_DOUBLE_EQ(e.metrics.pr_auc, 24.0 / 25.0);
}

TEST(UnitEval, RangeBasedAndNab) {
    Day d;
    const UnitEvaluation e = evaluate_unit(d.unit, d.labels, {});
    // Real ranges L1 12..23, L2 30..35, L3 72..77; predicted A1 18..32, A4 108, A5 60
    // (A2, A3, A6 lie in ignore regions and are dropped).
    EXPECT_EQ(e.tally.range.real_ranges, 3u);
    EXPECT_EQ(e.tally.range.predicted_ranges, 3u);
    EXPECT_DOUBLE_EQ(e.metrics.range_recall, (6.0 / 12.0 + 3.0 / 6.0 + 0.0) / 3.0);
    EXPECT_DOUBLE_EQ(e.metrics.range_precision, (0.5 * (6.0 / 15.0 + 3.0 / 15.0)) / 3.0);
    // NAB: A1 starts at sample 18 in L1 (position -(23 - 18 + 1) / 12 = -0.5); L2 and L3
    // missed; A5 (60) and A4 (108) lie more than 3 window-widths past L2 and L3: -0.11 each.
    const double raw = sig(-0.5) / sig(-1.0) - 2.0 - 0.22;
    EXPECT_NEAR(e.metrics.nab_standard, 100.0 * (raw + 3.0) / 6.0, 1e-9);
    const double raw_fn = sig(-0.5) / sig(-1.0) - 4.0 - 0.22;
    EXPECT_NEAR(e.metrics.nab_reward_low_fn_rate, 100.0 * (raw_fn + 6.0) / 9.0, 1e-9);
}

TEST(UnitEval, NoLabels) {
    UnitData u = grid_unit("u1", 6);
    u.alarms = {alarm("u1", 1 * h, 2 * h)};
    const UnitEvaluation e = evaluate_unit(u, {}, {});
    EXPECT_DOUBLE_EQ(e.metrics.event_precision, 0.0);
    EXPECT_TRUE(std::isnan(e.metrics.event_recall));
    EXPECT_DOUBLE_EQ(e.metrics.event_f1, 0.0);
    EXPECT_TRUE(std::isnan(e.metrics.delay_median_h));
    EXPECT_TRUE(std::isnan(e.metrics.detected_within_deadline));
    EXPECT_NEAR(e.metrics.false_alarms_per_unit_month, 1.0 / (6.0 / month_h), 1e-9);
    EXPECT_TRUE(std::isnan(e.metrics.roc_auc));
    EXPECT_TRUE(std::isnan(e.metrics.range_recall));
    EXPECT_DOUBLE_EQ(e.metrics.range_precision, 0.0);
    EXPECT_TRUE(std::isnan(e.metrics.nab_standard));
    EXPECT_TRUE(std::isnan(e.metrics.confidence_weighted_recall));
}

TEST(UnitEval, NoAlarms) {
    UnitData u = grid_unit("u1", 6);
    const std::vector<EvalLabel> labels = {label("u1", 1 * h, 2 * h, "a")};
    const UnitEvaluation e = evaluate_unit(u, labels, {});
    EXPECT_TRUE(std::isnan(e.metrics.event_precision));
    EXPECT_DOUBLE_EQ(e.metrics.event_recall, 0.0);
    EXPECT_DOUBLE_EQ(e.metrics.event_f1, 0.0);
    EXPECT_DOUBLE_EQ(e.metrics.false_alarms_per_unit_month, 0.0);
    EXPECT_DOUBLE_EQ(e.metrics.detected_within_deadline, 0.0);
    EXPECT_TRUE(std::isnan(e.metrics.point_precision));
    EXPECT_DOUBLE_EQ(e.metrics.point_recall, 0.0);
    EXPECT_DOUBLE_EQ(e.metrics.point_fpr, 0.0);
    EXPECT_DOUBLE_EQ(e.metrics.nab_standard, 0.0);  // the null detector
    EXPECT_DOUBLE_EQ(e.metrics.range_recall, 0.0);
    EXPECT_TRUE(std::isnan(e.metrics.range_precision));
    // Constant scores rank nothing: AUC one half.
    EXPECT_DOUBLE_EQ(e.metrics.roc_auc, 0.5);
}

TEST(UnitEval, DataGapsAreNotMissedNorCounted) {
    UnitData u = grid_unit("u1", 6);
    u.gaps = {{t0 + 2 * h, t0 + 4 * h}};
    set_scores(u, 2 * h, 4 * h, std::nan(""));
    const std::vector<EvalLabel> labels = {label("u1", 2 * h + 30 * m, 3 * h, "a")};
    u.alarms = {alarm("u1", 3 * h, 3 * h + 10 * m)};
    const UnitEvaluation e = evaluate_unit(u, labels, {});
    EXPECT_EQ(e.tally.labels, 0u);          // the label is in the gap: not missed
    EXPECT_EQ(e.tally.ignored_alarms, 1u);  // the alarm in the gap: neither true nor false
    EXPECT_EQ(e.tally.false_alarms, 0u);
    EXPECT_DOUBLE_EQ(e.tally.evaluated_ms, 4.0 * h);  // 6 h minus the 2 h gap
}

TEST(UnitEval, InconsistentInputIsRejected) {
    UnitData u = grid_unit("u1", 1);
    u.scores.pop_back();
    EXPECT_THROW(evaluate_unit(u, {}, {}), InvalidInputError);
    u = grid_unit("u1", 1);
    u.alarms = {alarm("u2", 0, h)};
    EXPECT_THROW(evaluate_unit(u, {}, {}), InvalidInputError);
    u = grid_unit("u1", 1);
    u.mode = {1.0};
    EXPECT_THROW(evaluate_unit(u, {}, {}), InvalidInputError);
    EXPECT_THROW(evaluate_unit(grid_unit("u1", 1), {}, {.confidence_floor = 2}), InvalidInputError);
}

TEST(UnitEval, VusAndAffiliationOverEvaluatedSamples) {
    // VUS and affiliation see the evaluated samples in order, ignore regions and the gap cut
    // out: the same as computing them directly on those samples.
    Day d;
    const UnitEvaluation e = evaluate_unit(d.unit, d.labels, {});
    std::vector<double> s;
    std::vector<std::uint8_t> y, a;
    for (std::size_t i = 0; i < d.unit.time.size(); ++i)
        if (e.masks.evaluated[i])
            s.push_back(d.unit.scores[i]), y.push_back(e.masks.truth[i]),
                a.push_back(e.masks.alarmed[i]);
    const Vus v = vus(s, y);
    const AffiliationSums aff = affiliation_sums(y, a);
    EXPECT_DOUBLE_EQ(e.metrics.vus_roc, v.roc);
    EXPECT_DOUBLE_EQ(e.metrics.vus_pr, v.pr);
    EXPECT_DOUBLE_EQ(e.metrics.affiliation_precision, aff.precision());
    EXPECT_DOUBLE_EQ(e.metrics.affiliation_recall, aff.recall());
    EXPECT_EQ(e.tally.affiliation.recall_events, 3u);  // L1, L2, L3 (runs of the truth mask)
    EXPECT_GT(e.metrics.vus_roc, 0.5);
    EXPECT_LT(e.metrics.affiliation_recall, 1.0);  // L3 is missed
}
