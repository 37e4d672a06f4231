#include "heatloop/prep/pipeline.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

using namespace heatloop;
using namespace heatloop::prep;

namespace {

UnitFrame sample_frame() {
    UnitFrame f("u1");
    f.set_grid(0, k_minute_ms, 12);
    // 200 is above t_supply's 95 degC. The other 11 values have median 32 and MAD 1, so 90
    // (robust z 39) is an outlier.
    f.get_or_add("t_supply").values = {30, 31, 32, 33, 34, 200, 32, 31, 33, 32, 90, 31};
    f.get_or_add("aux_heater_power").values = std::vector<double>(12, 0.0);
    f.get_or_add("compressor_on").values = std::vector<double>(12, 0.0);
    auto& x = f.get_or_add("vendor_x").values;
    for (size_t i = 0; i < 12; ++i) x[i] = static_cast<double>(i);
    return f;
}

}  // namespace

TEST(Pipeline, ChainsStepsAndReports) {
    UnitFrame f = sample_frame();
    PrepOptions o;
    o.constant.keep = {"compressor_on"};
    PrepReport r = preprocess(f, o);
    EXPECT_EQ(r.unit_id, "u1");
    EXPECT_EQ(r.rows, 12u);
    EXPECT_EQ(r.out_of_range,
              (ChannelCounts{{"t_supply", 1}, {"aux_heater_power", 0}, {"compressor_on", 0}}));
    // Intermittent channels are skipped; vendor_x (0..11) has nothing to remove.
    EXPECT_EQ(r.robust_outliers, (ChannelCounts{{"t_supply", 1}, {"vendor_x", 0}}));
    ASSERT_EQ(r.constant.dropped.size(), 1u);
    EXPECT_EQ(r.constant.dropped[0].channel, "aux_heater_power");
    ASSERT_EQ(r.constant.kept.size(), 1u);
    EXPECT_EQ(f.channel_names(),
              (std::vector<std::string>{"t_supply", "compressor_on", "vendor_x"}));
    EXPECT_EQ(r.present_before.at("t_supply"), 12u);
    EXPECT_EQ(r.present_after.at("t_supply"), 10u);
    EXPECT_EQ(r.present_after.count("aux_heater_power"), 0u);

    const nlohmann::json j = r.to_json();
    EXPECT_EQ(j["unit"], "u1");
    EXPECT_EQ(j["steps"]["out_of_range"]["t_supply"], 1);
    EXPECT_EQ(j["steps"]["robust_outliers"]["t_supply"], 1);
    EXPECT_EQ(j["steps"]["constant_drop"]["dropped"][0],
              (nlohmann::json{{"channel", "aux_heater_power"},
                              {"reason", "constant"},
                              {"detail", "every present value is 0"}}));
    EXPECT_EQ(j["steps"]["constant_drop"]["kept"][0]["channel"], "compressor_on");
    EXPECT_EQ(j["present_after"]["t_supply"], 10);

    const std::string text = r.summary();
    EXPECT_THAT(text, testing::HasSubstr("unit u1: 12 rows"));
    EXPECT_THAT(text, testing::HasSubstr("out of range removed:    t_supply 1 (1 values)"));
    EXPECT_THAT(text, testing::HasSubstr("aux_heater_power (constant: every present value is 0)"));
    EXPECT_THAT(text, testing::HasSubstr("constant but kept:         compressor_on"));
}

TEST(Pipeline, StepsCanBeSwitchedOff) {
    UnitFrame f = sample_frame();
    PrepOptions o;
    o.remove_out_of_range = false;
    o.drop_constant = false;
    PrepReport r = preprocess(f, o);
    EXPECT_TRUE(r.out_of_range.empty());
    EXPECT_TRUE(r.constant.dropped.empty());
    // With 200 still present: median 32, MAD 1; both 200 and 90 go.
    EXPECT_EQ(r.robust_outliers.at("t_supply"), 2u);
    EXPECT_EQ(f.channels().size(), 4u);
}
