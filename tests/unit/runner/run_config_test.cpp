#include "heatloop/runner/run_config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "heatloop/core/error.hpp"

using namespace heatloop;
using namespace heatloop::runner;
using ::testing::HasSubstr;

namespace {

std::string message_of(const std::string& text) {
    try {
        parse_run_config(text, "c.toml");
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST(RunConfig, ReadsEveryTable) {
    const RunConfig c = parse_run_config(R"(
name = "x"
experiment = "e"
seed = 3
[data]
units = ["a", "b"]
split = "dates"
train = ["2024-01-01", 2024-02-01]
eval = ["2024-02-01", "2024-03-01T00:00:00Z"]
exclude_labels_from_training = false
[model]
name = "time_off_threshold"
[model.params]
factor = 2.0
[alarms]
method = "fixed"
value = 1.0
merge_gap = "1h"
[evaluation]
deadline = "3h"
)",
                                         "c.toml");
    EXPECT_EQ(c.name, "x");
    EXPECT_EQ(c.experiment, "e");
    EXPECT_EQ(c.seed, 3u);
    EXPECT_EQ(c.data.units, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(c.data.split, SplitKind::dates);
    EXPECT_EQ(*c.data.train_start, parse_utc("2024-01-01"));
    EXPECT_EQ(*c.data.train_end, parse_utc("2024-02-01"));
    EXPECT_EQ(*c.data.eval_end, parse_utc("2024-03-01"));
    EXPECT_FALSE(c.data.exclude_labels_from_training);
    EXPECT_EQ(c.model, "time_off_threshold");
    EXPECT_EQ(c.kind, models::ModelKind::detector);
    EXPECT_EQ(c.scope, ModelScope::fleet);
    EXPECT_EQ(c.params.at("factor").get<double>(), 2.0);
    EXPECT_EQ(c.alarms.method, alarms::ThresholdMethod::fixed);
    EXPECT_EQ(c.alarms.merge_gap, k_hour_ms);
    EXPECT_EQ(c.evaluation.deadline, 3 * k_hour_ms);
    EXPECT_THAT(c.text, HasSubstr("time_off_threshold"));
}

TEST(RunConfig, DefaultsNameTheRunAfterTheDetector) {
    const RunConfig c = parse_run_config("[model]\nname = \"spectral\"\n", "c.toml");
    EXPECT_EQ(c.name, "spectral");
    EXPECT_EQ(c.data.split, SplitKind::time);
    EXPECT_DOUBLE_EQ(c.data.train_fraction, 0.85);
}

TEST(RunConfig, ErrorsNameFileLineAndWhatIsValid) {
    EXPECT_THAT(message_of("[model]\nname = \"spectral\"\ncolour = 1\n"),
                HasSubstr("c.toml:3: unknown key 'model.colour' (valid: name, scope, params)"));
    EXPECT_THAT(message_of("[model]\nname = \"forest\"\n"),
                AllOf(HasSubstr("unknown model 'forest'"), HasSubstr("isolation_forest")));
    EXPECT_THAT(message_of("[model]\nname = \"spectral\"\n[model.params]\nbins = 99\n"),
                HasSubstr("bins"));
    EXPECT_THAT(message_of("[data]\nsplit = \"random\"\n[model]\nname = \"spectral\"\n"),
                HasSubstr("unknown split 'random'"));
    EXPECT_THAT(message_of("[data]\ntrain_fraction = 1.5\n[model]\nname = \"spectral\"\n"),
                HasSubstr("c.toml:2: data.train_fraction: 1.5 is not in (0, 1)"));
    EXPECT_THAT(message_of("[data]\nsplit = \"dates\"\n[model]\nname = \"spectral\"\n"),
                HasSubstr("needs data.train"));
    EXPECT_THAT(message_of("[data]\nsplit = \"units\"\n[model]\nname = \"spectral\"\n"),
                HasSubstr("needs data.eval_units"));
    EXPECT_THAT(message_of("[data]\ntrain = [\"2024-02-01\", \"2024-01-01\"]\n[model]\nname = "
                           "\"spectral\"\n"),
                HasSubstr("is not after start"));
    EXPECT_THAT(message_of("[alarms]\nmethod = \"guess\"\n[model]\nname = \"spectral\"\n"),
                HasSubstr("c.toml:1: [alarms]"));
    EXPECT_THAT(message_of("name = \n"), HasSubstr("c.toml:1:"));
    EXPECT_THAT(message_of("name = \"x\"\n"), HasSubstr("a [model] table"));
}

TEST(RunConfig, LoadNamesAMissingFile) {
    EXPECT_THROW(load_run_config("/nonexistent/run.toml"), NotFoundError);
}

TEST(RunConfig, ReadsScopeRowCountsFoldsAndCalibration) {
    const RunConfig c = parse_run_config(R"(
[data]
train_rows = 400
calibration_fraction = 0.2
[model]
name = "isolation_forest"
scope = "unit"
[model.params]
window = "60 steps"
)",
                                         "c.toml");
    EXPECT_EQ(c.scope, ModelScope::unit);
    EXPECT_EQ(c.data.train_rows, 400u);
    EXPECT_DOUBLE_EQ(c.data.calibration_fraction, 0.2);
    const RunConfig f = parse_run_config(R"(
[data]
split = "unit_folds"
folds = 4
[model]
name = "seasonal_naive"
)",
                                         "c.toml");
    EXPECT_EQ(f.data.split, SplitKind::unit_folds);
    EXPECT_EQ(f.data.folds, 4);
    EXPECT_EQ(f.kind, models::ModelKind::forecaster);
}

TEST(RunConfig, RejectsInconsistentSplitsAndScopes) {
    EXPECT_THAT(message_of("[data]\ntrain_rows = 10\ntrain_fraction = 0.5\n[model]\nname = "
                           "\"isolation_forest\"\n"),
                HasSubstr("give one of them"));
    EXPECT_THAT(message_of("[data]\nsplit = \"none\"\ntrain_rows = 10\n[model]\nname = "
                           "\"isolation_forest\"\n"),
                HasSubstr("apply to split = \"time\""));
    EXPECT_THAT(message_of("[data]\nfolds = 3\n[model]\nname = \"isolation_forest\"\n"),
                HasSubstr("unit_folds"));
    EXPECT_THAT(message_of("[data]\nsplit = \"unit_folds\"\n[model]\nname = "
                           "\"isolation_forest\"\nscope = \"unit\"\n"),
                HasSubstr("c.toml:5: model.scope = \"unit\""));
    EXPECT_THAT(message_of("[data]\ncalibration_fraction = 1.0\n[model]\nname = "
                           "\"isolation_forest\"\n"),
                HasSubstr("not in [0, 1)"));
    EXPECT_THAT(message_of("[model]\nname = \"isolation_forest\"\nscope = \"units\"\n"),
                HasSubstr("unknown model scope 'units' (valid: fleet, unit)"));
    EXPECT_THAT(message_of("[model]\nname = \"isolation_forest\"\n[model.params]\nwindow = "
                           "\"an hour\"\n"),
                HasSubstr("window"));
}

TEST(RunConfig, ADisaggregatorRunsLeaveOneHouseholdOut) {
    const RunConfig c = parse_run_config(R"(
[data]
split = "unit_folds"
folds = 4
[model]
name = "gradient_boosting_disaggregator"
[model.params]
component_channel = "load_heat_pump"
)",
                                         "c.toml");
    EXPECT_EQ(c.kind, models::ModelKind::disaggregator);
    EXPECT_EQ(c.data.split, SplitKind::unit_folds);
    EXPECT_EQ(c.data.folds, 4);
    EXPECT_EQ(c.name, "gradient_boosting_disaggregator");
}
