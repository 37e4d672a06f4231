#include "heatloop/eval/ols.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "heatloop/core/error.hpp"
#include "heatloop/core/random.hpp"

namespace heatloop::eval {
namespace {

TEST(Ols, RecoversCoefficientsAndSeparatesSignalFromNoise) {
    Rng rng(7);
    const std::size_t n = 500;
    std::vector<double> x, y;
    for (std::size_t i = 0; i < n; ++i) {
        const double a = rng.normal(0, 1), b = rng.normal(0, 1), noise = rng.normal(0, 1);
        x.push_back(a);
        x.push_back(b);
        y.push_back(2.0 + 3.0 * a + 0.1 * rng.normal(0, 1) + 0 * b + 0 * noise);
    }
    const OlsResult r = ols(x, {"a", "b"}, y);
    ASSERT_EQ(r.coefficients.size(), 3u);
    EXPECT_EQ(r.coefficients[0].name, "const");
    EXPECT_NEAR(r.coefficients[0].estimate, 2.0, 0.05);
    EXPECT_NEAR(r.coefficients[1].estimate, 3.0, 0.05);
    EXPECT_LT(r.coefficients[1].p_value, 1e-10);
    EXPECT_GT(r.coefficients[2].p_value, 0.001);  // b carries nothing
    EXPECT_GT(r.r2, 0.99);
    EXPECT_EQ(r.observations, n);
}

TEST(Ols, SkipsIncompleteRowsAndDropsConstantOrCollinearFeatures) {
    std::vector<double> x, y;
    for (int i = 0; i < 20; ++i) {
        const double a = i, c = 5.0, d = 2.0 * i + 1;  // c constant, d collinear with a
        x.insert(x.end(), {a, c, d});
        y.push_back(i == 3 ? std::nan("") : 1.0 + a + (i % 3));
    }
    const OlsResult r = ols(x, {"a", "c", "d"}, y);
    EXPECT_EQ(r.skipped_rows, 1u);
    EXPECT_EQ(r.observations, 19u);
    EXPECT_EQ(r.dropped, (std::vector<std::string>{"c", "d"}));
    ASSERT_EQ(r.coefficients.size(), 2u);
    EXPECT_EQ(r.coefficients[1].name, "a");
}

TEST(Ols, TooFewRowsIsAnInputError) {
    EXPECT_THROW((void)ols(std::vector<double>{1, 2}, {"a"}, std::vector<double>{1, 2}),
                 InvalidInputError);
}

}  // namespace
}  // namespace heatloop::eval
