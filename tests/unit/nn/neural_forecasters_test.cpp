// The neural forecasters (lstm, bilstm_attention): better than persistence on a tank whose
// temperature follows a sine, bit-identical under a seed and after save/load, independent of
// the thread count, and a broken feature sensor refused naming the household and channel.

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "heatloop/core/error.hpp"
#include "heatloop/core/random.hpp"
#include "heatloop/models/neural_forecaster.hpp"
#include "heatloop/models/registry.hpp"

using namespace heatloop;
using namespace heatloop::models;
using ::testing::HasSubstr;

namespace {

constexpr Duration k_step = 10 * 60'000;

// A tank on a 10-min grid whose middle temperature follows a 4-hour sine with noise; the top
// sensor reads it 4 K warmer.
UnitFrame sine_tank(std::uint64_t seed, std::size_t days, double phase) {
    UnitFrame u(fmt::format("hh{}", seed));
    const std::size_t rows = days * 144;
    u.set_grid(1'704'067'200'000, k_step, rows);  // 2024-01-01
    u.get_or_add("t_tank_mid");
    u.get_or_add("t_tank_top");  // both added before taking references: adding may move them
    auto& mid = u.find("t_tank_mid")->values;
    auto& top = u.find("t_tank_top")->values;
    Rng rng(seed);
    constexpr double k_two_pi = 6.283185307179586;
    for (std::size_t i = 0; i < rows; ++i) {
        const double t = 50 + 5 * std::sin(k_two_pi * static_cast<double>(i) / 24 + phase);
        mid[i] = t + rng.normal(0, 0.1);
        top[i] = t + 4 + rng.normal(0, 0.1);
    }
    return u;
}

nlohmann::json small() {
    return {{"horizon", 3},  {"window", "1h"},   {"hidden", 16},         {"epochs", 30},
            {"patience", 5}, {"batch_size", 72}, {"learning_rate", 5e-3}};
}

std::unique_ptr<Forecaster> fitted(std::string_view name, const nlohmann::json& params,
                                   const std::vector<UnitFrame>& units, std::uint64_t seed = 7) {
    auto m = make_forecaster(name, params);
    m->fit(units, {.seed = seed, .threads = 1});
    return m;
}

void expect_same(const Forecast& a, const Forecast& b) {
    ASSERT_EQ(a.by_step.size(), b.by_step.size());
    for (std::size_t h = 0; h < a.by_step.size(); ++h) {
        ASSERT_EQ(a.by_step[h].size(), b.by_step[h].size());
        for (std::size_t i = 0; i < a.by_step[h].size(); ++i) {
            const double x = a.by_step[h][i], y = b.by_step[h][i];
            if (std::isnan(x) || std::isnan(y)) {
                ASSERT_TRUE(std::isnan(x) && std::isnan(y)) << h << " " << i;
            } else {
                ASSERT_EQ(std::memcmp(&x, &y, sizeof(double)), 0) << h << " " << i;
            }
        }
    }
}

double rmse(const std::vector<double>& f, const std::vector<double>& y, std::size_t from) {
    double se = 0;
    std::size_t n = 0;
    for (std::size_t i = from; i < y.size(); ++i)
        if (!std::isnan(f[i]) && !std::isnan(y[i])) se += std::pow(f[i] - y[i], 2), ++n;
    EXPECT_GT(n, y.size() / 2);
    return std::sqrt(se / static_cast<double>(n));
}

class NeuralForecasterTest : public ::testing::TestWithParam<std::string_view> {};

TEST_P(NeuralForecasterTest, BeatsPersistenceOnASineTank) {
    auto m = fitted(GetParam(), small(), {sine_tank(1, 10, 0.0)});
    const UnitFrame test = sine_tank(2, 3, 1.3);
    const Forecast f = m->predict(test);
    ASSERT_EQ(f.by_step.size(), 3u);
    EXPECT_EQ(f.target, "t_tank_mid");
    const auto& y = test.at("t_tank_mid").values;
    std::vector<double> persistence(y.size(), k_missing);
    for (std::size_t i = 3; i < y.size(); ++i) persistence[i] = y[i - 3];
    // 30 min ahead on a 4-hour sine of amplitude 5 K: persistence is off by ~2.6 K RMS.
    EXPECT_LT(rmse(f.by_step[2], y, 20), 0.4 * rmse(persistence, y, 20));
    const nlohmann::json report = static_cast<const NeuralForecaster&>(*m).training_report();
    EXPECT_GE(report.at("epochs").get<int>(), report.at("best_epoch").get<int>());
    EXPECT_GT(report.at("seconds_per_epoch").get<double>(), 0);
}

TEST_P(NeuralForecasterTest, SameSeedSaveLoadAndThreadsGiveIdenticalForecasts) {
    nlohmann::json p = small();
    p["epochs"] = 3;
    const std::vector<UnitFrame> train{sine_tank(3, 4, 0.0), sine_tank(4, 4, 0.5)};
    const UnitFrame test = sine_tank(5, 2, 2.0);
    auto a = fitted(GetParam(), p, train), b = fitted(GetParam(), p, train);
    const Forecast fa = a->predict(test);
    expect_same(fa, b->predict(test));
    // The documents agree but for the training's wall-clock times.
    auto untimed = [](const Forecaster& m) {
        nlohmann::json doc = m.save();
        doc["state"]["training"].erase("seconds");
        doc["state"]["training"].erase("seconds_per_epoch");
        return doc;
    };
    EXPECT_EQ(untimed(*a), untimed(*b));
    EXPECT_EQ(a->save_side_file(), b->save_side_file());
    EXPECT_NE(a->save_side_file(), fitted(GetParam(), p, train, 8)->save_side_file());
    auto loaded = load_model(nlohmann::json::parse(a->save().dump()), a->save_side_file());
    expect_same(fa, static_cast<const Forecaster&>(*loaded).predict(test));
    loaded->set_context({.seed = 7, .threads = 2});
    expect_same(fa, static_cast<const Forecaster&>(*loaded).predict(test));
    // The weights are the side file: without it the document does not load.
    EXPECT_THROW(load_model(a->save(), ""), InvalidInputError);
}

TEST_P(NeuralForecasterTest, BrokenTopSensorNamesTheHouseholdAndChannel) {
    for (const bool stuck : {false, true}) {
        UnitFrame u = sine_tank(6, 3, 0.0);
        for (double& v : u.get_or_add("t_tank_top").values) v = stuck ? 61.5 : k_missing;
        auto m = make_forecaster(GetParam(), small());
        try {
            m->fit(std::vector<UnitFrame>{sine_tank(7, 3, 0.0), u}, {});
            FAIL() << "expected InvalidInputError";
        } catch (const InvalidInputError& e) {
            EXPECT_THAT(e.what(), HasSubstr(std::string(GetParam())));
            EXPECT_THAT(e.what(), HasSubstr("unit hh6"));
            EXPECT_THAT(e.what(), HasSubstr("t_tank_top"));
            EXPECT_THAT(e.what(), HasSubstr(stuck ? "stuck at 61.5" : "has no value"));
        }
        EXPECT_FALSE(m->fitted());
    }
}

TEST_P(NeuralForecasterTest, TooShortAUnitOrAnotherGridIsAClearError) {
    auto m = make_forecaster(GetParam(), small());
    try {  // 2 h of rows: no window ends with every 90-min lag and a target in both splits
        m->fit(std::vector<UnitFrame>{sine_tank(8, 1, 0.0).slice(0, 12)}, {});
        FAIL() << "expected InvalidInputError";
    } catch (const InvalidInputError& e) {
        EXPECT_THAT(e.what(), HasSubstr(std::string(GetParam())));
        EXPECT_THAT(e.what(), HasSubstr("windows"));
    }
    nlohmann::json p = small();
    p["epochs"] = 1;
    auto f = fitted(GetParam(), p, {sine_tank(9, 3, 0.0)});
    UnitFrame coarse("coarse");
    coarse.set_grid(0, 2 * k_step, 100);
    coarse.get_or_add("t_tank_mid");
    coarse.get_or_add("t_tank_top");
    try {
        f->predict(coarse);
        FAIL() << "expected InvalidInputError";
    } catch (const InvalidInputError& e) {
        EXPECT_THAT(e.what(), HasSubstr("unit coarse has 20min steps"));
    }
}

INSTANTIATE_TEST_SUITE_P(Both, NeuralForecasterTest,
                         ::testing::Values(std::string_view("lstm"),
                                           std::string_view("bilstm_attention")),
                         [](const auto& p) { return std::string(p.param); });

}  // namespace
