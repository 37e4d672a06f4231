#include "heatloop/sim/fleet.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "heatloop/core/error.hpp"

using namespace heatloop;
using namespace heatloop::sim;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> k_files{"sensors.csv",       "weather.csv",        "smartmeter.csv",
                                       "smartmeter_hp.csv", "units.csv",          "households.csv",
                                       "labels_truth.csv",  "labels_initial.csv", "draws.csv",
                                       "labels_showers.csv"};

fs::path temp_dir(const std::string& name) {
    fs::path p = fs::temp_directory_path() /
                 ("heatloop_sim_" + name + "_" +
                  std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
    fs::remove_all(p);
    return p;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

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

FleetOptions small(const fs::path& out, std::uint64_t seed = 1) {
    FleetOptions o;
    o.units = 5;
    o.days = 4;
    o.seed = seed;
    o.out = out;
    o.threads = 2;
    return o;
}

}  // namespace

TEST(Fleet, SameSeedSameBytesDifferentSeedDifferentData) {
    fs::path a = temp_dir("a"), b = temp_dir("b"), c = temp_dir("c");
    FleetOptions oa = small(a), ob = small(b), oc = small(c, 2);
    ob.threads = 1;  // thread count must not matter
    simulate_fleet(oa);
    simulate_fleet(ob);
    simulate_fleet(oc);
    for (const auto& f : k_files) {
        ASSERT_TRUE(fs::exists(a / f)) << f;
        EXPECT_FALSE(fs::exists(a / (f + ".tmp"))) << f;
        EXPECT_EQ(slurp(a / f), slurp(b / f)) << f;
    }
    EXPECT_NE(slurp(a / "sensors.csv"), slurp(c / "sensors.csv"));
    EXPECT_NE(slurp(a / "weather.csv"), slurp(c / "weather.csv"));
    EXPECT_NE(slurp(a / "smartmeter.csv"), slurp(c / "smartmeter.csv"));
    // A unit's data does not depend on how many other units are simulated.
    fs::path d = temp_dir("d");
    FleetOptions od = small(d);
    od.units = 1;
    simulate_fleet(od);
    std::string one = slurp(d / "sensors.csv"), five = slurp(a / "sensors.csv");
    EXPECT_EQ(five.compare(0, one.size(), one), 0);
    for (const auto& p : {a, b, c, d}) fs::remove_all(p);
}

TEST(Fleet, FilesHaveTheDocumentedShape) {
    fs::path out = temp_dir("shape");
    FleetOptions o = small(out);
    o.households = 3;
    FleetSummary s = simulate_fleet(o);
    EXPECT_EQ(s.units, 5);
    EXPECT_EQ(s.households, 3);
    EXPECT_EQ(s.locations, 2);

    auto sensors = read_csv(out / "sensors.csv");
    ASSERT_EQ(sensors[0].size(), 14u);
    EXPECT_EQ(sensors[0][0], "timestamp");
    EXPECT_EQ(sensors[0][13], "t_brine_out");
    ASSERT_EQ(sensors.size(), 1u + 5u * 4u * 1440u);
    EXPECT_EQ(sensors[1][0], "2024-01-01T00:00:00Z");
    EXPECT_EQ(sensors[1][1], "unit-0001");
    EXPECT_EQ(sensors[4 * 1440][1], "unit-0001");  // grouped by unit
    EXPECT_EQ(sensors[4 * 1440 + 1][1], "unit-0002");
    auto units = read_csv(out / "units.csv");
    ASSERT_EQ(units.size(), 6u);
    std::map<std::string, std::string> type;
    for (std::size_t i = 1; i < units.size(); ++i) type[units[i][0]] = units[i][1];
    for (std::size_t i = 1; i < sensors.size(); ++i) {
        const auto& r = sensors[i];
        ASSERT_EQ(r.size(), 14u);
        bool ground = type.at(r[1]) == "GSHP";
        ASSERT_EQ(r[12].empty(), !ground) << i;
        ASSERT_TRUE(r[11] == "0" || r[11] == "1" || r[11] == "2" || r[11] == "3");
        ASSERT_NE(r[2].find('.'), std::string::npos);
    }
    auto meter = read_csv(out / "smartmeter.csv");
    std::set<std::string> ids;
    for (std::size_t i = 1; i < meter.size(); ++i) ids.insert(meter[i][0]);
    EXPECT_EQ(ids, (std::set<std::string>{"unit-0001", "unit-0002", "unit-0003", "unit-0004",
                                          "unit-0005", "hh-0001", "hh-0002", "hh-0003"}));
    EXPECT_EQ(meter.size(), 1u + 8u * 4u * 96u);
    auto weather = read_csv(out / "weather.csv");
    EXPECT_EQ(weather.size(), 1u + 2u * 4u * 144u);
    auto homes = read_csv(out / "households.csv");
    EXPECT_EQ(homes.size(), 1u + 8u);

    // Labels: well formed, valid categories, the truth covers every injected fault.
    for (const char* name : {"labels_truth.csv", "labels_initial.csv"}) {
        auto labels = read_csv(out / name);
        ASSERT_EQ(labels[0],
                  (std::vector<std::string>{"unit_id", "start", "end", "category", "confidence",
                                            "status", "reviewer", "notes"}));
        for (std::size_t i = 1; i < labels.size(); ++i) {
            ASSERT_LT(labels[i][1], labels[i][2]) << name << i;  // ISO text sorts as time
            ASSERT_TRUE(parse_category(labels[i][3]).has_value()) << labels[i][3];
            ASSERT_TRUE(type.count(labels[i][0]));
        }
    }
    auto truth = read_csv(out / "labels_truth.csv");
    int faults = 0;
    for (const auto& [name, n] : s.faults) faults += n;
    EXPECT_EQ(truth.size() - 1, static_cast<std::size_t>(faults));
    EXPECT_EQ(truth.size() - 1, s.truth_labels);
    EXPECT_GE(faults, 5);  // at least one per unit
    for (std::size_t i = 1; i < truth.size(); ++i) {
        EXPECT_EQ(truth[i][4], "1.00");
        EXPECT_EQ(truth[i][5], "confirmed");
        EXPECT_EQ(truth[i][6], "simulator");
    }
    for (const auto& f : s.files) EXPECT_EQ(f.bytes, fs::file_size(out / f.name)) << f.name;
    fs::remove_all(out);
}

TEST(Fleet, RejectsBadOptions) {
    FleetOptions o = small(temp_dir("bad"));
    o.step = 7 * k_minute_ms;
    EXPECT_THROW(validate(o), InvalidInputError);
    o = small(temp_dir("bad"));
    o.days = 0;
    EXPECT_THROW(validate(o), InvalidInputError);
    o = small("");
    EXPECT_THROW(validate(o), InvalidInputError);
    o = small(temp_dir("bad"));
    o.step = 5 * k_minute_ms;
    EXPECT_NO_THROW(validate(o));
}
