// The self_supervised detector: bit-identical under a seed, identical after save/load, a
// drift injected into one channel caught and attributed to that channel, unit metadata and
// operating mode as inputs, and a clear error for an all-missing channel.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "heatloop/core/error.hpp"
#include "heatloop/core/quantile.hpp"
#include "heatloop/models/detectors/self_supervised.hpp"
#include "heatloop/models/registry.hpp"
#include "unit/models/synthetic.hpp"

using namespace heatloop;
using namespace heatloop::models;
using ::testing::HasSubstr;

namespace {

// A small, fast network; `architecture` picks the variant.
nlohmann::json small(const char* architecture = "tcn") {
    return {{"architecture", architecture}, {"hidden", 16},    {"epochs", 12}, {"patience", 4},
            {"max_windows", 2048},          {"batch_size", 64}};
}

UnitFrame unit(const char* id, std::uint64_t seed, const char* type = "ASHP") {
    UnitFrame f = synth::synthetic_unit({.unit = id, .days = 6, .seed = seed});
    f.attributes() = {{"type", type}, {"emitter", "radiator"}};
    return f;
}

const std::vector<UnitFrame>& fleet() {
    static const std::vector<UnitFrame> units{unit("u1", 1), unit("u2", 2), unit("u3", 3, "GSHP")};
    return units;
}

std::unique_ptr<Detector> fitted(const nlohmann::json& params, std::uint64_t seed = 7) {
    auto d = make_detector("self_supervised", params);
    d->fit(fleet(), {.seed = seed, .threads = 1});
    return d;
}

void expect_same(const std::vector<double>& a, const std::vector<double>& b) {
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::isnan(a[i]) || std::isnan(b[i])) {
            ASSERT_TRUE(std::isnan(a[i]) && std::isnan(b[i])) << i;
        } else {
            ASSERT_EQ(std::memcmp(&a[i], &b[i], sizeof(double)), 0) << i;
        }
    }
}

TEST(SelfSupervised, SameSeedGivesBitIdenticalWeightsAndScores) {
    for (const char* arch : {"tcn", "lstm"}) {
        nlohmann::json p = small(arch);
        p["epochs"] = 3;
        auto a = fitted(p), b = fitted(p), c = fitted(p, 8);
        EXPECT_EQ(a->save_side_file(), b->save_side_file()) << arch;
        EXPECT_NE(a->save_side_file(), c->save_side_file()) << arch;
        expect_same(a->score(fleet()[0]), b->score(fleet()[0]));
    }
}

TEST(SelfSupervised, SaveLoadGivesIdenticalScoresAndChannels) {
    auto d = fitted(small());
    const nlohmann::json doc = d->save();
    const std::string side = d->save_side_file();
    ASSERT_FALSE(side.empty());
    auto loaded = load_model(nlohmann::json::parse(doc.dump()), side);
    const auto& l = static_cast<const Detector&>(*loaded);
    const DetectorOutput x = d->score_with_channels(fleet()[1]);
    const DetectorOutput y = l.score_with_channels(fleet()[1]);
    expect_same(x.score, y.score);
    ASSERT_EQ(x.channels.size(), y.channels.size());
    for (std::size_t k = 0; k < x.channels.size(); ++k) {
        EXPECT_EQ(x.channels[k].name, y.channels[k].name);
        expect_same(x.channels[k].values, y.channels[k].values);
    }
    // Without its weights the document cannot be used.
    try {
        load_model(doc, "");
        FAIL() << "expected InvalidInputError";
    } catch (const InvalidInputError& e) {
        EXPECT_THAT(e.what(), HasSubstr("side file"));
    }
}

TEST(SelfSupervised, StoresOneResidualChannelPerModelChannel) {
    auto d = fitted(small());
    const auto& ss = static_cast<const SelfSupervisedDetector&>(*d);
    // The synthetic units have 7 of the default channels.
    EXPECT_EQ(ss.model_channels().size(), 7u);
    const DetectorOutput out = d->score_with_channels(fleet()[0]);
    ASSERT_EQ(out.channels.size(), 7u);
    EXPECT_EQ(out.channels[0].name, "residual.t_outdoor");
    for (const auto& c : out.channels) EXPECT_EQ(c.values.size(), fleet()[0].rows());
    const nlohmann::json& report = ss.training_report();
    EXPECT_GE(report.at("epochs").get<int>(), 1);
    EXPECT_LE(report.at("best_epoch").get<int>(), report.at("epochs").get<int>());
    EXPECT_EQ(d->save().at("state").at("vocabulary").at("type"),
              nlohmann::json::array({"ASHP", "GSHP"}));
}

TEST(SelfSupervised, CatchesADriftInOneChannelAndAttributesItToThatChannel) {
    // Trained on the first 4 days of each unit; u1 is then scored over all 6 days, its
    // t_return reading ever higher from day 4.5 on (+3 K after a day).
    const std::size_t days4 = 4 * 1440, onset = days4 + 720;
    std::vector<UnitFrame> train;
    for (const UnitFrame& u : fleet()) train.push_back(u.slice(0, days4));
    auto d = make_detector("self_supervised", small());
    d->fit(train, {.seed = 7, .threads = 1});
    const UnitFrame& clean = fleet()[0];
    const std::vector<double> clean_scores = d->score(clean);
    // The threshold: the training days' 99.9th percentile, as a run calibrates it.
    const double threshold =
        quantile(std::span<const double>(clean_scores).subspan(0, days4), 0.999);
    // Unseen days of normal operation stay mostly below it.
    std::size_t normal_above = 0;
    for (std::size_t i = days4; i < onset; ++i) normal_above += clean_scores[i] > threshold;
    EXPECT_LT(normal_above, 72u) << "threshold " << threshold;

    UnitFrame drifted = clean;
    auto& ret = drifted.get_or_add("t_return").values;
    for (std::size_t i = onset; i < ret.size(); ++i)
        ret[i] += 3.0 * std::min(1.0, static_cast<double>(i - onset) / 1440.0);
    const DetectorOutput out = d->score_with_channels(drifted);
    // Caught: the last day of the drift scores above the threshold.
    std::size_t above = 0, n = 0;
    for (std::size_t i = onset + 720; i < out.score.size(); ++i, ++n)
        above += out.score[i] > threshold ? 1 : 0;
    EXPECT_GT(above, n / 2) << "threshold " << threshold;
    // Attributed: the largest mean |residual| over that day is t_return's.
    std::string top;
    double best = -1;
    for (const auto& c : out.channels) {
        double sum = 0;
        std::size_t k = 0;
        for (std::size_t i = onset + 720; i < c.values.size(); ++i)
            if (std::isfinite(c.values[i])) sum += std::abs(c.values[i]), ++k;
        if (k && sum / static_cast<double>(k) > best)
            best = sum / static_cast<double>(k), top = c.name;
    }
    EXPECT_EQ(top, "residual.t_return");
    // Before the drift the scores are those of the clean unit (the model is causal).
    for (std::size_t i = 0; i < onset; ++i) {
        if (std::isfinite(clean_scores[i])) {
            ASSERT_EQ(out.score[i], clean_scores[i]) << i;
        }
    }
}

TEST(SelfSupervised, AnAllMissingChannelInTrainingIsAClearError) {
    std::vector<UnitFrame> units = fleet();
    for (UnitFrame& u : units)
        std::fill(u.get_or_add("t_return").values.begin(), u.get_or_add("t_return").values.end(),
                  k_missing);
    auto d = make_detector("self_supervised", small());
    try {
        d->fit(units, {.seed = 1, .threads = 1});
        FAIL() << "expected InvalidInputError";
    } catch (const InvalidInputError& e) {
        EXPECT_THAT(e.what(), HasSubstr("self_supervised: channel t_return is all missing in the "
                                        "training data (units u1, u2, u3)"));
    }
    EXPECT_FALSE(d->fitted());
}

TEST(SelfSupervised, RejectsWindowsOffTheResolutionAndBadChannelLists) {
    auto d = make_detector("self_supervised", {{"resolution", "10min"}, {"window", "25min"}});
    try {
        d->fit(fleet(), {.seed = 1, .threads = 1});
        FAIL() << "expected InvalidInputError";
    } catch (const InvalidInputError& e) {
        EXPECT_THAT(e.what(), HasSubstr("window = 25min is not a whole number of resolution"));
    }
    EXPECT_THROW(make_detector("self_supervised", {{"channels", {"t_supply", "t_supply"}}}),
                 InvalidInputError);
    EXPECT_THROW(make_detector("self_supervised", {{"channels", {"mode"}}}), InvalidInputError);
    EXPECT_THROW(make_detector("self_supervised", {{"architecture", "gru"}}), InvalidInputError);
}

TEST(SelfSupervised, DefrostIsAnInputNotAnAnomaly) {
    // Every unit defrosts (mode 3) for 10 minutes every 6 hours, with the supply dipping:
    // learned as normal operation, so the defrosts of a new unit do not stand out.
    auto with_defrost = [](UnitFrame f) {
        f.get_or_add("mode");
        auto& mode = f.get_or_add("mode").values;
        auto& supply = f.get_or_add("t_supply").values;
        for (std::size_t i = 0; i < mode.size(); ++i) {
            const bool defrost = i % 360 < 10;
            mode[i] = defrost ? 3 : 1;
            if (defrost) supply[i] -= 8;
        }
        return f;
    };
    std::vector<UnitFrame> units;
    for (const UnitFrame& u : fleet()) units.push_back(with_defrost(u));
    nlohmann::json p = small();
    p["resolution"] = "5min";
    auto d = make_detector("self_supervised", p);
    d->fit(units, {.seed = 3, .threads = 1});
    const std::vector<double> s = d->score(with_defrost(unit("u5", 5)));
    std::vector<double> finite;
    for (double v : s)
        if (std::isfinite(v)) finite.push_back(v);
    // No more than the usual share of rows stands out: the defrosts (3% of rows) are not it.
    const double q = quantile(finite, 0.9);
    std::size_t in_defrost_high = 0, in_defrost = 0;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (i % 360 >= 5 && i % 360 < 15 && std::isfinite(s[i])) {
            ++in_defrost;
            in_defrost_high += s[i] > q ? 1 : 0;
        }
    EXPECT_LT(static_cast<double>(in_defrost_high), 0.5 * static_cast<double>(in_defrost));
}

}  // namespace
