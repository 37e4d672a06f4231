// cnn_classifier (and the ProfileClassifier network under it): separates held-out households
// with a heat pump from households without one; profiles carry the saved scalers; weights
// that do not fit are refused.
#include "heatloop/models/classifiers/cnn_classifier.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>

#include "heatloop/core/error.hpp"
#include "heatloop/models/registry.hpp"
#include "heatloop/nn/profile_classifier.hpp"
#include "unit/models/classifiers/households.hpp"

using namespace heatloop;
using namespace heatloop::models;

TEST(CnnClassifier, SeparatesHeldOutHouseholds) {
    std::vector<UnitFrame> train;
    std::vector<double> y;
    for (int i = 0; i < 10; ++i) {
        train.push_back(test::household(fmt::format("h{}", i), i % 2 == 1, 35, 100 + i));
        y.push_back(i % 2);
    }
    auto m = make_classifier("cnn_classifier", {{"filters", 8}, {"epochs", 8}});
    m->fit(train, y, {.seed = 5, .threads = 1});
    auto again = load_model(m->save(), m->save_side_file());
    const auto& loaded = static_cast<const Classifier&>(*again);
    for (int i = 0; i < 4; ++i) {
        const bool hp = i % 2 == 1;
        const UnitFrame u = test::household(fmt::format("t{}", i), hp, 35, 900 + i);
        const auto p = m->predict(u);
        ASSERT_EQ(p.size(), 2u);  // January, and four days of February (not classified)
        EXPECT_TRUE(hp ? p[0].probability > 0.5 : p[0].probability < 0.5)
            << u.unit_id() << " " << p[0].probability;
        EXPECT_TRUE(std::isnan(p[1].probability));
        EXPECT_EQ(loaded.predict(u)[0].probability, p[0].probability);  // what is stored
    }
}

TEST(CnnClassifier, ProfilesAreScaledDaysOfThreeChannels) {
    std::vector<UnitFrame> train = {
        test::household("a", false, 12, 1), test::household("b", true, 12, 2),
        test::household("c", false, 12, 3), test::household("d", true, 12, 4)};
    const std::vector<double> y = {0, 1, 0, 1};
    CnnClassifier m;
    m.configure({{"filters", 2}, {"epochs", 1}, {"min_coverage", 0.1}});
    m.fit(train, y, {.seed = 1});
    std::vector<Timestamp> starts;
    const std::vector<float> x = m.profiles(train[0], starts);
    ASSERT_EQ(starts.size(), 12u);
    EXPECT_EQ(x.size(), 12u * 3 * 24);
    EXPECT_EQ(starts[1] - starts[0], k_day_ms);
    // The scalers live in the document.
    const auto doc = m.save();
    EXPECT_GT(doc.at("state").at("scalers").at("load_sd").get<double>(), 0.0);
    EXPECT_FALSE(m.save_side_file().empty());
}

TEST(CnnClassifier, WeightsOfAnotherShapeAreRefused) {
    nn::ProfileClassifier small({3, 24, 2}, 1), big({3, 24, 4}, 1);
    EXPECT_THROW(big.load(small.save()), InvalidInputError);
    EXPECT_THROW(big.load("not torch"), InvalidInputError);
    EXPECT_THROW(nn::ProfileClassifier({0, 24, 2}, 1), InvalidInputError);
}
