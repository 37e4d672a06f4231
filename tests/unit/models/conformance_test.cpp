// One suite over every registered model of every kind: output shape, determinism under a seed,
// save/load round trip, strict params, and bad input rejected with a clear error; detectors
// also with garbage training data and missing channels.

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

bool has_param(const ModelInfo& info, std::string_view name) {
    for (const auto& p : info.params())
        if (p.name == name) return true;
    return false;
}

// What the suite fits models of every kind with: neural models a tiny network; forecasters
// forecast t_supply from lagged supply and return temperatures (the synthetic units have no
// tank), boosted models with few trees, neural forecasters a tiny network; every other parameter
// keeps its default.
nlohmann::json suite_params(const ModelInfo& info) {
    // Neural models: a tiny network, so the suite stays fast.
    if (info.name == "self_supervised")
        return {{"hidden", 4}, {"epochs", 2}, {"max_windows", 256}, {"batch_size", 64}};
    // Shower detection reads tank temperatures; the synthetic units' flow temperatures do.
    if (info.name == "shower_iforest")
        return {{"mid_channel", "t_supply"}, {"top_channel", "t_return"}};
    // Disaggregators: the synthetic units' heat output stands in for a total, the compressor
    // power for its component; tiny settings.
    if (info.name == "seq2point")
        return {{"total_channel", "heat_output"},
                {"component_channel", "compressor_power"},
                {"window", 9},
                {"filters", 2},
                {"hidden", 4},
                {"epochs", 2},
                {"max_windows", 256},
                {"batch_size", 64}};
    if (info.kind == ModelKind::disaggregator)
        return {{"total_channel", "heat_output"},
                {"component_channel", "compressor_power"},
                {"n_estimators", 20}};
    if (info.kind == ModelKind::classifier) {
        // Classifiers read a household load: the compressor's power stands in for it; the
        // five synthetic days are a small part of their month.
        nlohmann::json p = {{"load_channel", "compressor_power"}, {"min_coverage", 0.1}};
        if (has_param(info, "n_estimators")) p["n_estimators"] = 20;
        if (has_param(info, "epochs")) p.update({{"filters", 4}, {"epochs", 2}});
        return p;
    }
    if (info.kind != ModelKind::forecaster) return nullptr;
    nlohmann::json p = {{"target", "t_supply"}, {"horizon", 3}};
    if (has_param(info, "lag_channels")) {
        p["lag_channels"] = {"t_supply", "t_return"};
        p["current"] = {"t_return"};
    }
    if (has_param(info, "n_estimators")) p["n_estimators"] = 20;
    if (has_param(info, "epochs")) {  // neural forecasters: a tiny network
        p["hidden"] = 4;
        p["epochs"] = 2;
        p["window"] = "10min";
        p["max_windows"] = 512;
        p["batch_size"] = 64;
    }
    return p;
}

// Fits a model of any kind on the suite's training units.
void fit_any(Model& m, std::span<const UnitFrame> units, const ModelContext& ctx) {
    switch (m.kind()) {
        case ModelKind::detector:
            return static_cast<Detector&>(m).fit(units, ctx);
        case ModelKind::forecaster:
            return static_cast<Forecaster&>(m).fit(units, ctx);
        case ModelKind::classifier: {
            std::vector<double> targets(units.size());
            for (std::size_t i = 0; i < targets.size(); ++i) targets[i] = i % 2;
            return static_cast<Classifier&>(m).fit(units, targets, ctx);
        }
        case ModelKind::disaggregator:
            return static_cast<Disaggregator&>(m).fit(units, ctx);
    }
}

// A model's output for one unit, flattened to numbers: scores, forecasts step by step,
// period probabilities, or the estimated component.
std::vector<double> predict_any(const Model& m, const UnitFrame& unit) {
    switch (m.kind()) {
        case ModelKind::detector:
            return static_cast<const Detector&>(m).score(unit);
        case ModelKind::forecaster: {
            std::vector<double> out;
            for (const auto& step : static_cast<const Forecaster&>(m).predict(unit).by_step)
                out.insert(out.end(), step.begin(), step.end());
            return out;
        }
        case ModelKind::classifier: {
            std::vector<double> out;
            for (const auto& p : static_cast<const Classifier&>(m).predict(unit))
                out.push_back(p.probability);
            return out;
        }
        case ModelKind::disaggregator:
            return static_cast<const Disaggregator&>(m).predict(unit);
    }
    return {};
}

// How many numbers predict_any gives for a unit of `rows` rows (0 = any).
std::size_t expected_outputs(const Model& m, std::size_t rows) {
    if (m.kind() == ModelKind::forecaster)
        return rows * static_cast<const Forecaster&>(m).horizon();
    if (m.kind() == ModelKind::classifier) return 0;
    return rows;
}

// One suite over every registered model, whatever its kind.
class ModelConformance : public ::testing::TestWithParam<std::string_view> {
protected:
    const ModelInfo& info() const { return find_model(GetParam()); }
    std::unique_ptr<Model> fitted(std::uint64_t seed = 7) const {
        auto m = make_model(GetParam(), suite_params(info()));
        // One thread: XGBoost's OpenMP threads spin-wait, which crawls on a busy 2-core
        // machine; thread-count independence is tested per model.
        fit_any(*m, training_units(), {.seed = seed, .threads = 1});
        return m;
    }
};

TEST_P(ModelConformance, DescribesItself) {
    auto m = info().create();
    EXPECT_EQ(m->name(), info().name);
    EXPECT_EQ(m->kind(), info().kind);
    EXPECT_FALSE(info().summary.empty());
    EXPECT_EQ(m->param_specs().data(), info().params().data());
    EXPECT_FALSE(m->fitted());
    EXPECT_EQ(m->params().size(), info().params().size());  // defaults filled in
    EXPECT_THROW(m->save(), InvalidInputError);             // nothing to save yet
}

TEST_P(ModelConformance, PredictsTheExpectedShapeWithSomeValues) {
    auto m = fitted();
    const auto out = predict_any(*m, test_unit());
    if (const std::size_t want = expected_outputs(*m, test_unit().rows())) {
        ASSERT_EQ(out.size(), want);
    }
    std::size_t present = 0;
    for (double v : out) present += std::isnan(v) ? 0 : 1;
    EXPECT_GT(present, out.size() / 4) << GetParam() << " predicted too few values";
    // A short slice gives the same shape (perhaps all NaN).
    const auto short_out = predict_any(*m, test_unit().slice(0, 30));
    if (const std::size_t want = expected_outputs(*m, 30)) {
        EXPECT_EQ(short_out.size(), want);
    }
}

TEST_P(ModelConformance, DeterministicUnderASeed) {
    expect_same_scores(predict_any(*fitted(11), test_unit()),
                       predict_any(*fitted(11), test_unit()));
}

TEST_P(ModelConformance, SaveLoadRoundTripGivesIdenticalOutput) {
    auto m = fitted();
    const nlohmann::json doc = m->save();
    EXPECT_EQ(doc.at("format_version"), Model::k_format_version);
    EXPECT_EQ(doc.at("model"), GetParam());
    EXPECT_EQ(doc.at("kind"), kind_name(info().kind));
    EXPECT_EQ(doc.at("params"), m->params());
    // Through text, as a file would hold it.
    auto loaded = load_model(nlohmann::json::parse(doc.dump()), m->save_side_file());
    EXPECT_TRUE(loaded->fitted());
    EXPECT_EQ(loaded->kind(), m->kind());
    EXPECT_EQ(loaded->params(), m->params());
    expect_same_scores(predict_any(*m, test_unit()), predict_any(*loaded, test_unit()));
    EXPECT_EQ(loaded->save(), doc);
}

TEST_P(ModelConformance, LoadRejectsOtherModelsKindsAndVersions) {
    nlohmann::json doc = fitted()->save();
    auto fresh = make_model(GetParam(), suite_params(info()));
    nlohmann::json other = doc;
    other["model"] = "no_such_model";
    EXPECT_THROW(fresh->load(other), InvalidInputError);
    nlohmann::json newer = doc;
    newer["format_version"] = Model::k_format_version + 1;
    try {
        fresh->load(newer);
        FAIL() << "expected InvalidInputError";
    } catch (const InvalidInputError& e) {
        EXPECT_THAT(e.what(), HasSubstr("format_version"));
    }
    nlohmann::json kind = doc;
    kind["kind"] = info().kind == ModelKind::detector ? "forecaster" : "detector";
    EXPECT_THROW(fresh->load(kind), InvalidInputError);
    nlohmann::json broken = doc;
    broken["state"] = nlohmann::json::array();
    EXPECT_THROW(fresh->load(broken), InvalidInputError);
    EXPECT_FALSE(fresh->fitted());
}

TEST_P(ModelConformance, RejectsUnknownAndOutOfBoundsParams) {
    auto d = make_model(GetParam());
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
        if (spec.type == ParamType::duration) {
            EXPECT_THROW(d->configure({{key, "soon"}}), InvalidInputError) << key;
            EXPECT_THROW(d->configure({{key, "0 steps"}}), InvalidInputError) << key;
        }
        EXPECT_THROW(d->configure({{key, nlohmann::json::object()}}), InvalidInputError) << key;
    }
}

TEST_P(ModelConformance, RejectsNoUnitsAndPredictionBeforeFit) {
    auto m = make_model(GetParam(), suite_params(info()));
    EXPECT_THROW(fit_any(*m, {}, {}), InvalidInputError);
    EXPECT_THROW(predict_any(*m, test_unit()), InvalidInputError);  // not fitted
    UnitFrame irregular = test_unit().slice(0, 10);
    irregular.set_time({1, 2, 5, 9, 20, 21, 22, 30, 31, 40});
    EXPECT_THROW(fit_any(*m, std::vector<UnitFrame>{irregular}, {}), InvalidInputError);
    EXPECT_FALSE(m->fitted());
}

std::string test_name(const ::testing::TestParamInfo<std::string_view>& info) {
    return std::string(info.param);
}

INSTANTIATE_TEST_SUITE_P(AllRegistered, ModelConformance, ::testing::ValuesIn(model_names()),
                         test_name);

// What detectors must do beyond that.
class DetectorConformance : public ::testing::TestWithParam<std::string_view> {
protected:
    std::unique_ptr<Detector> fitted(std::uint64_t seed = 7) const {
        auto d = make_detector(GetParam(), suite_params(find_model(GetParam())));
        d->fit(training_units(), {.seed = seed, .threads = 1});
        return d;
    }
};

TEST_P(DetectorConformance, RejectsEmptyAndGarbageTrainingData) {
    auto d = make_detector(GetParam(), suite_params(find_model(GetParam())));
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

// Extra score channels (none for most detectors): named, aligned, the same after save/load,
// and score_with_channels() gives the same score as score().
TEST_P(DetectorConformance, ScoreChannelsAreAlignedAndSurviveSaveLoad) {
    auto d = fitted();
    const DetectorOutput out = d->score_with_channels(test_unit());
    expect_same_scores(out.score, d->score(test_unit()));
    for (const ScoreChannel& c : out.channels) {
        EXPECT_FALSE(c.name.empty());
        EXPECT_EQ(c.values.size(), test_unit().rows()) << c.name;
    }
    auto loaded = load_model(d->save(), d->save_side_file());
    const DetectorOutput again =
        static_cast<const Detector&>(*loaded).score_with_channels(test_unit());
    ASSERT_EQ(again.channels.size(), out.channels.size());
    for (std::size_t k = 0; k < out.channels.size(); ++k)
        expect_same_scores(out.channels[k].values, again.channels[k].values);
}

INSTANTIATE_TEST_SUITE_P(AllRegistered, DetectorConformance, ::testing::ValuesIn(detector_names()),
                         test_name);

}  // namespace
