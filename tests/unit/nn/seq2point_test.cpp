// Seq2Point and the seq2point disaggregator: seeded determinism, save/load, predictions
// independent of the thread count, missing totals, learning an unseen household's heat pump,
// and a clear error for another resolution.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "heatloop/core/error.hpp"
#include "heatloop/models/registry.hpp"
#include "heatloop/nn/seq2point.hpp"
#include "unit/models/synthetic_household.hpp"

using namespace heatloop;
using ::testing::HasSubstr;

namespace {

// Inputs (total, temperature) and target (heat pump) of a synthetic household, as floats.
struct Data {
    std::vector<float> x, y;
    std::size_t steps = 0;
    nn::Seq2PointSeries series() const { return {x, y, steps}; }
};
Data data_of(const UnitFrame& f) {
    Data d;
    d.steps = f.rows();
    for (std::size_t i = 0; i < f.rows(); ++i) {
        d.x.push_back(static_cast<float>(f.at("load").values[i]));
        d.x.push_back(static_cast<float>(f.at("t_outdoor").values[i]));
        d.y.push_back(static_cast<float>(f.at("load_heat_pump").values[i]));
    }
    return d;
}

nn::Seq2PointTrainOptions quick() {
    nn::Seq2PointTrainOptions o;
    o.epochs = 3;
    o.batch_size = 64;
    o.max_windows = 1024;
    o.seed = 5;
    return o;
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

}  // namespace

TEST(Seq2Point, SeededSaveLoadAndThreadIndependent) {
    const Data d = data_of(models::synth::synthetic_household({.days = 14}));  // 2 batches of 512
    const nn::Seq2PointSpec spec{2, 9, 4, 3, 8};
    nn::Seq2Point a(spec, 1), b(spec, 1);
    const std::vector<nn::Seq2PointSeries> series{d.series()};
    const nn::TrainReport ra = a.train(series, quick());
    b.train(series, quick());
    EXPECT_GT(ra.train_windows, 0u);
    EXPECT_GT(ra.validation_windows, 0u);
    const auto pa = a.predict(d.x, d.steps, 1);
    ASSERT_EQ(pa.size(), d.steps);
    EXPECT_TRUE(same_bits(pa, b.predict(d.x, d.steps, 1)));
    EXPECT_TRUE(same_bits(pa, a.predict(d.x, d.steps, 3)));  // same batches, 3 threads
    for (float v : pa) ASSERT_FALSE(std::isnan(v));          // every row, edges included
    nn::Seq2Point c(spec, 99);
    c.load(a.save());
    EXPECT_TRUE(same_bits(pa, c.predict(d.x, d.steps, 1)));
    nn::Seq2Point other({2, 11, 4, 3, 8}, 1);
    EXPECT_THROW(other.load(a.save()), InvalidInputError);
    EXPECT_THROW(other.load("not weights"), InvalidInputError);
    // A row without its total gets no estimate; a missing temperature reads as the mean.
    std::vector<float> x = d.x;
    x[2 * 10] = std::numeric_limits<float>::quiet_NaN();
    x[2 * 11 + 1] = std::numeric_limits<float>::quiet_NaN();
    const auto p = a.predict(x, d.steps, 1);
    EXPECT_TRUE(std::isnan(p[10]));
    EXPECT_FALSE(std::isnan(p[11]));
}

TEST(Seq2Point, RejectsBadShapesAndTooLittleData) {
    EXPECT_THROW(nn::Seq2Point({2, 8, 4, 3, 8}, 1), InvalidInputError);  // even window
    EXPECT_THROW(nn::Seq2Point({2, 9, 4, 4, 8}, 1), InvalidInputError);  // even kernel
    nn::Seq2Point net({2, 9, 4, 3, 8}, 1);
    const std::vector<float> x(4, 1.0f), y(2, std::numeric_limits<float>::quiet_NaN());
    const std::vector<nn::Seq2PointSeries> none{{x, y, 2}};
    try {
        net.train(none, quick());
        FAIL();
    } catch (const InvalidInputError& e) {
        EXPECT_THAT(e.what(), HasSubstr("0 training and 0 validation windows"));
    }
}

TEST(Seq2PointDisaggregator, EstimatesAnUnseenHouseholdAndRefusesAnotherResolution) {
    EXPECT_THAT(models::model_names(models::ModelKind::disaggregator),
                ::testing::Contains("seq2point"));
    auto m = models::make_disaggregator("seq2point", {{"window", 17},
                                                      {"filters", 8},
                                                      {"hidden", 16},
                                                      {"epochs", 8},
                                                      {"max_windows", 2048},
                                                      {"learning_rate", 3e-3}});
    const std::vector<UnitFrame> train{
        models::synth::synthetic_household({.id = "a", .days = 21, .seed = 1}),
        models::synth::synthetic_household({.id = "b", .days = 21, .seed = 2})};
    m->fit(train, {.seed = 3, .threads = 1});
    const UnitFrame test = models::synth::synthetic_household({.id = "c", .seed = 9});
    const auto est = m->predict(test);
    const auto& total = test.at("load").values;
    for (std::size_t i = 0; i < est.size(); ++i) {
        ASSERT_GE(est[i], 0.0) << i;
        ASSERT_LE(est[i], total[i]) << i;
    }
    const auto q = models::synth::fit_of(test.at("load_heat_pump").values, est);
    EXPECT_GT(q.r2, 0.5) << "rmse " << q.rmse;
    // Saved and loaded through the registry: the same estimates.
    auto loaded = models::load_model(m->save(), m->save_side_file());
    loaded->set_context({.seed = 3, .threads = 2});
    EXPECT_EQ(static_cast<const models::Disaggregator&>(*loaded).predict(test), est);
    try {
        m->predict(models::synth::synthetic_household({.id = "h", .step = k_hour_ms}));
        FAIL() << "hourly data given to a 15-minute model";
    } catch (const InvalidInputError& e) {
        EXPECT_THAT(e.what(), HasSubstr("trained on 15min data"));
    }
}
