// The ingest pipeline: first ingest, merge of a second file, idempotent re-ingest,
// all-or-nothing on a bad file, and the grid-step conflict.
#include "heatloop/io/ingest.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <set>

#include "heatloop/core/error.hpp"
#include "heatloop/io/workspace.hpp"
#include "workspace_test_util.hpp"

using namespace heatloop;
using namespace heatloop::io;
using namespace heatloop::io::wstest;

namespace {

constexpr const char* k_units = "unit_id,type,location\nhp1,ASHP,Bern\nhp2,GSHP,Basel\n";
constexpr const char* k_january =
    "timestamp,unit_id,t_supply,t_return\n"
    "2024-01-01T00:00:00Z,hp1,35,30\n"
    "2024-01-01T00:10:00Z,hp1,36,31\n"
    "2024-01-01T01:00:00Z,hp1,37,32\n"  // 50 min after the last reading: a gap
    "2024-01-01T00:00:00Z,hp2,40,33\n";

double at(const UnitFrame& f, const std::string& ch, Timestamp t) {
    return f.at(ch).values.at(f.lower_bound(t));
}

}  // namespace

TEST(Ingest, FirstIngestCreatesTheWorkspace) {
    TempDir dir;
    auto u = dir.write("units.csv", k_units);
    auto s = dir.write("sensors.csv", k_january);
    const IngestReport r = ingest({s, u}, quiet(), dir / "ws");
    ASSERT_EQ(r.files.size(), 2u);
    EXPECT_EQ(r.files[0].file, u);  // units files first
    EXPECT_EQ(r.files[0].format, InputFormat::units);
    EXPECT_EQ(r.files[1].rows, 4u);
    EXPECT_EQ(r.files[1].ids, (std::vector<std::string>{"hp1", "hp2"}));
    EXPECT_EQ(r.units_created, (std::vector<std::string>{"hp1", "hp2"}));
    EXPECT_TRUE(r.units_without_metadata.empty());
    EXPECT_TRUE(r.changed);

    const Workspace ws = Workspace::open(dir / "ws");
    EXPECT_EQ(ws.unit_ids(), (std::vector<std::string>{"hp1", "hp2"}));
    EXPECT_EQ(ws.units()[0], (UnitInfo{"hp1", "ASHP", "Bern", {}}));
    EXPECT_EQ(ws.step(), k_minute_ms);
    const UnitFrame f = ws.load_unit("hp1");
    EXPECT_EQ(f.step(), k_minute_ms);
    EXPECT_EQ(f.rows(), 61u);
    EXPECT_EQ(at(f, "t_supply", k_t0 + 5 * k_minute_ms), 35);   // forward filled
    EXPECT_EQ(at(f, "t_supply", k_t0 + 40 * k_minute_ms), 36);  // 30 min after 00:10
    EXPECT_TRUE(is_missing(at(f, "t_supply", k_t0 + 41 * k_minute_ms)));
    EXPECT_EQ(at(f, "t_supply", k_t0 + 60 * k_minute_ms), 37);
    EXPECT_EQ(f.gaps().size(), 2u);  // one per channel, 00:41..01:00
    const UnitEntry& e = ws.unit("hp1");
    EXPECT_EQ(e.data.rows, 61u);
    EXPECT_EQ(e.data.channels[0].present, 42u);
    EXPECT_EQ(e.data.channels[0].gaps, 1u);
    EXPECT_EQ(e.data.channels[0].gap_duration, 19 * k_minute_ms);
    EXPECT_EQ(ws.manifest().files.size(), 2u);
    EXPECT_FALSE(
        std::filesystem::exists(dir / "ws" / "data" / (".staging-" + std::to_string(::getpid()))));
}

TEST(Ingest, SecondFileMergesPerUnit) {
    TempDir dir;
    ingest({dir.write("units.csv", k_units), dir.write("jan.csv", k_january)}, quiet(), dir / "ws");
    auto later = dir.write("later.csv",
                           "timestamp,unit_id,t_supply,compressor_power\n"
                           "2024-01-01T02:00:00Z,hp1,38,2.5\n"
                           "2024-01-01T00:20:00Z,hp3,20,1.0\n");
    std::vector<std::string> warnings;
    const IngestReport r = ingest({later}, quiet(&warnings), dir / "ws");
    EXPECT_EQ(r.units_updated, std::vector<std::string>{"hp1"});
    EXPECT_EQ(r.units_created, std::vector<std::string>{"hp3"});
    EXPECT_EQ(r.units_without_metadata, std::vector<std::string>{"hp3"});
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_TRUE(contains(warnings[0], "hp3") && contains(warnings[0], "no unit metadata"));

    const Workspace ws = Workspace::open(dir / "ws");
    const UnitFrame f = ws.load_unit("hp1");
    EXPECT_EQ(f.time().front(), k_t0);
    EXPECT_EQ(f.rows(), 121u);
    EXPECT_EQ(f.channel_names(),
              (std::vector<std::string>{"t_supply", "t_return", "compressor_power"}));
    EXPECT_EQ(at(f, "t_supply", k_t0), 35);                                // first file kept
    EXPECT_EQ(at(f, "t_supply", k_t0 + 120 * k_minute_ms), 38);            // second file added
    EXPECT_TRUE(is_missing(at(f, "t_supply", k_t0 + 100 * k_minute_ms)));  // no fill over seam
    EXPECT_EQ(ws.unit("hp1").info.type, "ASHP");                           // metadata kept
    EXPECT_EQ(ws.unit("hp3").info.type, "");
    EXPECT_FALSE(ws.unit("hp3").has_metadata);
    EXPECT_EQ(ws.manifest().generation, 2u);
    // Changed units got generation-2 files, the old ones are gone, hp2 kept its file.
    std::set<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(dir / "ws" / "data" / "units"))
        files.insert("units/" + e.path().filename().string());
    EXPECT_EQ(files,
              (std::set<std::string>{"units/hp1.g2.hlf", "units/hp2.g1.hlf", "units/hp3.g2.hlf"}));
    for (const auto& id : ws.unit_ids()) EXPECT_TRUE(files.count(ws.unit(id).data.file)) << id;
}

TEST(Ingest, ReingestingTheSameFileChangesNothing) {
    TempDir dir;
    auto s = dir.write("sensors.csv", k_january);
    ingest({s}, quiet(), dir / "ws");
    const auto before = fingerprint(dir / "ws");
    auto copy = dir.write("copy-of-sensors.csv", k_january);
    const IngestReport r = ingest({s, copy}, quiet(), dir / "ws");
    ASSERT_EQ(r.files.size(), 2u);
    EXPECT_EQ(r.files[0].status, FileStatus::already_ingested);
    EXPECT_EQ(r.files[1].status, FileStatus::already_ingested);  // same content, other name
    EXPECT_EQ(r.files_already, 2u);
    EXPECT_FALSE(r.changed);
    EXPECT_EQ(fingerprint(dir / "ws"), before);
}

TEST(Ingest, SameFileTwiceInOneRunIsReadOnce) {
    TempDir dir;
    auto s = dir.write("sensors.csv", k_january);
    const IngestReport r = ingest({s, s}, quiet(), dir / "ws");
    EXPECT_EQ(r.files[0].status, FileStatus::ingested);
    EXPECT_EQ(r.files[1].status, FileStatus::already_ingested);
    EXPECT_EQ(Workspace::open(dir / "ws").manifest().files.size(), 1u);
}

TEST(Ingest, BadSecondFileLeavesTheWorkspaceByteIdentical) {
    TempDir dir;
    ingest({dir.write("units.csv", k_units), dir.write("jan.csv", k_january)}, quiet(), dir / "ws");
    const auto before = fingerprint(dir / "ws");
    ASSERT_FALSE(before.empty());
    auto good = dir.write("good.csv",
                          "timestamp,unit_id,t_supply\n2024-01-02T00:00:00Z,hp1,50\n"
                          "2024-01-02T00:00:00Z,hp7,50\n");
    auto bad = dir.write("bad.csv",
                         "timestamp,unit_id,t_supply\n"
                         "2024-01-03T00:00:00Z,hp1,51\n"
                         "2024-01-03T00:01:00Z,hp1,52\n"
                         "2024-01-03T00:02:00Z,hp2,53\n"
                         "2024-01-03T00:03:00Z,hp2,abc\n");
    try {
        ingest({good, bad}, quiet(), dir / "ws");
        FAIL() << "no error";
    } catch (const InvalidInputError& e) {
        EXPECT_TRUE(contains(e.what(), "bad.csv:5:3")) << e.what();
    }
    EXPECT_EQ(fingerprint(dir / "ws"), before);
}

TEST(Ingest, FailedFirstIngestCreatesNoDirectory) {
    TempDir dir;
    auto bad = dir.write("bad.csv", "timestamp,unit_id,t_supply\n2024-01-03T00:00:00Z,hp1,x\n");
    EXPECT_THROW(ingest({bad}, quiet(), dir / "new" / "ws"), InvalidInputError);
    EXPECT_FALSE(std::filesystem::exists(dir / "new"));
    EXPECT_THROW(ingest({dir / "missing.csv"}, quiet(), dir / "ws2"), NotFoundError);
    EXPECT_FALSE(std::filesystem::exists(dir / "ws2"));
    // An existing empty directory stays (empty).
    std::filesystem::create_directory(dir / "empty");
    EXPECT_THROW(ingest({bad}, quiet(), dir / "empty"), InvalidInputError);
    EXPECT_TRUE(std::filesystem::is_empty(dir / "empty"));
}

TEST(Ingest, DifferentStepIsAConflictNamingBoth) {
    TempDir dir;
    ingest({dir.write("jan.csv", k_january)}, quiet(), dir / "ws");
    const auto before = fingerprint(dir / "ws");
    IngestOptions o = quiet();
    o.step = 5 * k_minute_ms;
    try {
        ingest({dir.write("more.csv", "timestamp,unit_id,x\n2024-02-01T00:00:00Z,hp1,1\n")}, o,
               dir / "ws");
        FAIL() << "no error";
    } catch (const ConflictError& e) {
        EXPECT_TRUE(contains(e.what(), "1min") && contains(e.what(), "5min")) << e.what();
    }
    EXPECT_EQ(fingerprint(dir / "ws"), before);
    o.step = k_minute_ms;  // the same step given explicitly is fine
    EXPECT_NO_THROW(
        ingest({dir.write("more2.csv", "timestamp,unit_id,x\n2024-02-01T00:00:00Z,hp1,1\n")}, o,
               dir / "ws"));
}

TEST(Ingest, ANonEmptyForeignDirectoryIsRefused) {
    TempDir dir;
    std::filesystem::create_directory(dir / "home");
    dir.write("home/notes.txt", "mine");
    EXPECT_THROW(ingest({dir.write("jan.csv", k_january)}, quiet(), dir / "home"),
                 InvalidInputError);
    EXPECT_FALSE(std::filesystem::exists(dir / "home" / "data"));
}

TEST(Ingest, FfillMaxGapAppliesToTheFilesOfThatIngest) {
    TempDir dir;
    ingest({dir.write("a.csv",
                      "timestamp,unit_id,x\n2024-01-01T00:00:00Z,u1,1\n"
                      "2024-01-01T01:00:00Z,u1,2\n")},
           quiet(), dir / "ws");
    IngestOptions o = quiet();
    o.ffill_max_gap = 0;  // no fill for this file
    const IngestReport r = ingest({dir.write("b.csv",
                                             "timestamp,unit_id,x\n2024-01-02T00:00:00Z,u2,1\n"
                                             "2024-01-02T00:05:00Z,u2,2\n")},
                                  o, dir / "ws");
    EXPECT_EQ(r.ffill_max_gap, 0);
    const Workspace ws = Workspace::open(dir / "ws");
    EXPECT_EQ(ws.manifest().ffill_max_gap, 30 * k_minute_ms);  // the workspace default stays
    EXPECT_EQ(ws.unit("u1").data.channels[0].present, 32u);    // 00:00..00:30 and 01:00
    EXPECT_EQ(ws.unit("u2").data.channels[0].present, 2u);     // nothing filled
}
