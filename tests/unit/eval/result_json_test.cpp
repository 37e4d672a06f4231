#include "heatloop/eval/result_json.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "unit/eval/fixtures.hpp"

using namespace heatloop;
using namespace heatloop::eval;
using namespace heatloop::eval::testing;

TEST(ResultJson, StableKeysAndNullForUndefined) {
    std::vector<UnitData> units = {grid_unit("a", 6)};
    units[0].alarms = {alarm("a", 1 * h, 1 * h + m10)};
    const EvaluationResult r = evaluate(units, {});
    const nlohmann::json j = to_json(r);
    EXPECT_EQ(j["format_version"], k_evaluation_format);
    EXPECT_EQ(j["options"]["deadline"], "6h");
    ASSERT_EQ(j["units"].size(), 1u);
    const auto& u = j["units"][0];
    EXPECT_EQ(u["unit_id"], "a");
    EXPECT_EQ(u["counts"]["false_alarms"], 1);
    EXPECT_TRUE(u["metrics"]["event_recall"].is_null());  // no labels
    EXPECT_EQ(u["metrics"]["event_precision"], 0.0);
    for (const auto& f : metric_fields()) {
        EXPECT_TRUE(j["macro"].contains(std::string(f.name))) << f.name;
        EXPECT_TRUE(j["micro"].contains(std::string(f.name))) << f.name;
    }
    // Breakdown rows carry the event metrics; only unit_type rows carry them all.
    EXPECT_TRUE(j["breakdowns"]["category"].empty());
    const auto& season = j["breakdowns"]["season"][0];
    EXPECT_EQ(season["key"], "DJF");
    EXPECT_TRUE(season["metrics"].contains("false_alarms_per_unit_month"));
    EXPECT_FALSE(season["metrics"].contains("roc_auc"));
    EXPECT_TRUE(j["breakdowns"]["unit_type"][0]["metrics"].contains("roc_auc"));
}

TEST(ResultJson, Curve) {
    DelayFalseAlarmCurve c;
    c.points.push_back({0.9, 1.5, 3, 0.5, 1.0, 2.0, 1.0, 0.5});
    c.operating_point = {std::nan(""), std::nan(""), 1, 1.0, 1.0, 0.0, 1.0, 1.0};
    const nlohmann::json j = to_json(c);
    EXPECT_EQ(j["points"][0]["threshold"], 1.5);
    EXPECT_EQ(j["points"][0]["alarms"], 3);
    EXPECT_TRUE(j["operating_point"]["threshold"].is_null());
}
