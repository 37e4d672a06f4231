#include "heatloop/eval/metric_catalogue.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "heatloop/core/error.hpp"
#include "heatloop/eval/metrics.hpp"

using namespace heatloop;
using namespace heatloop::eval;

namespace {
std::set<std::string> kinds_of(std::string_view name) {
    std::set<std::string> out;
    for (MetricKind k : metric_info(name).kinds) out.insert(std::string(kind_name(k)));
    return out;
}
}  // namespace

TEST(MetricCatalogue, DirectionAndKinds) {
    EXPECT_TRUE(metric_info("vus_pr").higher_is_better);
    EXPECT_TRUE(metric_info("balanced_accuracy").higher_is_better);
    EXPECT_TRUE(metric_info("event_f1").higher_is_better);
    EXPECT_FALSE(metric_info("rmse").higher_is_better);
    EXPECT_FALSE(metric_info("nde").higher_is_better);
    EXPECT_FALSE(metric_info("sae").higher_is_better);
    EXPECT_FALSE(metric_info("brier").higher_is_better);
    EXPECT_FALSE(metric_info("false_alarms_per_unit_month").higher_is_better);
    EXPECT_EQ(kinds_of("rmse"), (std::set<std::string>{"forecasting", "disaggregation"}));
    EXPECT_EQ(kinds_of("roc_auc"), (std::set<std::string>{"detection", "classification"}));
    EXPECT_EQ(kinds_of("mape"), (std::set<std::string>{"forecasting"}));
    EXPECT_EQ(kinds_of("affiliation_recall"), (std::set<std::string>{"detection"}));
    EXPECT_FALSE(metric_info("nde").description.empty());
}

TEST(MetricCatalogue, FedByTheDetectorFields) {
    for (const MetricField& f : metric_fields()) {
        const MetricInfo* m = find_metric_info(f.name);
        ASSERT_NE(m, nullptr) << f.name;
        EXPECT_EQ(m->higher_is_better, f.higher_is_better) << f.name;
        EXPECT_EQ(m->kinds.front(), MetricKind::detection) << f.name;
        EXPECT_FALSE(f.description.empty()) << f.name;
    }
    std::set<std::string_view> names;
    for (const MetricInfo& m : metric_catalogue()) names.insert(m.name);
    EXPECT_EQ(names.size(), metric_catalogue().size());
}

TEST(MetricCatalogue, LookupAndJson) {
    EXPECT_EQ(find_metric_info("nope"), nullptr);
    EXPECT_THROW(metric_info("nope"), InvalidInputError);
    EXPECT_EQ(&metric_info("macro/vus_roc"), &metric_info("vus_roc"));  // tracking's scopes
    EXPECT_EQ(&metric_info("micro/rmse"), &metric_info("rmse"));
    const nlohmann::json j = to_json(metric_info("rmse"));
    EXPECT_EQ(j["name"], "rmse");
    EXPECT_EQ(j["higher_is_better"], false);
    EXPECT_EQ(j["kinds"], (nlohmann::json{"forecasting", "disaggregation"}));
    EXPECT_EQ(metric_catalogue_json().size(), metric_catalogue().size());
}
