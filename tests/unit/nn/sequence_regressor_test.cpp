// SequenceRegressor: seeded determinism (bit-identical weights and predictions), save/load,
// predictions independent of the thread count, the windows it skips, and errors for data it
// cannot learn from.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <ostream>

#include "heatloop/core/error.hpp"
#include "heatloop/nn/sequence_regressor.hpp"

using namespace heatloop;
using namespace heatloop::nn;
using ::testing::HasSubstr;

namespace heatloop::nn {
// Test names and ctest listings show the architecture by name.
void PrintTo(RegressorArchitecture a, std::ostream* os) {
    *os << regressor_architecture_name(a);
}
}  // namespace heatloop::nn

namespace {

constexpr float k_nan = std::numeric_limits<float>::quiet_NaN();

// Features: a sine and a cosine of time; targets: the sine 1..H rows later, with gaps.
struct Data {
    std::vector<float> x, y;
    std::size_t steps = 0;
    RegressionSeries series() const { return {x, y, steps}; }
};
Data make_data(std::size_t steps, int h, double phase) {
    Data d;
    d.steps = steps;
    auto s = [&](double t) { return static_cast<float>(std::sin(0.3 * t + phase)); };
    for (std::size_t t = 0; t < steps; ++t) {
        const double tt = static_cast<double>(t);
        d.x.push_back(s(tt));
        d.x.push_back(static_cast<float>(std::cos(0.3 * tt + phase)));
        for (int k = 1; k <= h; ++k) d.y.push_back(s(tt + k));
    }
    d.x[2 * 50] = k_nan;                                  // row 50 lacks a feature
    for (int k = 0; k < h; ++k) d.y[70 * h + k] = k_nan;  // row 70 has no target
    return d;
}

RegressorSpec spec(RegressorArchitecture a) {
    return {.architecture = a, .features = 2, .outputs = 3, .window = 6, .hidden = 8};
}

RegressorTrainOptions quick() {
    RegressorTrainOptions o;
    o.epochs = 3;
    o.batch_size = 32;
    o.seed = 5;
    return o;
}

void expect_same(const std::vector<float>& a, const std::vector<float>& b) {
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::isnan(a[i]) || std::isnan(b[i])) {
            ASSERT_TRUE(std::isnan(a[i]) && std::isnan(b[i])) << i;
        } else {
            ASSERT_EQ(std::memcmp(&a[i], &b[i], sizeof(float)), 0)
                << i << ": " << a[i] << " vs " << b[i];
        }
    }
}

class SequenceRegressorTest : public ::testing::TestWithParam<RegressorArchitecture> {};

TEST_P(SequenceRegressorTest, SameSeedGivesBitIdenticalWeightsAndPredictions) {
    const Data d = make_data(400, 3, 0.0), test = make_data(200, 3, 1.0);
    const std::vector<RegressionSeries> series{d.series()};
    SequenceRegressor a(spec(GetParam()), 11), b(spec(GetParam()), 11), c(spec(GetParam()), 12);
    const TrainReport ra = a.train(series, quick());
    const TrainReport rb = b.train(series, quick());
    c.train(series, quick());
    EXPECT_EQ(ra.train_loss, rb.train_loss);
    EXPECT_EQ(ra.validation_loss, rb.validation_loss);
    EXPECT_EQ(a.save(), b.save());
    EXPECT_NE(a.save(), c.save());  // another seed, other weights
    expect_same(a.predict(test.x, test.steps, 1), b.predict(test.x, test.steps, 1));
}

TEST_P(SequenceRegressorTest, SaveLoadAndThreadCountGiveIdenticalPredictions) {
    const Data d = make_data(400, 3, 0.0), test = make_data(1500, 3, 2.0);
    SequenceRegressor a(spec(GetParam()), 3);
    a.train(std::vector<RegressionSeries>{d.series()}, quick());
    SequenceRegressor b(spec(GetParam()), 99);  // other initial weights, replaced by load()
    b.load(a.save());
    const auto p = a.predict(test.x, test.steps, 1, 128);
    expect_same(p, b.predict(test.x, test.steps, 1, 128));
    expect_same(p, a.predict(test.x, test.steps, 3, 128));  // 12 batches over 3 threads
    // Rows before the first full window and rows with a missing feature get none.
    ASSERT_EQ(p.size(), test.steps * 3);
    for (std::size_t t = 0; t < 5; ++t) EXPECT_TRUE(std::isnan(p[t * 3])) << t;
    EXPECT_TRUE(std::isnan(p[50 * 3]));
    EXPECT_FALSE(std::isnan(p[5 * 3]));
    EXPECT_FALSE(std::isnan(p[51 * 3]));
    // A short series gives all NaN of the right shape.
    const auto short_p = a.predict(std::span<const float>(test.x).first(2 * 4), 4, 1);
    ASSERT_EQ(short_p.size(), 12u);
    for (float v : short_p) EXPECT_TRUE(std::isnan(v));
}

TEST_P(SequenceRegressorTest, LearnsTheFutureOfASine) {
    const Data d = make_data(1200, 3, 0.0), test = make_data(300, 3, 0.7);
    SequenceRegressor r(spec(GetParam()), 1);
    RegressorTrainOptions o = quick();
    o.epochs = 40;
    o.patience = 6;
    o.learning_rate = 5e-3;
    const TrainReport rep = r.train(std::vector<RegressionSeries>{d.series()}, o);
    EXPECT_LT(rep.best_validation_loss, rep.validation_loss.front());
    const auto p = r.predict(test.x, test.steps, 1);
    double se = 0, se_last = 0;
    std::size_t n = 0;
    for (std::size_t t = 10; t < test.steps; ++t) {
        const float want = test.y[t * 3 + 2];
        if (std::isnan(p[t * 3 + 2]) || std::isnan(want)) continue;
        se += std::pow(p[t * 3 + 2] - want, 2);
        se_last += std::pow(test.x[t * 2] - want, 2);  // persistence: the sine now
        ++n;
    }
    ASSERT_GT(n, 200u);
    EXPECT_LT(std::sqrt(se / n), 0.3 * std::sqrt(se_last / n));
}

TEST_P(SequenceRegressorTest, RejectsTooFewWindowsAndForeignWeights) {
    const Data d = make_data(400, 3, 0.0);
    SequenceRegressor r(spec(GetParam()), 1);
    try {
        r.train(std::vector<RegressionSeries>{{std::span<const float>(d.x).first(2 * 6),
                                               std::span<const float>(d.y).first(3 * 6), 6}},
                quick());
        FAIL() << "expected InvalidInputError";
    } catch (const InvalidInputError& e) {
        EXPECT_THAT(e.what(), HasSubstr("training and"));
        EXPECT_THAT(e.what(), HasSubstr("validation windows"));
    }
    EXPECT_THROW(r.load("not a torch archive"), InvalidInputError);
    RegressorSpec other = spec(GetParam());
    other.hidden = 5;
    SequenceRegressor s(other, 1);
    EXPECT_THROW(r.load(s.save()), InvalidInputError);
    EXPECT_THROW(SequenceRegressor(RegressorSpec{.features = 0}, 1), InvalidInputError);
}

INSTANTIATE_TEST_SUITE_P(Both, SequenceRegressorTest,
                         ::testing::Values(RegressorArchitecture::lstm,
                                           RegressorArchitecture::bilstm_attention),
                         [](const auto& p) {
                             return std::string(regressor_architecture_name(p.param));
                         });

TEST(RegressorArchitecture, NamesRoundTripAndUnknownListsTheValidOnes) {
    for (auto a : {RegressorArchitecture::lstm, RegressorArchitecture::bilstm_attention})
        EXPECT_EQ(parse_regressor_architecture(regressor_architecture_name(a)), a);
    try {
        parse_regressor_architecture("gru");
        FAIL() << "expected InvalidInputError";
    } catch (const InvalidInputError& e) {
        EXPECT_THAT(e.what(), HasSubstr("lstm, bilstm_attention"));
    }
}

}  // namespace
