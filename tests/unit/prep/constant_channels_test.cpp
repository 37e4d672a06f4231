#include "heatloop/prep/constant_channels.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "heatloop/core/error.hpp"

using namespace heatloop;
using namespace heatloop::prep;

namespace {
constexpr double N = k_missing;
}  // namespace

TEST(ConstantChannels, ReasonsInOrder) {
    EXPECT_EQ(check_constant("a", {N, N}),
              (ConstantChannel{"a", ConstantReason::all_missing, "no present value"}));
    EXPECT_EQ(check_constant("a", {3, 3, N, 3}),
              (ConstantChannel{"a", ConstantReason::constant, "every present value is 3"}));
    // Population std of {20, 20.0000001, 20} is ~4.7e-8.
    auto low = check_constant("a", {20, 20.0000001, 20});
    ASSERT_TRUE(low.has_value());
    EXPECT_EQ(low->reason, ConstantReason::low_variance);
    EXPECT_THAT(low->detail, testing::HasSubstr("< 1e-06"));

    // 999 zeros and one 1: the zero covers 99.9% (std 0.0316 is not small).
    std::vector<double> dominant(1000, 0.0);
    dominant[500] = 1;
    EXPECT_EQ(check_constant("a", dominant),
              (ConstantChannel{"a", ConstantReason::dominant_value,
                               "value 0 in 999 of 1000 present values (99.9%)"}));
    dominant[501] = 1;  // 99.8%: kept
    EXPECT_FALSE(check_constant("a", dominant).has_value());
    EXPECT_FALSE(check_constant("a", {1, 2, N}).has_value());
}

TEST(ConstantChannels, DropsUnlessProtected) {
    UnitFrame f("u1");
    f.set_grid(0, k_minute_ms, 4);
    f.get_or_add("t_supply").values = {30, 31, 32, 33};
    f.get_or_add("aux_heater_power").values = {0, 0, 0, N};
    f.get_or_add("compressor_on").values = {0, 0, 0, 0};
    f.get_or_add("dead").values = {N, N, N, N};
    f.gaps().push_back({0, 4 * k_minute_ms, "dead"});
    ConstantDropResult r = drop_constant_channels(f, {.keep = {"compressor_on"}});
    EXPECT_EQ(f.channel_names(), (std::vector<std::string>{"t_supply", "compressor_on"}));
    EXPECT_TRUE(f.gaps().empty());  // the dropped channel's gaps go with it
    ASSERT_EQ(r.dropped.size(), 2u);
    EXPECT_EQ(r.dropped[0].channel, "aux_heater_power");
    EXPECT_EQ(r.dropped[0].reason, ConstantReason::constant);
    EXPECT_EQ(r.dropped[1].channel, "dead");
    EXPECT_EQ(r.dropped[1].reason, ConstantReason::all_missing);
    ASSERT_EQ(r.kept.size(), 1u);
    EXPECT_EQ(r.kept[0].channel, "compressor_on");
    EXPECT_EQ(reason_name(r.kept[0].reason), "constant");
}

TEST(ConstantChannels, RejectsBadOptions) {
    UnitFrame f("u1");
    try {
        drop_constant_channels(f, {.dominant_share = 0.4});
        FAIL() << "expected InvalidInputError";
    } catch (const InvalidInputError& e) {
        EXPECT_THAT(e.what(), testing::HasSubstr("got 0.4"));
    }
    EXPECT_THROW(drop_constant_channels(f, {.std_tolerance = -1}), InvalidInputError);
}
