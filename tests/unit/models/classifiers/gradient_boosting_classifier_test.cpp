// gradient_boosting_classifier separates households with a cycling, weather-driven heat pump
// from households without one, on households it never saw.
#include "heatloop/models/classifiers/gradient_boosting_classifier.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cmath>

#include "heatloop/core/error.hpp"
#include "heatloop/models/registry.hpp"
#include "unit/models/classifiers/households.hpp"

using namespace heatloop;
using namespace heatloop::models;

TEST(GradientBoostingClassifier, SeparatesHeldOutHouseholds) {
    std::vector<UnitFrame> train;
    std::vector<double> y;
    for (int i = 0; i < 12; ++i) {
        train.push_back(test::household(fmt::format("h{}", i), i % 2 == 1, 62, 100 + i));
        y.push_back(i % 2);
    }
    auto m = make_classifier("gradient_boosting_classifier", {{"n_estimators", 50}});
    m->fit(train, y, {.seed = 3, .threads = 1});
    double min_hp = 1, max_none = 0;
    for (int i = 0; i < 6; ++i) {
        const bool hp = i % 2 == 1;
        const auto p = m->predict(test::household(fmt::format("t{}", i), hp, 62, 900 + i));
        ASSERT_EQ(p.size(), 3u);  // January, February, the first days of March
        for (std::size_t k = 0; k < 2; ++k) {
            ASSERT_FALSE(std::isnan(p[k].probability));
            (hp ? min_hp : max_none) =
                hp ? std::min(min_hp, p[k].probability) : std::max(max_none, p[k].probability);
        }
        EXPECT_TRUE(std::isnan(p[2].probability));  // 2 of 31 days: not classified
    }
    EXPECT_GT(min_hp, 0.5);
    EXPECT_LT(max_none, 0.5);
}

TEST(GradientBoostingClassifier, NoCoveredMonthOfAClassIsAClearError) {
    // Two days of data: no month reaches min_coverage.
    std::vector<UnitFrame> train = {test::household("a", false, 2, 1),
                                    test::household("b", true, 2, 2)};
    const std::vector<double> y = {0, 1};
    auto m = make_classifier("gradient_boosting_classifier", {});
    try {
        m->fit(train, y, {});
        FAIL() << "no error";
    } catch (const InvalidInputError& e) {
        EXPECT_NE(std::string(e.what()).find("0.5 of their"), std::string::npos) << e.what();
    }
}
