// One suite over every registered detector: output shape, determinism under a seed, save/load
// round trip, strict params, and bad input rejected with a clear error.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "heatloop/core/error.hpp"
#include "heatloop/models/registry.hpp"
#include "unit/models/synthetic.hpp"

using namespace heatloop;
using namespace heatloop::models;
using ::testing::HasSubstr;

namespace {

const std::vector<UnitFrame>& training_units() {
    static const std::vector<UnitFrame> units = [] {
        std::vector<UnitFrame> u;
        u.push_back(models::synth::synthetic_unit({.unit = "u1", .days = 5, .seed = 1}));
        u.push_back(models::synth::synthetic_unit(
            {.unit = "u2", .days = 5, .seed = 2, .tau_hours = 30, .with_indoor = false}));
        return u;
    }();
    return units;
}

const UnitFrame& test_unit() {
    static const UnitFrame unit = models::synth::synthetic_unit(
        {.unit = "u3", .days = 5, .seed = 3, .fail_at_minute = 4 * 1440});
    return unit;
}

// Equal including NaN in the same places, bit for bit otherwise.
void expect_same_scores(const std::vector<double>& a, const std::vector<double>& b) {
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::isnan(a[i]) || std::isnan(b[i])) {
            ASSERT_TRUE(std::isnan(a[i]) && std::isnan(b[i])) << "row " << i;
        } else {
            ASSERT_EQ(std::memcmp(&a[i], &b[i], sizeof(double)), 0)
                << "row " << i << ": " << a[i] << " vs " << b[i];
        }
    }
}

class DetectorConformance : public ::testing::TestWithParam<std::string_view> {
protected:
    std::unique_ptr<Detector> fitted(std::uint64_t seed = 7) const {
        auto d = make_detector(GetParam());
        // One thread: XGBoost's OpenMP threads spin-wait, which crawls on a busy 2-core
        // machine; thread-count independence is tested per detector.
        d->fit(training_units(), {.seed = seed, .threads = 1});
        return d;
    }
};

TEST_P(DetectorConformance, DescribesItself) {
    const DetectorInfo& info = find_detector(GetParam());
    auto d = info.create();
    EXPECT_EQ(d->name(), info.name);
    EXPECT_FALSE(info.summary.empty());
    EXPECT_EQ(d->param_specs().data(), info.params().data());
    EXPECT_FALSE(d->fitted());
    EXPECT_EQ(d->params().size(), info.params().size());  // defaults filled in
}

TEST_P(DetectorConformance, ScoresOneValuePerRowWithSomeScored) {
    auto d = fitted();
    const auto scores = d->score(test_unit());
    ASSERT_EQ(scores.size(), test_unit().rows());
    std::size_t scored = 0;
    for (double s : scores) scored += std::isnan(s) ? 0 : 1;
    EXPECT_GT(scored, test_unit().rows() / 4) << GetParam() << " scored too few rows";
    // A short slice is scored with the same length (perhaps all NaN).
    EXPECT_EQ(d->score(test_unit().slice(0, 30)).size(), 30u);
}

TEST_P(DetectorConformance, DeterministicUnderASeed) {
    expect_same_scores(fitted(11)->score(test_unit()), fitted(11)->score(test_unit()));
}

TEST_P(DetectorConformance, SaveLoadRoundTripGivesIdenticalScores) {
    auto d = fitted();
    const nlohmann::json doc = d->save();
    EXPECT_EQ(doc.at("format_version"), Detector::k_format_version);
    EXPECT_EQ(doc.at("model"), GetParam());
    EXPECT_EQ(doc.at("params"), d->params());
    // Through text, as a file would hold it.
    auto loaded = load_detector(nlohmann::json::parse(doc.dump()));
    EXPECT_TRUE(loaded->fitted());
    EXPECT_EQ(loaded->params(), d->params());
    expect_same_scores(d->score(test_unit()), loaded->score(test_unit()));
    EXPECT_EQ(loaded->save(), doc);
}

TEST_P(DetectorConformance, LoadRejectsOtherModelsAndVersions) {
    nlohmann::json doc = fitted()->save();
    auto fresh = make_detector(GetParam());
    nlohmann::json other = doc;
    other["model"] = "no_such_model";
    EXPECT_THROW(fresh->load(other), InvalidInputError);
    nlohmann::json newer = doc;
    newer["format_version"] = Detector::k_format_version + 1;
    try {
        fresh->load(newer);
        FAIL() << "expected InvalidInputError";
    } catch (const InvalidInputError& e) {
        EXPECT_THAT(e.what(), HasSubstr("format_version"));
    }
    nlohmann::json broken = doc;
    broken["state"] = nlohmann::json::object();
    EXPECT_THROW(fresh->load(broken), InvalidInputError);
    EXPECT_FALSE(fresh->fitted());
}

TEST_P(DetectorConformance, RejectsUnknownAndOutOfBoundsParams) {
    auto d = make_detector(GetParam());
    try {
        d->configure({{"no_such_param", 1}});
        FAIL() << "expected InvalidInputError";
    } catch (const InvalidInputError& e) {
        EXPECT_THAT(e.what(), HasSubstr("unknown parameter 'no_such_param'"));
        // The message lists every valid name.
        for (const auto& spec : d->param_specs()) EXPECT_THAT(e.what(), HasSubstr(spec.name));
    }
    for (const auto& spec : d->param_specs()) {
        const std::string key(spec.name);
        using models::ParamType;
        if (spec.type == ParamType::integer && std::isfinite(spec.min)) {
            EXPECT_THROW(d->configure({{key, static_cast<long long>(spec.min) - 1}}),
                         InvalidInputError)
                << key;
        }
        if (spec.type == ParamType::number && std::isfinite(spec.min)) {
            EXPECT_THROW(d->configure({{key, spec.min - 0.5}}), InvalidInputError) << key;
        }
        if (spec.type == ParamType::number && std::isfinite(spec.max)) {
            EXPECT_THROW(d->configure({{key, spec.max + 0.5}}), InvalidInputError) << key;
        }
        EXPECT_THROW(d->configure({{key, nlohmann::json::object()}}), InvalidInputError) << key;
    }
}

TEST_P(DetectorConformance, RejectsEmptyAndGarbageTrainingData) {
    auto d = make_detector(GetParam());
    EXPECT_THROW(d->fit({}, {}), InvalidInputError);
    EXPECT_THROW(d->score(test_unit()), InvalidInputError);  // not fitted

    // Every standard channel present, all missing.
    UnitFrame garbage("junk");
    garbage.set_grid(0, k_minute_ms, 5 * 1440);
    for (const auto& c : test_unit().channels()) garbage.get_or_add(c.name);
    try {
        d->fit(std::vector<UnitFrame>{garbage}, {});
        FAIL() << "expected InvalidInputError";
    } catch (const InvalidInputError& e) {
        EXPECT_THAT(e.what(), HasSubstr(std::string(GetParam())));
    }
    EXPECT_FALSE(d->fitted());

    UnitFrame no_channels("bare");
    no_channels.set_grid(0, k_minute_ms, 100);
    EXPECT_THROW(d->fit(std::vector<UnitFrame>{no_channels}, {}), InvalidInputError);

    UnitFrame irregular = test_unit().slice(0, 10);
    irregular.set_time({1, 2, 5, 9, 20, 21, 22, 30, 31, 40});
    EXPECT_THROW(d->fit(std::vector<UnitFrame>{irregular}, {}), InvalidInputError);
    EXPECT_THROW(fitted()->score(irregular), InvalidInputError);
}

TEST_P(DetectorConformance, ScoringAUnitWithoutTheChannelsNamesThem) {
    auto d = fitted();
    UnitFrame bare("bare");
    bare.set_grid(0, k_minute_ms, 100);
    bare.get_or_add("something_else");
    try {
        d->score(bare);
        FAIL() << "expected InvalidInputError";
    } catch (const InvalidInputError& e) {
        EXPECT_THAT(e.what(), HasSubstr("unit bare has no channel"));
    }
}

std::string test_name(const ::testing::TestParamInfo<std::string_view>& info) {
    return std::string(info.param);
}

INSTANTIATE_TEST_SUITE_P(AllRegistered, DetectorConformance, ::testing::ValuesIn(detector_names()),
                         test_name);

}  // namespace
