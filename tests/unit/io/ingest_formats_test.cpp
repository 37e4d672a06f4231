// Ingest of each kind of file: long format with hold, smart meters on their own grid,
// skip mode, and the lock against concurrent ingests.
#include <gtest/gtest.h>

#include <algorithm>

#include <zlib.h>
#include <nlohmann/json.hpp>

#include "heatloop/core/error.hpp"
#include "heatloop/io/ingest.hpp"
#include "heatloop/io/workspace.hpp"
#include "io/ingest_guard.hpp"
#include "workspace_test_util.hpp"

using namespace heatloop;
using namespace heatloop::io;
using namespace heatloop::io::wstest;

TEST(IngestFormats, LongFormatHoldsValuesWhileTheUnitReports) {
    TempDir dir;
    // mode changes once, at 00:00; t_supply reports every 20 min for two hours.
    std::string text = "unit_id,timestamp,channel,value\nhp1,2024-01-01T00:00:00Z,mode,1\n";
    for (int m = 0; m <= 120; m += 20)
        text += "hp1," + format_iso(k_t0 + m * k_minute_ms) + ",t_supply,35\n";
    ingest({dir.write("long.csv", text)}, quiet(), dir / "ws");
    const UnitFrame f = Workspace::open(dir / "ws").load_unit("hp1");
    // Without hold, mode would stop after 30 min; store-on-change data keeps it.
    EXPECT_EQ(f.at("mode").values[f.lower_bound(k_t0 + 119 * k_minute_ms)], 1);
    EXPECT_EQ(count_present(f.at("mode").values), f.rows());
}

TEST(IngestFormats, LongFormatWithHoldMaxHoldsEachChannelOnItsOwn) {
    TempDir dir;
    // The same file as above: mode changes once, t_supply reports every 20 min for 2 h.
    std::string text = "unit_id,timestamp,channel,value\nhp1,2024-01-01T00:00:00Z,mode,1\n";
    for (int m = 0; m <= 120; m += 20)
        text += "hp1," + format_iso(k_t0 + m * k_minute_ms) + ",t_supply,35\n";
    IngestOptions o = quiet();
    o.hold_max = k_hour_ms;
    ingest({dir.write("long.csv", text)}, o, dir / "ws");
    const UnitFrame f = Workspace::open(dir / "ws").load_unit("hp1");
    // With --hold-max the unit's other reports do not keep mode alive beyond the hold.
    EXPECT_EQ(f.at("mode").values[f.lower_bound(k_t0 + 60 * k_minute_ms)], 1);
    EXPECT_TRUE(is_missing(f.at("mode").values[f.lower_bound(k_t0 + 61 * k_minute_ms)]));
    EXPECT_EQ(count_present(f.at("mode").values), 61u);
    EXPECT_EQ(count_present(f.at("t_supply").values), f.rows());
}

TEST(IngestFormats, SmartMetersKeepTheirOwnGrid) {
    TempDir dir;
    std::string text = "id,datetime,load\n";
    for (int q = 0; q < 8; ++q) text += "m1," + format_iso(k_t0 + q * 15 * k_minute_ms) + ",1.5\n";
    text += "m2,2024-01-01T00:00:00Z,0.5\nm2,2024-01-01T00:30:00Z,0.7\n";
    const IngestReport r = ingest({dir.write("meter.csv", text)}, quiet(), dir / "ws");
    EXPECT_EQ(r.meters, (std::vector<std::string>{"m1", "m2"}));
    const Workspace ws = Workspace::open(dir / "ws");
    EXPECT_TRUE(ws.unit_ids().empty());
    EXPECT_EQ(ws.meter_ids(), (std::vector<std::string>{"m1", "m2"}));
    const UnitFrame m1 = ws.load_meter("m1");
    EXPECT_EQ(m1.step(), 15 * k_minute_ms);
    EXPECT_EQ(m1.rows(), 8u);
    EXPECT_EQ(m1.channel_names(), std::vector<std::string>{"load"});
    EXPECT_EQ(ws.load_meter("m2").step(), 30 * k_minute_ms);
    // A later file for m1 merges onto its 15-minute grid.
    ingest({dir.write("meter2.csv", "id,datetime,load\nm1,2024-01-01T03:00:00Z,2\n")}, quiet(),
           dir / "ws");
    const UnitFrame again = Workspace::open(dir / "ws").load_meter("m1");
    EXPECT_EQ(again.step(), 15 * k_minute_ms);
    EXPECT_EQ(again.rows(), 13u);
}

TEST(IngestFormats, SkipReportsBadLinesAndUnreadableFilesAndContinues) {
    TempDir dir;
    auto s = dir.write("sensors.csv",
                       "timestamp,unit_id,t_supply\n"
                       "2024-01-01T00:00:00Z,hp1,35\n"
                       "2024-01-01T00:01:00Z,hp1,abc\n"
                       "2024-01-01T00:02:00Z,hp1,36\n");
    auto junk = dir.write("junk.csv", "just,a,header,nobody,knows\n1,2,3,4,5\n");
    IngestOptions o = quiet();
    o.on_error = OnError::skip;
    const IngestReport r = ingest({junk, s, dir / "missing.csv"}, o, dir / "ws");
    ASSERT_EQ(r.files.size(), 3u);
    EXPECT_EQ(r.files[0].status, FileStatus::failed);
    EXPECT_TRUE(contains(r.files[0].error, "junk.csv")) << r.files[0].error;
    EXPECT_EQ(r.files[1].status, FileStatus::ingested);
    EXPECT_EQ(r.files[1].skipped_count, 1u);
    ASSERT_EQ(r.files[1].skipped.size(), 1u);
    EXPECT_EQ(r.files[1].skipped[0].where.line, 3);
    EXPECT_EQ(r.files[1].skipped[0].where.column, 3);
    EXPECT_EQ(r.files[2].status, FileStatus::failed);
    EXPECT_EQ(r.files_failed, 2u);
    EXPECT_EQ(r.problems_skipped, 1u);
    const Workspace ws = Workspace::open(dir / "ws");
    EXPECT_EQ(ws.manifest().files.size(), 1u);                    // failed files are not recorded
    EXPECT_EQ(ws.load_unit("hp1").at("t_supply").values[1], 35);  // filled over the bad value
    const nlohmann::json j = to_json(r);
    EXPECT_EQ(j["files"][1]["skipped"][0]["line"], 3);
    EXPECT_EQ(j["totals"]["files_failed"], 2);
}

TEST(IngestFormats, ConcurrentIngestIsAConflict) {
    TempDir dir;
    WorkspaceGuard held(dir / "ws");
    try {
        ingest({dir.write("s.csv", "timestamp,unit_id,x\n2024-01-01T00:00:00Z,hp1,1\n")}, quiet(),
               dir / "ws");
        FAIL() << "no error";
    } catch (const ConflictError& e) {
        EXPECT_TRUE(contains(e.what(), "another process")) << e.what();
    }
}

TEST(IngestFormats, ColumnsWithoutAnyValueAreNotStoredForAUnit) {
    TempDir dir;
    ingest({dir.write("fleet.csv",
                      "timestamp,unit_id,t_supply,t_brine_in\n"
                      "2024-01-01T00:00:00Z,ashp,35,\n"
                      "2024-01-01T00:01:00Z,ashp,36,\n"
                      "2024-01-01T00:00:00Z,gshp,30,5\n")},
           quiet(), dir / "ws");
    Workspace ws = Workspace::open(dir / "ws");
    EXPECT_EQ(ws.load_unit("ashp").channel_names(), std::vector<std::string>{"t_supply"});
    EXPECT_EQ(ws.load_unit("gshp").channel_names(),
              (std::vector<std::string>{"t_supply", "t_brine_in"}));
    EXPECT_EQ(ws.unit("ashp").data.gap_count(), 0u);
    // A later file with brine values adds the channel, missing (a gap) before it.
    ingest({dir.write("later.csv", "timestamp,unit_id,t_brine_in\n2024-01-01T00:02:00Z,ashp,4\n")},
           quiet(), dir / "ws");
    ws.reload();
    const UnitFrame f = ws.load_unit("ashp");
    EXPECT_EQ(f.channel_names(), (std::vector<std::string>{"t_supply", "t_brine_in"}));
    // t_brine_in is a gap before its first value; t_supply is not carried across the seam
    // between the files into the new cell.
    std::vector<GapSpan> gaps = f.gaps();
    std::sort(gaps.begin(), gaps.end(),
              [](const GapSpan& a, const GapSpan& b) { return a.channel < b.channel; });
    EXPECT_EQ(gaps,
              (std::vector<GapSpan>{{k_t0, k_t0 + 2 * k_minute_ms, "t_brine_in"},
                                    {k_t0 + 2 * k_minute_ms, k_t0 + 3 * k_minute_ms, "t_supply"}}));
}

TEST(IngestFormats, SkipRollsBackAFileThatFailsAfterStagingSomeUnits) {
    TempDir dir;
    ingest({dir.write("old.csv", "timestamp,unit_id,x\n2024-01-01T00:00:00Z,ua,7\n")}, quiet(),
           dir / "ws");
    const UnitEntry before = Workspace::open(dir / "ws").unit("ua");
    // ua's rows, then ub's: the reader hands ua on (staged) once ub has run for
    // BufferPolicy::idle_rows rows, several 4 MiB blocks before the damaged last quarter.
    std::string text = "timestamp,unit_id,x\n";
    for (const auto& [unit, rows] : {std::pair{"ua", 70000}, std::pair{"ub", 600000}})
        for (int i = 0; i < rows; ++i)
            text += format_iso(k_t0 + (i + 1) * k_minute_ms) + "," + unit + ",1\n";
    const auto gz = dir / "big.csv.gz";
    gzFile f = gzopen(gz.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
    gzclose(f);
    std::filesystem::resize_file(gz, std::filesystem::file_size(gz) * 3 / 4);
    // Precondition: the reader does hand a chunk on before it fails.
    std::size_t chunks = 0;
    ReadOptions ro;
    ro.on_error = OnError::skip;
    EXPECT_THROW(read_file(gz, ro, [&](UnitFrame&&) { ++chunks; }), Error);
    ASSERT_GE(chunks, 1u);
    IngestOptions o = quiet();
    o.on_error = OnError::skip;
    const IngestReport r = ingest({gz, dir.write("new.csv",
                                                 "timestamp,unit_id,x\n"
                                                 "2024-03-01T00:00:00Z,uc,1\n")},
                                  o, dir / "ws");
    ASSERT_EQ(r.files[0].status, FileStatus::failed) << r.files[0].error;
    EXPECT_TRUE(contains(r.files[0].error, "big.csv.gz")) << r.files[0].error;
    const Workspace ws = Workspace::open(dir / "ws");
    EXPECT_EQ(ws.unit_ids(), (std::vector<std::string>{"ua", "uc"}));
    EXPECT_EQ(ws.unit("ua"), before);  // nothing of the failed file got in
    EXPECT_EQ(ws.manifest().files.size(), 2u);
}

TEST(IngestFormats, UnitsFileAloneDescribesUnitsWithoutData) {
    TempDir dir;
    const IngestReport r = ingest({dir.write("units.csv",
                                             "unit_id,type,location,floor_area\n"
                                             "hp1,ASHP,Bern,140\n")},
                                  quiet(), dir / "ws");
    EXPECT_EQ(r.units_created, std::vector<std::string>{"hp1"});
    const Workspace ws = Workspace::open(dir / "ws");
    EXPECT_EQ(ws.units().at(0), (UnitInfo{"hp1", "ASHP", "Bern", {{"floor_area", "140"}}}));
    EXPECT_EQ(ws.load_unit("hp1").rows(), 0u);
    EXPECT_TRUE(ws.unit_gaps("hp1").empty());
    const nlohmann::json j = describe_workspace(ws);
    EXPECT_EQ(j["units"][0]["rows"], 0);
    EXPECT_TRUE(j["units"][0]["start"].is_null());
}

TEST(IngestFormats, OnChangeDataHoldsEachChannelUpToHoldMax) {
    TempDir dir;
    // t_tank_top changes every 3 h; t_tank_mid reports every 10 min for 7 h.
    std::string top = "timestamp;value\n", mid = "timestamp;value\n";
    for (int h = 0; h <= 6; h += 3)
        top += format_iso(k_t0 + h * k_hour_ms) + ";" + std::to_string(50 + h) + ",5\n";
    for (int m = 0; m <= 420; m += 10) mid += format_iso(k_t0 + m * k_minute_ms) + ";42,0\n";
    auto a = dir.write("hp1__t_tank_top.csv", top), b = dir.write("hp1__t_tank_mid.csv", mid);

    // Sampled data (the default): each reading fills 30 min, and the last one ends with its
    // file: 31 + 31 + 1 cells.
    ingest({a, b}, quiet(), dir / "sampled");
    const UnitFrame s = Workspace::open(dir / "sampled").load_unit("hp1");
    EXPECT_EQ(count_present(s.at("t_tank_top").values), 63u);

    // Stored on change with a 2 h hold: each 3-hour silence is held 2 h, then missing,
    // although t_tank_mid keeps reporting (the hold is per channel).
    IngestOptions o = quiet();
    o.hold_max = 2 * k_hour_ms;
    const IngestReport r = ingest({a, b}, o, dir / "held");
    EXPECT_EQ(r.hold_max, 2 * k_hour_ms);
    EXPECT_EQ(to_json(r).at("hold_max"), "2h");
    const UnitFrame f = Workspace::open(dir / "held").load_unit("hp1");
    ASSERT_EQ(f.rows(), 421u);
    const auto& t = f.at("t_tank_top").values;
    EXPECT_EQ(t[120], 50.5);
    EXPECT_TRUE(is_missing(t[121]));
    EXPECT_TRUE(is_missing(t[179]));
    EXPECT_EQ(t[180], 53.5);
    // After its last reading (06:00) t_tank_top holds to the unit's end at 07:00 (1 h < 2 h).
    EXPECT_EQ(t[420], 56.5);
    EXPECT_EQ(count_present(f.at("t_tank_mid").values), f.rows());
    std::vector<GapSpan> top_gaps;
    for (const GapSpan& g : f.gaps())
        if (g.channel == "t_tank_top") top_gaps.push_back(g);
    EXPECT_EQ(top_gaps, (std::vector<GapSpan>{
                            {k_t0 + 121 * k_minute_ms, k_t0 + 180 * k_minute_ms, "t_tank_top"},
                            {k_t0 + 301 * k_minute_ms, k_t0 + 360 * k_minute_ms, "t_tank_top"}}));

    o.hold_max = 0;
    EXPECT_THROW(ingest({a, b}, o, dir / "zero"), InvalidInputError);
    EXPECT_FALSE(std::filesystem::exists(dir / "zero"));
}
