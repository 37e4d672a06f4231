#include "heatloop/eval/evaluate.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "heatloop/core/error.hpp"
#include "heatloop/eval/options.hpp"
#include "unit/eval/fixtures.hpp"

using namespace heatloop;
using namespace heatloop::eval;
using namespace heatloop::eval::testing;

namespace {
const double month_h = 365.2425 / 12.0 * 24.0;

const BreakdownRow& row(const EvaluationResult& r, const std::string& name,
                        const std::string& key) {
    for (const auto& x : r.breakdowns.at(name))
        if (x.key == key) return x;
    throw std::runtime_error("no row " + key);
}

// Unit a (ASHP, heating all day, 0 degrees): one label, found 1 h late, no false alarm.
// Unit b (GSHP, hot water for 12 h then off): two labels, both missed, one false alarm.
struct Fleet {
    std::vector<UnitData> units{grid_unit("a", 24), grid_unit("b", 24)};
    std::vector<EvalLabel> labels = {
        label("a", 2 * h, 4 * h, "compressor_failure"), label("b", 2 * h, 3 * h, "sensor_fault"),
        label("b", 10 * h, 11 * h, "compressor_failure"),
        label("zz", 1 * h, 2 * h, "sensor_fault"),  // a unit that was not evaluated
    };
    Fleet() {
        UnitData& a = units[0];
        a.unit_type = "ASHP";
        a.alarms = {alarm("a", 3 * h, 3 * h + m10)};
        a.mode.assign(a.time.size(), 1.0);
        a.outdoor_temp.assign(a.time.size(), 0.0);
        UnitData& b = units[1];
        b.unit_type = "GSHP";
        b.alarms = {alarm("b", 6 * h, 6 * h + m10)};
        b.mode.assign(b.time.size(), 0.0);
        std::fill(b.mode.begin(), b.mode.begin() + 72, 2.0);
    }
};
}  // namespace

TEST(Evaluate, MacroOverUnitsAndMicroTotals) {
    Fleet f;
    const EvaluationResult r = evaluate(f.units, f.labels);
    ASSERT_EQ(r.units.size(), 2u);
    EXPECT_EQ(r.labels_without_unit, 1u);
    EXPECT_DOUBLE_EQ(r.units[0].metrics.event_recall, 1.0);
    EXPECT_DOUBLE_EQ(r.units[1].metrics.event_recall, 0.0);
    EXPECT_DOUBLE_EQ(r.macro.event_recall, 0.5);
    EXPECT_DOUBLE_EQ(r.micro.event_recall, 1.0 / 3.0);
    EXPECT_DOUBLE_EQ(r.macro.event_precision, 0.5);
    EXPECT_DOUBLE_EQ(r.micro.event_precision, 0.5);
    EXPECT_NEAR(r.macro.false_alarms_per_unit_month, (0.0 + month_h / 24.0) / 2.0, 1e-9);
    EXPECT_NEAR(r.micro.false_alarms_per_unit_month, month_h / 48.0, 1e-9);
    EXPECT_EQ(r.totals.labels, 3u);
    EXPECT_DOUBLE_EQ(r.micro.delay_median_h, 1.0);
}

TEST(Evaluate, BreakdownsByCategorySeasonTypeModeAndTemperature) {
    Fleet f;
    const EvaluationResult r = evaluate(f.units, f.labels);
    EXPECT_DOUBLE_EQ(row(r, "category", "compressor_failure").metrics.event_recall, 0.5);
    EXPECT_DOUBLE_EQ(row(r, "category", "sensor_fault").metrics.event_recall, 0.0);
    EXPECT_EQ(r.breakdowns.at("category").size(), 2u);  // the label of unit zz is not counted

    const BreakdownRow& winter = row(r, "season", "DJF");
    EXPECT_EQ(winter.tally.labels, 3u);
    EXPECT_EQ(winter.tally.false_alarms, 1u);
    EXPECT_DOUBLE_EQ(winter.tally.evaluated_ms, 48.0 * h);

    EXPECT_DOUBLE_EQ(row(r, "unit_type", "ASHP").metrics.event_recall, 1.0);
    EXPECT_DOUBLE_EQ(row(r, "unit_type", "GSHP").metrics.event_precision, 0.0);

    const BreakdownRow& hot = row(r, "mode", "hot_water");
    EXPECT_EQ(hot.tally.labels, 2u);
    EXPECT_EQ(hot.tally.false_alarms, 1u);
    EXPECT_DOUBLE_EQ(hot.tally.evaluated_ms, 12.0 * h);
    EXPECT_NEAR(hot.metrics.false_alarms_per_unit_month, month_h / 12.0, 1e-9);
    EXPECT_DOUBLE_EQ(row(r, "mode", "off").metrics.false_alarms_per_unit_month, 0.0);
    EXPECT_DOUBLE_EQ(row(r, "mode", "space_heating").metrics.event_recall, 1.0);

    EXPECT_EQ(row(r, "outdoor_temp", "[-5,5)").tally.labels, 1u);
    EXPECT_EQ(row(r, "outdoor_temp", "unknown").tally.labels, 2u);  // unit b has no temperature
}

TEST(Evaluate, CategoryRowsMeasureEachCategoryAloneAgainstTheFleetsFalseAlarms) {
    Fleet f;
    const EvaluationResult r = evaluate(f.units, f.labels);
    // compressor_failure: the alarm of unit a detects one of its two labels; unit b's
    // alarm at 6 h is the fleet's one false alarm, over 48 h of evaluated time.
    const BreakdownRow& comp = row(r, "category", "compressor_failure");
    EXPECT_EQ(comp.tally.true_alarms, 1u);
    EXPECT_EQ(comp.tally.false_alarms, 1u);
    EXPECT_DOUBLE_EQ(comp.tally.evaluated_ms, 48.0 * h);
    EXPECT_DOUBLE_EQ(comp.metrics.event_precision, 0.5);
    EXPECT_DOUBLE_EQ(comp.metrics.event_f1, 0.5);  // 2 * 0.5 * 0.5 / (0.5 + 0.5)
    EXPECT_NEAR(comp.metrics.false_alarms_per_unit_month, month_h / 48.0, 1e-9);
    // sensor_fault: no alarm detects it; the alarm on the compressor label is ignored.
    const BreakdownRow& sensor = row(r, "category", "sensor_fault");
    EXPECT_EQ(sensor.tally.true_alarms, 0u);
    EXPECT_EQ(sensor.tally.ignored_alarms, 1u);
    EXPECT_DOUBLE_EQ(sensor.metrics.event_precision, 0.0);
    EXPECT_DOUBLE_EQ(sensor.metrics.event_f1, 0.0);
    EXPECT_FALSE(r.breakdowns.contains("fault_kind"));  // no label has a kind
}

TEST(Evaluate, FaultKindRowsSplitACategoryByTheKindOfItsLabels) {
    std::vector<UnitData> units{grid_unit("a", 48)};
    std::vector<EvalLabel> labels = {label("a", 2 * h, 4 * h, "sensor_fault"),
                                     label("a", 10 * h, 12 * h, "sensor_fault"),
                                     label("a", 20 * h, 22 * h, "sensor_fault"),
                                     label("a", 30 * h, 32 * h, "compressor_failure")};
    labels[0].kind = "stuck";
    labels[1].kind = "stuck";
    labels[2].kind = "drift";
    // One alarm spans both stuck labels (one true alarm, two detections), one hits the drift
    // label 1 h late, one is false.
    units[0].alarms = {alarm("a", 3 * h, 11 * h), alarm("a", 21 * h, 21 * h + m10),
                       alarm("a", 40 * h, 40 * h + m10)};
    const EvaluationResult r = evaluate(units, labels);
    ASSERT_EQ(r.breakdowns.at("fault_kind").size(), 3u);
    const BreakdownRow& stuck = row(r, "fault_kind", "sensor_fault/stuck");
    EXPECT_EQ(stuck.tally.labels, 2u);
    EXPECT_EQ(stuck.tally.detected, 2u);
    EXPECT_EQ(stuck.tally.true_alarms, 1u);
    EXPECT_EQ(stuck.tally.false_alarms, 1u);
    EXPECT_DOUBLE_EQ(stuck.metrics.event_recall, 1.0);
    EXPECT_DOUBLE_EQ(stuck.metrics.event_precision, 0.5);
    EXPECT_DOUBLE_EQ(stuck.metrics.delay_median_h, 0.5);  // delays 1 h and 0 h
    const BreakdownRow& drift = row(r, "fault_kind", "sensor_fault/drift");
    EXPECT_DOUBLE_EQ(drift.metrics.delay_median_h, 1.0);
    EXPECT_DOUBLE_EQ(drift.metrics.event_f1, 2.0 * 0.5 / 1.5);
    const BreakdownRow& comp = row(r, "fault_kind", "compressor_failure");
    EXPECT_DOUBLE_EQ(comp.metrics.event_recall, 0.0);
    EXPECT_EQ(comp.tally.ignored_alarms, 2u);
    // The category row pools the kinds.
    const BreakdownRow& sensor = row(r, "category", "sensor_fault");
    EXPECT_EQ(sensor.tally.labels, 3u);
    EXPECT_EQ(sensor.tally.true_alarms, 2u);
    EXPECT_DOUBLE_EQ(sensor.metrics.event_precision, 2.0 / 3.0);
}

TEST(Evaluate, NoModeOrTemperatureMeansNoSuchBreakdown) {
    std::vector<UnitData> units = {grid_unit("a", 2)};
    const EvaluationResult r = evaluate(units, {});
    EXPECT_TRUE(r.breakdowns.contains("season"));
    EXPECT_TRUE(r.breakdowns.contains("unit_type"));
    EXPECT_FALSE(r.breakdowns.contains("mode"));
    EXPECT_FALSE(r.breakdowns.contains("outdoor_temp"));
    EXPECT_EQ(r.breakdowns.at("unit_type").at(0).key, "unknown");
}

TEST(Evaluate, DuplicateUnitsAreRejected) {
    std::vector<UnitData> units = {grid_unit("a", 1), grid_unit("a", 1)};
    EXPECT_THROW(evaluate(units, {}), InvalidInputError);
}

TEST(Evaluate, NoLabelsAndNoAlarmsAnywhere) {
    std::vector<UnitData> units = {grid_unit("a", 6), grid_unit("b", 6)};
    const EvaluationResult r = evaluate(units, {});
    EXPECT_TRUE(std::isnan(r.micro.event_recall));
    EXPECT_TRUE(std::isnan(r.micro.event_precision));
    EXPECT_TRUE(std::isnan(r.micro.event_f1));
    EXPECT_DOUBLE_EQ(r.micro.false_alarms_per_unit_month, 0.0);
    EXPECT_DOUBLE_EQ(r.macro.false_alarms_per_unit_month, 0.0);
    EXPECT_TRUE(std::isnan(r.micro.nab_standard));
    EXPECT_TRUE(std::isnan(r.macro.roc_auc));
    EXPECT_DOUBLE_EQ(r.micro.point_fpr, 0.0);
    EXPECT_TRUE(r.breakdowns.at("category").empty());
}

TEST(Evaluate, VusMacroOnlyAffiliationPooledOverEvents) {
    Fleet f;
    const EvaluationResult r = evaluate(f.units, f.labels);
    const Metrics& a = r.units[0].metrics;
    const Metrics& b = r.units[1].metrics;
    EXPECT_DOUBLE_EQ(r.macro.vus_pr, (a.vus_pr + b.vus_pr) / 2);
    EXPECT_DOUBLE_EQ(r.macro.affiliation_recall, (a.affiliation_recall + b.affiliation_recall) / 2);
    EXPECT_TRUE(std::isnan(r.micro.vus_roc));  // no pooled form across units
    EXPECT_TRUE(std::isnan(r.micro.vus_pr));
    // Micro affiliation: the mean over all three ground-truth events of the fleet.
    EXPECT_EQ(r.totals.affiliation.recall_events, 3u);
    EXPECT_DOUBLE_EQ(r.micro.affiliation_recall,
                     (a.affiliation_recall * 1 + b.affiliation_recall * 2) / 3);
}

TEST(Evaluate, ShowerLabelsCountOnlyWhenTheCategoriesNameThem) {
    Fleet f;
    // A shower on unit b exactly where b's false alarm is.
    f.labels.push_back(label("b", 6 * h, 6 * h + m10, "shower_event"));
    const EvaluationResult faults = evaluate(f.units, f.labels);  // default: faults only
    EXPECT_DOUBLE_EQ(faults.micro.event_recall, 1.0 / 3.0);       // as without the shower
    EXPECT_DOUBLE_EQ(faults.micro.event_precision, 0.5);          // b's alarm is still false
    EXPECT_FALSE(evaluates_category({}, "shower_event"));
    EXPECT_TRUE(evaluates_category({}, "sensor_fault"));

    EvalOptions showers;
    showers.categories = {"shower_event"};
    const EvaluationResult r = evaluate(f.units, f.labels, showers);
    EXPECT_DOUBLE_EQ(r.micro.event_recall, 1.0);     // the one shower is found
    EXPECT_DOUBLE_EQ(r.micro.event_precision, 0.5);  // a's alarm is on no shower
    EXPECT_TRUE(evaluates_category(showers, "shower_event"));
    EXPECT_FALSE(evaluates_category(showers, "compressor_failure"));
    // The options round-trip with their categories.
    EXPECT_EQ(options_from_json(to_json(showers)).categories, showers.categories);
    EXPECT_THROW(options_from_json({{"categories", "shower_event"}}), InvalidInputError);
}
