// Ingest of households files and of sub-meters: households are their own data (never units),
// a sub-meter is its own channel of the household's meter series and never overwrites the
// total, and a failed import leaves the workspace byte-identical.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "heatloop/core/error.hpp"
#include "heatloop/io/ingest.hpp"
#include "heatloop/io/workspace.hpp"
#include "workspace_test_util.hpp"

using namespace heatloop;
using namespace heatloop::io;
using namespace heatloop::io::wstest;

namespace {

// Two meters, 15-minute readings for two hours, load = `base` + quarter index.
std::string meter_csv(double base) {
    std::string text = "id,datetime,load\n";
    for (const char* id : {"h1", "h2"})
        for (int q = 0; q < 8; ++q)
            text +=
                fmt::format("{},{},{}\n", id, format_iso(k_t0 + q * 15 * k_minute_ms), base + q);
    return text;
}

IngestOptions meter(MeterKind m) {
    IngestOptions o = quiet();
    o.meter = m;
    return o;
}

}  // namespace

TEST(IngestHouseholds, HouseholdsAreStoredApartFromUnits) {
    TempDir dir;
    auto h = dir.write("households.csv",
                       "id,has_heat_pump,location,occupants\nh1,1,zurich,2\nh2,0,bern,3\n");
    const IngestReport r = ingest({h}, quiet(), dir / "ws");
    EXPECT_EQ(r.households, (std::vector<std::string>{"h1", "h2"}));
    ASSERT_EQ(r.files.size(), 1u);
    EXPECT_EQ(r.files[0].format, InputFormat::households);
    EXPECT_TRUE(r.units_created.empty());
    const Workspace ws = Workspace::open(dir / "ws");
    EXPECT_TRUE(ws.unit_ids().empty());
    const auto hs = ws.households();
    ASSERT_EQ(hs.size(), 2u);
    EXPECT_EQ(hs[0].has_heat_pump, std::optional<bool>(true));
    EXPECT_EQ(hs[1].has_heat_pump, std::optional<bool>(false));
    EXPECT_EQ(hs[1].extra.at("occupants"), "3");
    ASSERT_NE(ws.find_household("h2"), nullptr);
    EXPECT_EQ(ws.find_household("nope"), nullptr);

    // A later file updates known fields and keeps what it leaves empty.
    ingest({dir.write("h2.csv",
                      "household_id,has_heat_pump,heat_pump_type,unit_id\nh1,,GSHP,"
                      "hp1\n")},
           quiet(), dir / "ws");
    const Workspace again = Workspace::open(dir / "ws");
    const HouseholdInfo* h1 = again.find_household("h1");
    ASSERT_NE(h1, nullptr);
    EXPECT_EQ(h1->has_heat_pump, std::optional<bool>(true));
    EXPECT_EQ(h1->heat_pump_type, "GSHP");
    EXPECT_EQ(h1->unit_id, "hp1");
    EXPECT_EQ(h1->location, "zurich");
}

TEST(IngestHouseholds, SubMeterNeverOverwritesTheTotal) {
    TempDir dir;
    const IngestReport r0 =
        ingest({dir.write("smartmeter.csv", meter_csv(10))}, quiet(), dir / "ws");
    EXPECT_EQ(r0.files[0].meter, MeterKind::total);
    const UnitFrame before = Workspace::open(dir / "ws").load_meter("h1");

    const IngestReport r = ingest({dir.write("smartmeter_hp.csv", meter_csv(1))},
                                  meter(MeterKind::heat_pump), dir / "ws");
    EXPECT_EQ(r.files[0].meter, MeterKind::heat_pump);
    EXPECT_EQ(to_json(r)["files"][0]["meter"], "heat_pump");
    const Workspace ws = Workspace::open(dir / "ws");
    for (const char* id : {"h1", "h2"}) {
        const UnitFrame f = ws.load_meter(id);
        EXPECT_EQ(f.channel_names(), (std::vector<std::string>{"load", "load_heat_pump"}));
        EXPECT_EQ(f.step(), 15 * k_minute_ms);
        ASSERT_EQ(f.rows(), 8u);
        for (std::size_t i = 0; i < f.rows(); ++i) {
            EXPECT_EQ(f.at("load").values[i], 10.0 + static_cast<double>(i));
            EXPECT_EQ(f.at("load_heat_pump").values[i], 1.0 + static_cast<double>(i));
        }
        EXPECT_EQ(ws.meters_of(id), (std::vector<std::string>{"total", "heat_pump"}));
    }
    EXPECT_EQ(ws.load_meter("h1").at("load").values, before.at("load").values);

    ingest({dir.write("smartmeter_other.csv", meter_csv(9))}, meter(MeterKind::other), dir / "ws");
    const UnitFrame all = Workspace::open(dir / "ws").load_meter("h1");
    EXPECT_EQ(all.at("load").values, before.at("load").values);
    EXPECT_EQ(all.at("load_other").values[0], 9.0);
}

TEST(IngestHouseholds, TheSameBytesAsAnotherMeterAreANewFile) {
    TempDir dir;
    auto f = dir.write("meter.csv", meter_csv(4));
    ingest({f}, quiet(), dir / "ws");
    EXPECT_EQ(ingest({f}, quiet(), dir / "ws").files[0].status, FileStatus::already_ingested);
    const IngestReport r = ingest({f}, meter(MeterKind::other), dir / "ws");
    EXPECT_EQ(r.files[0].status, FileStatus::ingested);
    const IngestReport again = ingest({f}, meter(MeterKind::other), dir / "ws");
    EXPECT_EQ(again.files[0].status, FileStatus::already_ingested);
    EXPECT_EQ(again.files[0].meter, MeterKind::other);
    const Workspace ws = Workspace::open(dir / "ws");
    ASSERT_EQ(ws.manifest().files.size(), 2u);
    EXPECT_EQ(ws.manifest().files[0].meter, "total");
    EXPECT_EQ(ws.manifest().files[1].meter, "other");
    EXPECT_EQ(ws.meters_of("h1"), (std::vector<std::string>{"total", "other"}));
}

TEST(IngestHouseholds, DescribeReportsHouseholdsAndTheirMeters) {
    TempDir dir;
    ingest({dir.write("households.csv", "id,has_heat_pump\nh1,1\nh2,0\nh3,\n"),
            dir.write("smartmeter.csv", meter_csv(10))},
           quiet(), dir / "ws");
    ingest({dir.write("hp.csv", "id,datetime,load\nh1,2024-01-01T00:00:00Z,1\n")},
           meter(MeterKind::heat_pump), dir / "ws");
    const nlohmann::json j = describe_workspace(Workspace::open(dir / "ws"));
    EXPECT_EQ(j["household_counts"]["total"], 3);
    EXPECT_EQ(j["household_counts"]["with_heat_pump"], 1);
    EXPECT_EQ(j["household_counts"]["without_heat_pump"], 1);
    EXPECT_EQ(j["household_counts"]["unknown"], 1);
    ASSERT_EQ(j["households"].size(), 3u);
    EXPECT_EQ(j["households"][0]["household_id"], "h1");
    EXPECT_EQ(j["households"][0]["has_heat_pump"], true);
    EXPECT_EQ(j["households"][0]["meters"], nlohmann::json::array({"total", "heat_pump"}));
    EXPECT_EQ(j["households"][1]["meters"], nlohmann::json::array({"total"}));
    EXPECT_TRUE(j["households"][2]["has_heat_pump"].is_null());
    EXPECT_TRUE(j["households"][2]["meters"].empty());
}

TEST(IngestHouseholds, FailedHouseholdsOrMeterImportLeavesTheWorkspaceAsItWas) {
    TempDir dir;
    ingest({dir.write("households.csv", "id,has_heat_pump\nh1,1\nh2,0\n"),
            dir.write("smartmeter.csv", meter_csv(10))},
           quiet(), dir / "ws");
    const auto before = fingerprint(dir / "ws");

    auto bad_households = dir.write("bad.csv", "id,has_heat_pump\nh1,0\nh3,perhaps\n");
    try {
        ingest({bad_households}, quiet(), dir / "ws");
        ADD_FAILURE() << "no error";
    } catch (const InvalidInputError& e) {
        EXPECT_TRUE(contains(e.what(), bad_households.string() + ":3:2: household h3")) << e.what();
    }
    EXPECT_EQ(fingerprint(dir / "ws"), before);

    // A sub-meter file with a bad line, after a good households update in the same ingest.
    auto bad_meter =
        dir.write("bad_hp.csv", "id,datetime,load\nh1,2024-01-01T00:00:00Z,1\nh1,soon,2\n");
    EXPECT_THROW(ingest({dir.write("ok.csv", "id,has_heat_pump\nh2,1\n"), bad_meter},
                        meter(MeterKind::heat_pump), dir / "ws"),
                 InvalidInputError);
    EXPECT_EQ(fingerprint(dir / "ws"), before);
    EXPECT_EQ(Workspace::open(dir / "ws").find_household("h2")->has_heat_pump,
              std::optional<bool>(false));

    // Nothing is left behind in a workspace that did not exist.
    EXPECT_THROW(ingest({bad_households}, quiet(), dir / "fresh"), InvalidInputError);
    EXPECT_FALSE(std::filesystem::exists(dir / "fresh"));
}
