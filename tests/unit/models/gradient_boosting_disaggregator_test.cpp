// gradient_boosting_disaggregator: learns a heat pump's load from other households' meters,
// keeps estimates within [0, total], refuses another resolution and names missing channels.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "heatloop/core/error.hpp"
#include "heatloop/models/registry.hpp"
#include "unit/models/synthetic_household.hpp"

using namespace heatloop;
using namespace heatloop::models;
using ::testing::HasSubstr;

namespace {

std::unique_ptr<Disaggregator> fitted() {
    auto m = make_disaggregator("gradient_boosting_disaggregator", {{"n_estimators", 60}});
    const std::vector<UnitFrame> train{synth::synthetic_household({.id = "a", .seed = 1}),
                                       synth::synthetic_household({.id = "b", .seed = 2})};
    m->fit(train, {.seed = 3, .threads = 1});
    return m;
}

}  // namespace

TEST(GradientBoostingDisaggregator, EstimatesAnUnseenHouseholdsHeatPump) {
    const auto m = fitted();
    const UnitFrame test = synth::synthetic_household({.id = "c", .seed = 9, .hp_kw = 2.2});
    const std::vector<double> est = m->predict(test);
    const auto& truth = test.at("load_heat_pump").values;
    const auto& total = test.at("load").values;
    ASSERT_EQ(est.size(), test.rows());
    for (std::size_t i = 0; i < est.size(); ++i) {
        ASSERT_GE(est[i], 0.0) << i;
        ASSERT_LE(est[i], total[i]) << i;
    }
    const synth::Fit q = synth::fit_of(truth, est);
    EXPECT_GT(q.r2, 0.6) << "rmse " << q.rmse;
    // Far better than estimating a constant share of the total.
    std::vector<double> share(total.size());
    for (std::size_t i = 0; i < share.size(); ++i) share[i] = 0.5 * total[i];
    EXPECT_LT(q.rmse, 0.7 * synth::fit_of(truth, share).rmse);
}

TEST(GradientBoostingDisaggregator, RefusesAnotherResolutionAndNamesMissingChannels) {
    const auto m = fitted();
    const UnitFrame hourly = synth::synthetic_household({.id = "h", .step = k_hour_ms});
    try {
        m->predict(hourly);
        FAIL() << "hourly data given to a 15-minute model";
    } catch (const InvalidInputError& e) {
        EXPECT_THAT(e.what(), HasSubstr("1h grid"));
        EXPECT_THAT(e.what(), HasSubstr("trained on 15min data"));
    }
    UnitFrame no_temp = synth::synthetic_household({.id = "n"});
    no_temp.remove("t_outdoor");
    try {
        m->predict(no_temp);
        FAIL() << "no temperature";
    } catch (const InvalidInputError& e) {
        EXPECT_THAT(e.what(), HasSubstr("t_outdoor"));
    }
    // A missing total row gets no estimate.
    UnitFrame gap = synth::synthetic_household({.id = "g"});
    gap.find("load")->values[5] = k_missing;
    EXPECT_TRUE(std::isnan(m->predict(gap)[5]));
}

TEST(GradientBoostingDisaggregator, IsRegisteredAsADisaggregator) {
    const auto names = model_names(ModelKind::disaggregator);
    EXPECT_THAT(names, ::testing::Contains("gradient_boosting_disaggregator"));
}
