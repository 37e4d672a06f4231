#include "heatloop/sim/draws.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "heatloop/core/time.hpp"
#include "heatloop/sim/fleet.hpp"
#include "heatloop/sim/unit_config.hpp"
#include "heatloop/sim/weather.hpp"

using namespace heatloop;
using namespace heatloop::sim;
namespace fs = std::filesystem;

namespace {

constexpr Timestamp k_2024 = 1704067200000;  // 2024-01-01T00:00:00Z, a Monday

std::vector<std::vector<std::string>> read_csv(const fs::path& p) {
    std::vector<std::vector<std::string>> rows;
    std::ifstream in(p);
    std::string line;
    while (std::getline(in, line)) {
        std::vector<std::string> row;
        std::string cell;
        bool quoted = false;
        for (char c : line) {
            if (c == '"')
                quoted = !quoted;
            else if (c == ',' && !quoted)
                row.push_back(std::exchange(cell, {}));
            else
                cell.push_back(c);
        }
        row.push_back(cell);
        rows.push_back(row);
    }
    return rows;
}

std::vector<std::vector<std::string>> rows_of(const io::CsvBuffer& b) {
    fs::path p = fs::temp_directory_path() /
                 ("heatloop_draws_buf_" +
                  std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + ".csv");
    {
        std::ofstream out(p, std::ios::binary);
        out << b.text();
    }
    auto rows = read_csv(p);
    fs::remove(p);
    return rows;
}

double minutes_between(const std::string& start, const std::string& end) {
    return static_cast<double>(parse_utc(end) - parse_utc(start)) / k_minute_ms;
}

}  // namespace

TEST(Draws, KindNamesAndVolume) {
    EXPECT_EQ(draw_kind_name(DrawKind::shower), "shower");
    EXPECT_EQ(draw_kind_name(DrawKind::bath), "bath");
    EXPECT_EQ(draw_kind_name(DrawKind::tap), "tap");
    DrawEvent d{k_2024, 7 * k_minute_ms + 30 * k_second_ms, 8.0, 39.0, DrawKind::shower};
    EXPECT_DOUBLE_EQ(draw_volume_l(d), 60.0);
}

TEST(Draws, RowsMatchTheScheduleKindByKind) {
    Rng rng(5);
    HouseholdProfile p = draw_household(rng);
    p.vacation_days = 0;
    p.bath_probability = 0.5;  // baths on weekend evenings, so every kind occurs
    const Timestamp spin_up = k_2024 - 3 * k_day_ms, end = k_2024 + 21 * k_day_ms;
    HouseholdSchedule s = plan_routine(p, spin_up, end, rng);
    std::vector<DrawEvent> written = draws_between(s, k_2024, end);

    // Only the draws that start in [k_2024, end): the spin-up is not written, nor the rest of
    // the last local day the routine plans beyond `end` (the simulation stops at `end`).
    std::map<DrawKind, std::size_t> expected;
    std::size_t before = 0, after = 0;
    for (const DrawEvent& d : s.draws) {
        if (d.start < k_2024)
            ++before;
        else if (d.start >= end)
            ++after;
        else
            ++expected[d.kind];
    }
    ASSERT_GT(before, 0u);
    ASSERT_GT(after, 0u);
    ASSERT_GT(expected[DrawKind::shower], 10u);
    ASSERT_GT(expected[DrawKind::bath], 0u);
    ASSERT_GT(expected[DrawKind::tap], 50u);

    io::CsvBuffer buf;
    write_draws_header(buf);
    for (const DrawEvent& d : written) write_draw(buf, "u1", d);
    auto rows = rows_of(buf);
    ASSERT_EQ(rows[0], (std::vector<std::string>{"unit_id", "start", "end", "kind", "volume_l",
                                                 "flow_l_min", "temp_c"}));
    ASSERT_EQ(rows.size(), 1 + written.size());
    std::map<std::string, std::size_t> counted;
    std::string previous;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        const auto& r = rows[i];
        const DrawEvent& d = written[i - 1];
        ASSERT_EQ(r.size(), 7u);
        EXPECT_EQ(r[0], "u1");
        EXPECT_EQ(parse_utc(r[1]), d.start) << i;
        EXPECT_EQ(parse_utc(r[2]), d.end()) << i;
        EXPECT_GE(r[1], previous) << "draws in time order, line " << i + 1;
        previous = r[1];
        ++counted[r[3]];
        // volume_l = flow x duration, recomputed from the written text.
        const double volume = std::stod(r[4]), flow = std::stod(r[5]);
        EXPECT_NEAR(volume, flow * minutes_between(r[1], r[2]), 0.02) << i;
        EXPECT_GT(volume, 0.0);
        EXPECT_NEAR(std::stod(r[6]), d.temp_c, 0.005);
        if (r[3] == "shower") {
            EXPECT_GE(volume, 2.0 * 6.0 * 0.92 - 0.01);  // at least 2 min at 6 l/min
            EXPECT_LE(flow, 10.0 * 1.08 + 0.001);
        }
    }
    EXPECT_EQ(counted["shower"], expected[DrawKind::shower]);
    EXPECT_EQ(counted["bath"], expected[DrawKind::bath]);
    EXPECT_EQ(counted["tap"], expected[DrawKind::tap]);
}

TEST(Draws, OneShowerLabelPerShower) {
    std::vector<DrawEvent> draws{
        {k_2024, 8 * k_minute_ms, 7.5, 39.0, DrawKind::shower},
        {k_2024 + k_hour_ms, k_minute_ms, 4.0, 45.0, DrawKind::tap},
        {k_2024 + 2 * k_hour_ms, 10 * k_minute_ms, 10.0, 40.0, DrawKind::bath},
        {k_2024 + 3 * k_hour_ms, 6 * k_minute_ms, 9.0, 38.5, DrawKind::shower},
    };
    auto labels = shower_labels("unit-0001", draws);
    ASSERT_EQ(labels.size(), 2u);
    EXPECT_EQ(labels[0].unit_id, "unit-0001");
    EXPECT_EQ(labels[0].start, k_2024);
    EXPECT_EQ(labels[0].end, k_2024 + 8 * k_minute_ms);
    EXPECT_EQ(labels[0].category, "shower_event");
    EXPECT_EQ(labels[0].status, "confirmed");
    EXPECT_EQ(labels[0].reviewer, "simulator");
    EXPECT_DOUBLE_EQ(labels[0].confidence, 1.0);
    EXPECT_EQ(labels[0].notes, "simulated shower: 60.00 l at 7.500 l/min, 39.00 degC");
    EXPECT_EQ(labels[1].start, k_2024 + 3 * k_hour_ms);
    EXPECT_EQ(labels[1].notes, "simulated shower: 54.00 l at 9.000 l/min, 38.50 degC");
}

// draws.csv of a simulated fleet holds exactly the draws the unit was simulated with: the
// schedule is rebuilt here from the documented seed streams (docs/simulator.md).
TEST(Draws, FleetWritesTheDrawsTheUnitsWereSimulatedWith) {
    fs::path out =
        fs::temp_directory_path() /
        ("heatloop_sim_draws_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
    fs::remove_all(out);
    FleetOptions o;
    o.units = 3;
    o.days = 5;
    o.seed = 9;
    o.out = out;
    o.threads = 2;
    o.households = 0;
    FleetSummary summary = simulate_fleet(o);

    auto rows = read_csv(out / "draws.csv");
    auto labels = read_csv(out / "labels_showers.csv");
    ASSERT_EQ(labels[0], (std::vector<std::string>{"unit_id", "start", "end", "category",
                                                   "confidence", "status", "reviewer", "notes"}));
    std::size_t row = 1, label = 1;
    std::map<std::string, std::size_t> kinds;
    for (int i = 0; i < o.units; ++i) {
        const int loc = location_index(i);
        Rng climate_rng(derive_seed(o.seed, Stream::climate, static_cast<std::uint64_t>(loc)));
        ClimateParams climate = draw_climate(location_name(loc), climate_rng);
        Rng config_rng(derive_seed(o.seed, Stream::unit_config, static_cast<std::uint64_t>(i)));
        UnitConfig cfg = draw_unit_config(i, climate, config_rng);
        Rng household_rng(derive_seed(o.seed, Stream::household, static_cast<std::uint64_t>(i)));
        const Timestamp end = o.start + o.days * k_day_ms;
        HouseholdSchedule s = plan_routine(cfg.household, o.start - o.spin_up, end, household_rng);
        for (const DrawEvent& d : draws_between(s, o.start, end)) {
            ASSERT_LT(row, rows.size()) << cfg.unit_id;
            const auto& r = rows[row++];
            EXPECT_EQ(r[0], cfg.unit_id);
            EXPECT_EQ(parse_utc(r[1]), d.start);
            EXPECT_EQ(parse_utc(r[2]), d.end());
            EXPECT_EQ(r[3], draw_kind_name(d.kind));
            ++kinds[r[3]];
            if (d.kind != DrawKind::shower) continue;
            ASSERT_LT(label, labels.size());
            const auto& l = labels[label++];
            EXPECT_EQ(l[0], cfg.unit_id);
            EXPECT_EQ(l[1], r[1]);
            EXPECT_EQ(l[2], r[2]);
            EXPECT_EQ(l[3], "shower_event");
        }
    }
    EXPECT_EQ(row, rows.size());
    EXPECT_EQ(label, labels.size());
    EXPECT_GT(kinds["shower"], 0u);
    EXPECT_EQ(summary.draws.at("shower"), kinds["shower"]);
    EXPECT_EQ(summary.draws.at("bath"), kinds["bath"]);
    EXPECT_EQ(summary.draws.at("tap"), kinds["tap"]);
    EXPECT_EQ(summary.shower_labels, labels.size() - 1);
    fs::remove_all(out);
}
