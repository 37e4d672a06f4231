#include "heatloop/sim/faults.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

using namespace heatloop;
using namespace heatloop::sim;

namespace {
constexpr Timestamp k_2024 = 1704067200000;
}

TEST(Faults, CategoryNamesRoundTrip) {
    std::set<std::string_view> names;
    for (FaultCategory c : k_fault_categories) {
        names.insert(category_name(c));
        EXPECT_EQ(parse_category(category_name(c)), c);
    }
    EXPECT_EQ(names, (std::set<std::string_view>{"compressor_failure", "refrigerant_leak",
                                                 "sensor_fault", "short_cycling",
                                                 "circulation_failure", "aux_heater_stuck"}));
    EXPECT_FALSE(parse_category("shower_event").has_value());
    EXPECT_EQ(sensor_name(Sensor::t_tank_mid), "t_tank_mid");
}

TEST(Faults, SensorFaultNotesTagTheirKind) {
    Fault f;
    f.category = FaultCategory::sensor_fault;
    f.start = k_2024;
    f.end = k_2024 + 30 * k_hour_ms;
    f.sensor = Sensor::t_return;
    for (SensorFaultKind k :
         {SensorFaultKind::stuck, SensorFaultKind::drift, SensorFaultKind::spike}) {
        f.sensor_kind = k;
        const std::string notes = f.describe();
        EXPECT_NE(notes.find("t_return"), std::string::npos) << notes;
        EXPECT_NE(notes.find(fmt::format("(kind: {})", sensor_fault_kind_name(k))),
                  std::string::npos)
            << notes;
    }
    f.category = FaultCategory::compressor_failure;
    EXPECT_EQ(f.describe().find("kind:"), std::string::npos);
}

TEST(Faults, AFewNonOverlappingFaultsPerUnitMostlyNormalTime) {
    Timestamp end = k_2024 + 365 * k_day_ms;
    std::map<FaultCategory, int> seen;
    int total = 0;
    for (std::uint64_t unit = 0; unit < 200; ++unit) {
        Rng rng(derive_seed(1, Stream::faults, unit));
        UnitTraits traits{unit % 3 == 0, unit % 4 != 0};
        auto faults = plan_faults(traits, k_2024, end, rng);
        ASSERT_GE(faults.size(), 1u);
        ASSERT_LE(faults.size(), 5u);
        Duration faulty = 0;
        for (std::size_t i = 0; i < faults.size(); ++i) {
            const Fault& f = faults[i];
            ASSERT_LT(f.start, f.end);
            ASSERT_GE(f.start, k_2024);
            ASSERT_LE(f.end, end);
            if (i > 0) {
                ASSERT_GE(f.start, faults[i - 1].end);
            }
            faulty += f.end - f.start;
            ++seen[f.category];
            ++total;
            if (f.category == FaultCategory::sensor_fault) {
                if (f.sensor == Sensor::t_indoor) {
                    ASSERT_TRUE(traits.has_room_sensor);
                }
                if (f.sensor == Sensor::t_brine_in || f.sensor == Sensor::t_brine_out) {
                    ASSERT_TRUE(traits.ground_source);
                }
                if (f.sensor_kind == SensorFaultKind::spike) {
                    ASSERT_FALSE(f.spikes.empty());
                    ASSERT_EQ(f.spikes.front(), f.start);
                    ASSERT_LT(f.spikes.back(), f.end);
                }
            }
            EXPECT_FALSE(f.describe().empty());
        }
        EXPECT_LT(faulty, (end - k_2024) / 4);
    }
    EXPECT_EQ(seen.size(), k_fault_categories.size());
    EXPECT_NEAR(total / 200.0, 3.5, 0.3);
}

TEST(Faults, ShortPeriodsStillGetOneShortFault) {
    Rng rng(4);
    auto faults = plan_faults({}, k_2024, k_2024 + 7 * k_day_ms, rng);
    ASSERT_EQ(faults.size(), 1u);
    EXPECT_LE(faults[0].end - faults[0].start, 7 * k_day_ms / 4 + k_minute_ms);
}
