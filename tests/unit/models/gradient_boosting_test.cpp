#include "heatloop/models/forecasters/gradient_boosting.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "heatloop/core/error.hpp"
#include "heatloop/core/random.hpp"
#include "heatloop/models/registry.hpp"

namespace heatloop::models {
namespace {

constexpr Duration k_step = 10 * 60'000;

// A tank that cools slowly, is drawn down at routine hours and reheated when it gets cold.
UnitFrame tank(std::uint64_t seed, std::size_t days) {
    UnitFrame u(fmt::format("hh{}", seed));
    const std::size_t rows = days * 144;
    u.set_grid(1'704'067'200'000, k_step, rows);  // 2024-01-01
    u.get_or_add("t_tank_mid");
    u.get_or_add("t_tank_top");  // both added before taking references: adding may move them
    auto& mid = u.find("t_tank_mid")->values;
    auto& top = u.find("t_tank_top")->values;
    Rng rng(seed);
    double t = 50;
    for (std::size_t i = 0; i < rows; ++i) {
        const std::size_t slot = i % 144;
        t -= 0.05;                                                               // standby losses
        if (slot == 42 || slot == 43 || slot == 120) t -= 6 + rng.normal(0, 1);  // draws
        if (t < 42) t += 4;                                                      // reheating
        mid[i] = t + rng.normal(0, 0.2);
        top[i] = t + 4 + rng.normal(0, 0.2);
    }
    return u;
}

double rmse(const std::vector<double>& f, const std::vector<double>& y, std::size_t from) {
    double se = 0;
    std::size_t n = 0;
    for (std::size_t i = from; i < y.size(); ++i)
        if (!std::isnan(f[i]) && !std::isnan(y[i])) se += std::pow(f[i] - y[i], 2), ++n;
    return std::sqrt(se / static_cast<double>(n));
}

TEST(GradientBoosting, BeatsPersistenceOnARoutineTank) {
    const std::vector<UnitFrame> train{tank(1, 14)};
    const UnitFrame test = tank(2, 7);
    auto m = make_forecaster("gradient_boosting");
    m->configure({{"horizon", 2}, {"calendar", {"hour_sin", "hour_cos"}}, {"n_estimators", 60}});
    m->fit(train, {.seed = 5, .threads = 1});
    const Forecast f = m->predict(test);
    ASSERT_EQ(f.by_step.size(), 2u);
    const auto& y = test.at("t_tank_mid").values;
    std::vector<double> persistence(y.size(), k_missing);
    for (std::size_t i = 2; i < y.size(); ++i) persistence[i] = y[i - 2];
    EXPECT_LT(rmse(f.by_step[1], y, 20), 0.8 * rmse(persistence, y, 20));
}

TEST(GradientBoosting, RandomSearchIsSeededAndRecorded) {
    const std::vector<UnitFrame> train{tank(3, 6)};
    const nlohmann::json params = {{"search_iterations", 3},
                                   {"search_n_estimators", {10, 20}},
                                   {"search_max_depth", {3, 5}},
                                   {"search_booster", {"gbtree"}}};
    auto a = make_forecaster("gradient_boosting");
    a->configure(params);
    a->fit(train, {.seed = 9, .threads = 1});
    auto b = make_forecaster("gradient_boosting");
    b->configure(params);
    b->fit(train, {.seed = 9, .threads = 1});
    const auto doc = a->save();
    EXPECT_EQ(doc, b->save());
    const auto& tried = doc.at("state").at("search").at("tried");
    ASSERT_EQ(tried.size(), 3u);
    for (const auto& t : tried) {
        EXPECT_TRUE(t.at("n_estimators") == 10 || t.at("n_estimators") == 20);
        EXPECT_TRUE(t.at("cv_rmse").is_number());
    }
    // The chosen settings are the best tried.
    double best = 1e300;
    for (const auto& t : tried) best = std::min(best, t.at("cv_rmse").get<double>());
    EXPECT_EQ(doc.at("state").at("search").at("best_cv_rmse").get<double>(), best);
}

TEST(GradientBoosting, BrokenTopSensorNamesTheHouseholdAndChannel) {
    UnitFrame u = tank(4, 3);
    for (double& v : u.get_or_add("t_tank_top").values) v = k_missing;
    auto m = make_forecaster("gradient_boosting");
    try {
        m->fit(std::vector<UnitFrame>{u}, {});
        FAIL() << "expected an error";
    } catch (const InvalidInputError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("hh4"), std::string::npos) << what;
        EXPECT_NE(what.find("t_tank_top"), std::string::npos) << what;
    }
}

}  // namespace
}  // namespace heatloop::models

namespace heatloop::models {
namespace {

TEST(GradientBoosting, StuckTopSensorIsRefused) {
    UnitFrame u = tank(5, 3);
    for (double& v : u.get_or_add("t_tank_top").values) v = 61.5;
    auto m = make_forecaster("gradient_boosting");
    try {
        m->fit(std::vector<UnitFrame>{u}, {});
        FAIL() << "expected an error";
    } catch (const InvalidInputError& e) {
        EXPECT_NE(std::string(e.what()).find("stuck"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace heatloop::models

namespace heatloop::models {
namespace {

TEST(GradientBoosting, MinChildWeightReachesTheBooster) {
    const std::vector<UnitFrame> train{tank(6, 3)};
    const UnitFrame test = tank(7, 1);
    auto m = make_forecaster("gradient_boosting");
    // More rows per leaf than there are training rows: no split, one value for every row.
    m->configure({{"n_estimators", 5}, {"min_child_weight", 100000}});
    m->fit(train, {.seed = 1, .threads = 1});
    const std::vector<double> p = m->predict(test).by_step[0];
    for (std::size_t i = 1; i < p.size(); ++i) ASSERT_EQ(p[i], p[1]) << i;

    auto small = make_forecaster("gradient_boosting");
    small->configure({{"n_estimators", 5}});
    small->fit(train, {.seed = 1, .threads = 1});
    const std::vector<double> q = small->predict(test).by_step[0];
    EXPECT_NE(*std::min_element(q.begin() + 1, q.end()), *std::max_element(q.begin() + 1, q.end()));
}

TEST(GradientBoosting, DocumentsWithoutMinChildWeightLoadAsXgboostsDefault) {
    const std::vector<UnitFrame> train{tank(8, 3)};
    auto m = make_forecaster("gradient_boosting");
    m->configure({{"n_estimators", 5}});
    m->fit(train, {.seed = 1, .threads = 1});
    EXPECT_EQ(static_cast<GradientBoostingForecaster&>(*m).settings().min_child_weight, 20);
    // A document saved before the parameter existed: neither params nor settings hold it.
    nlohmann::json doc = m->save();
    doc["params"].erase("min_child_weight");
    doc["state"]["settings"].erase("min_child_weight");
    auto old = load_model(doc);
    EXPECT_EQ(static_cast<GradientBoostingForecaster&>(*old).settings().min_child_weight, 1);
    const UnitFrame test = tank(9, 1);
    // The stored boosters are what they were: the same forecasts (row 0 has none).
    std::vector<double> a = static_cast<Forecaster&>(*old).predict(test).by_step[0],
                        b = m->predict(test).by_step[0];
    a.erase(a.begin());
    b.erase(b.begin());
    EXPECT_EQ(a, b);
}

TEST(GradientBoosting, BoostsFromTheTargetsMean) {
    // Ten rounds at learning rate 0.01 move a start of 0.5 by less than 10% of the way to a
    // tank at 40-50 degC: the forecast is near the tank only if boosting starts at its mean.
    const std::vector<UnitFrame> train{tank(10, 3)};
    const UnitFrame test = tank(11, 1);
    auto m = make_forecaster("gradient_boosting");
    m->configure({{"n_estimators", 10}, {"learning_rate", 0.01}});
    m->fit(train, {.seed = 1, .threads = 1});
    const auto& y = test.at("t_tank_mid").values;
    const std::vector<double> p = m->predict(test).by_step[0];
    EXPECT_LT(rmse(p, y, 1), 5.0);
}

}  // namespace
}  // namespace heatloop::models
