// The neural layer: seeded determinism (bit-identical weights and predictions), save/load,
// the scoped thread count, and errors for data it cannot learn from.

#include <ATen/Parallel.h>
#include <dlfcn.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <ostream>

#include "heatloop/core/error.hpp"
#include "heatloop/nn/sequence_net.hpp"

using namespace heatloop;
using namespace heatloop::nn;
using ::testing::HasSubstr;

namespace heatloop::nn {
// Test names and ctest listings show the architecture by name.
void PrintTo(Architecture a, std::ostream* os) {
    *os << architecture_name(a);
}
}  // namespace heatloop::nn

namespace {

// Two channels (a sine and its lagged, scaled copy) and one covariate (a phase flag), with a
// few missing values.
struct Data {
    std::vector<float> values, covariates;
    std::size_t steps = 0;
    SeriesView view() const { return {values, covariates, steps}; }
};
Data make_data(std::size_t steps, double phase) {
    Data d;
    d.steps = steps;
    for (std::size_t t = 0; t < steps; ++t) {
        const double x = std::sin(0.2 * static_cast<double>(t) + phase);
        const double y = 0.8 * std::sin(0.2 * (static_cast<double>(t) - 2) + phase);
        d.values.push_back(t % 37 == 5 ? NAN : static_cast<float>(x));
        d.values.push_back(static_cast<float>(y));
        d.covariates.push_back(x > 0 ? 1.0f : 0.0f);
    }
    return d;
}

NetSpec spec(Architecture a) {
    return {.architecture = a, .channels = 2, .covariates = 1, .window = 8, .hidden = 8};
}

TrainOptions options(std::uint64_t seed) {
    TrainOptions o;
    o.epochs = 3;
    o.batch_size = 32;
    o.seed = seed;
    o.threads = 1;
    return o;
}

void expect_bit_identical(const std::vector<float>& a, const std::vector<float>& b) {
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

class SequenceNetTest : public ::testing::TestWithParam<Architecture> {};

TEST_P(SequenceNetTest, SameSeedGivesBitIdenticalWeightsAndPredictions) {
    const Data a = make_data(400, 0.0), b = make_data(300, 1.0);
    const std::vector<SeriesView> series{a.view(), b.view()};
    SequenceNet n1(spec(GetParam()), 5), n2(spec(GetParam()), 5), n3(spec(GetParam()), 6);
    const TrainReport r1 = n1.train(series, options(5));
    const TrainReport r2 = n2.train(series, options(5));
    n3.train(series, options(6));
    EXPECT_EQ(n1.save(), n2.save());
    EXPECT_NE(n1.save(), n3.save());
    EXPECT_EQ(r1.train_loss, r2.train_loss);
    EXPECT_EQ(r1.validation_loss, r2.validation_loss);
    expect_bit_identical(n1.predict_masked(a.view(), 1), n2.predict_masked(a.view(), 1));
}

TEST_P(SequenceNetTest, LearnsAndReportsTheTrainingLoop) {
    const Data a = make_data(600, 0.0);
    SequenceNet net(spec(GetParam()), 1);
    TrainOptions o = options(1);
    o.epochs = 15;
    o.patience = 15;
    const TrainReport r = net.train(std::vector<SeriesView>{a.view()}, o);
    EXPECT_EQ(r.epochs, 15);
    ASSERT_EQ(r.validation_loss.size(), 15u);
    EXPECT_GE(r.best_epoch, 1);
    EXPECT_EQ(r.best_validation_loss,
              r.validation_loss[static_cast<std::size_t>(r.best_epoch - 1)]);
    EXPECT_LT(r.best_validation_loss, r.validation_loss.front());
    EXPECT_GT(r.validation_windows, 0u);
    // 20% of the 593 windows (those with a value at their last step) validate.
    EXPECT_NEAR(static_cast<double>(r.validation_windows),
                0.2 * static_cast<double>(r.train_windows + r.validation_windows), 1.0);
    // The masked prediction of y from x and the past is far better than predicting 0.
    const std::vector<float> p = net.predict_masked(a.view(), 1);
    double err = 0, base = 0;
    for (std::size_t t = 50; t < a.steps; ++t) {
        const float y = a.values[2 * t + 1];
        err += (p[2 * t + 1] - y) * (p[2 * t + 1] - y);
        base += y * y;
    }
    EXPECT_LT(err, 0.5 * base);
}

TEST_P(SequenceNetTest, PredictionDoesNotDependOnTheThreadCount) {
    const Data a = make_data(300, 0.5);
    SequenceNet net(spec(GetParam()), 4);
    net.train(std::vector<SeriesView>{a.view()}, options(4));
    const std::vector<float> one = net.predict_masked(a.view(), 1);
    expect_bit_identical(one, net.predict_masked(a.view(), 2));
    expect_bit_identical(one, net.predict_masked(a.view(), 8));  // more threads than channels
}

TEST_P(SequenceNetTest, SaveLoadGivesIdenticalPredictions) {
    const Data a = make_data(300, 0.5);
    SequenceNet net(spec(GetParam()), 3);
    net.train(std::vector<SeriesView>{a.view()}, options(3));
    SequenceNet restored(spec(GetParam()), 99);
    restored.load(net.save());
    expect_bit_identical(net.predict_masked(a.view(), 1), restored.predict_masked(a.view(), 1));
    EXPECT_EQ(restored.save(), net.save());
}

TEST_P(SequenceNetTest, PredictsEveryRowIncludingTheFirstWindow) {
    const Data a = make_data(100, 0.0);
    SequenceNet net(spec(GetParam()), 3);
    const std::vector<float> p = net.predict_masked(a.view(), 2);
    ASSERT_EQ(p.size(), 200u);
    for (float v : p) EXPECT_TRUE(std::isfinite(v));
    EXPECT_TRUE(net.predict_masked(make_data(0, 0).view(), 1).empty());
}

INSTANTIATE_TEST_SUITE_P(Both, SequenceNetTest,
                         ::testing::Values(Architecture::lstm, Architecture::tcn),
                         [](const auto& p) { return std::string(architecture_name(p.param)); });

TEST(SequenceNet, RejectsBadBytesAndTooLittleData) {
    SequenceNet net(spec(Architecture::lstm), 1);
    try {
        net.load("not a torch archive");
        FAIL() << "expected InvalidInputError";
    } catch (const InvalidInputError& e) {
        EXPECT_THAT(e.what(), HasSubstr("neural network weights"));
    }
    SequenceNet other(spec(Architecture::tcn), 1);
    EXPECT_THROW(net.load(other.save()), InvalidInputError);  // another architecture
    const Data tiny = make_data(5, 0.0);                      // shorter than the window
    try {
        net.train(std::vector<SeriesView>{tiny.view()}, options(1));
        FAIL() << "expected InvalidInputError";
    } catch (const InvalidInputError& e) {
        EXPECT_THAT(e.what(), HasSubstr("0 training and 0 validation windows of 8 steps"));
    }
    EXPECT_THROW(SequenceNet({.channels = 0}, 1), InvalidInputError);
    EXPECT_EQ(parse_architecture("tcn"), Architecture::tcn);
    EXPECT_THROW(parse_architecture("gru"), InvalidInputError);
}

TEST(ThreadScope, SetsTheCountForTheScopeAndRestoresIt) {
    at::set_num_threads(2);
    {
        const ThreadScope scope(1);
        EXPECT_EQ(at::get_num_threads(), 1);
    }
    EXPECT_EQ(at::get_num_threads(), 2);
    // Training and prediction leave it as they found it.
    const Data a = make_data(200, 0.0);
    SequenceNet net(spec(Architecture::tcn), 1);
    net.train(std::vector<SeriesView>{a.view()}, options(1));
    net.predict_masked(a.view(), 1);
    EXPECT_EQ(at::get_num_threads(), 2);
}

// torch's matrix products go to the BLAS; OpenBLAS's own pool (one thread per core by
// default) ignores at::set_num_threads, so the layer has it compute on the calling thread.
TEST(ThreadScope, OpenBlasComputesOnTheCallingThread) {
    using GetThreads = int (*)();
    const auto get = reinterpret_cast<GetThreads>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
    // Debian's libtorch uses OpenBLAS (scripts/install-deps.sh installs libopenblas0-pthread):
    // another BLAS would need its own thread setting in ThreadScope, so this fails rather than
    // passing unchecked.
    ASSERT_NE(get, nullptr) << "torch's BLAS in this build is not OpenBLAS: ThreadScope does "
                               "not set its threads";
    { const ThreadScope scope(2); }
    EXPECT_EQ(get(), 1);
}

}  // namespace
