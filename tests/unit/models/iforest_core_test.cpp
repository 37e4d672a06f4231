#include "heatloop/models/detectors/iforest_core.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "heatloop/core/error.hpp"

using namespace heatloop;
using namespace heatloop::models;

namespace {

// n rows of a standard normal blob in `cols` dimensions.
std::vector<double> blob(std::size_t n, std::size_t cols, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> z(0, 1);
    std::vector<double> x(n * cols);
    for (double& v : x) v = z(rng);
    return x;
}

}  // namespace

TEST(IForestCore, AveragePathLengthMatchesTheHarmonicSum) {
    EXPECT_EQ(average_path_length(1), 0);
    EXPECT_EQ(average_path_length(2), 1);
    for (int n : {3, 10, 256, 10000}) {
        double h = 0;  // exact H(n-1)
        for (int i = 1; i < n; ++i) h += 1.0 / i;
        const double exact = 2 * h - 2.0 * (n - 1) / n;
        // The paper approximates H(i) by ln(i) + gamma; the error shrinks like 1/(2i).
        EXPECT_NEAR(average_path_length(n), exact, 1.0 / (n - 1)) << n;
    }
}

TEST(IForestCore, IsolatesAFarPointFirst) {
    const std::size_t cols = 3;
    std::vector<double> x = blob(1000, cols, 1);
    x[0] = x[1] = x[2] = 8;  // row 0 far out
    const IsolationForest f = IsolationForest::fit(x, 1000, cols, {.seed = 3});
    EXPECT_EQ(f.trees(), 100u);
    EXPECT_EQ(f.sample_size(), 256u);
    std::vector<double> s(1000);
    f.score(x, s);
    EXPECT_GT(s[0], 0.7);
    double mean = 0;
    for (std::size_t i = 1; i < s.size(); ++i) mean += s[i] / 999;
    EXPECT_LT(mean, 0.5);
    EXPECT_GT(s[0], *std::max_element(s.begin() + 1, s.end()));
    // Height limit ceil(log2(256)) = 8 bounds the nodes of a tree: at most 2^9 - 1.
    EXPECT_LE(f.node_count(), 100u * 511u);
}

TEST(IForestCore, SameSeedSameForestForAnyThreadCount) {
    const std::vector<double> x = blob(3000, 4, 2);
    const auto a = IsolationForest::fit(x, 3000, 4, {.n_trees = 50, .seed = 9, .threads = 1});
    const auto b = IsolationForest::fit(x, 3000, 4, {.n_trees = 50, .seed = 9, .threads = 3});
    const auto c = IsolationForest::fit(x, 3000, 4, {.n_trees = 50, .seed = 10, .threads = 1});
    EXPECT_EQ(a.to_json(), b.to_json());
    EXPECT_NE(a.to_json(), c.to_json());
    std::vector<double> s1(3000), s4(3000);
    a.score(x, s1, 1);
    a.score(x, s4, 4);
    EXPECT_EQ(s1, s4);
}

TEST(IForestCore, BlockScoringMatchesOneRowAtATime) {
    // score() walks rows in blocks and lanes; score_row() one row: the same bits, NaN too.
    const std::size_t rows = 1000 + 37, cols = 5;  // not a multiple of the block or lanes
    std::vector<double> x = blob(rows, cols, 8);
    x[3 * cols + 1] = std::nan("");
    const auto f = IsolationForest::fit(blob(2000, cols, 7), 2000, cols, {.n_trees = 30});
    std::vector<double> s(rows);
    f.score(x, s, 2);
    for (std::size_t i = 0; i < rows; ++i) ASSERT_EQ(s[i], f.score_row(&x[i * cols])) << i;
}

TEST(IForestCore, JsonRoundTripScoresIdentically) {
    const std::vector<double> x = blob(500, 2, 4);
    const auto f = IsolationForest::fit(x, 500, 2, {.n_trees = 20, .seed = 1});
    const auto g = IsolationForest::from_json(nlohmann::json::parse(f.to_json().dump()));
    for (std::size_t i = 0; i < 500; ++i) ASSERT_EQ(f.score_row(&x[i * 2]), g.score_row(&x[i * 2]));
    nlohmann::json bad = f.to_json();
    bad["left"][0] = 0;  // a child pointing at its parent
    EXPECT_THROW(IsolationForest::from_json(bad), InvalidInputError);
    bad = f.to_json();
    bad["roots"][1] = bad["left"][0];  // a node in two trees
    EXPECT_THROW(IsolationForest::from_json(bad), InvalidInputError);
}

TEST(IForestCore, SmallDataAndDuplicates) {
    // Fewer rows than psi: psi = rows. All rows equal: every tree is one leaf.
    const std::vector<double> same(10 * 2, 1.0);
    const auto f = IsolationForest::fit(same, 10, 2, {.n_trees = 5});
    EXPECT_EQ(f.sample_size(), 10u);
    EXPECT_EQ(f.node_count(), 5u);
    EXPECT_DOUBLE_EQ(f.path_length(same.data()), average_path_length(10));
    EXPECT_DOUBLE_EQ(f.score_row(same.data()), 0.5);
}

TEST(IForestCore, RejectsBadInput) {
    std::vector<double> x = blob(10, 2, 5);
    EXPECT_THROW(IsolationForest::fit(x, 0, 2, {}), InvalidInputError);
    EXPECT_THROW(IsolationForest::fit(x, 10, 3, {}), InvalidInputError);
    EXPECT_THROW(IsolationForest::fit(x, 10, 2, {.n_trees = 0}), InvalidInputError);
    x[5] = std::nan("");
    EXPECT_THROW(IsolationForest::fit(x, 10, 2, {}), InvalidInputError);  // every row is sampled
    const auto f = IsolationForest::fit(blob(10, 2, 6), 10, 2, {});
    std::vector<double> out(4);
    EXPECT_THROW(f.score(x, out), InvalidInputError);
}
