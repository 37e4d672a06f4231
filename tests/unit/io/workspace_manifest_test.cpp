// data/manifest.json: round trip and rejection of newer or malformed manifests.
#include <gtest/gtest.h>

#include "heatloop/core/error.hpp"
#include "io/workspace_manifest.hpp"
#include "workspace_test_util.hpp"

using namespace heatloop;
using namespace heatloop::io;
using namespace heatloop::io::wstest;

TEST(WorkspaceManifest, RoundTrip) {
    TempDir dir;
    Manifest m;
    m.generation = 7;
    m.step = k_minute_ms;
    m.ffill_max_gap = 30 * k_minute_ms;
    UnitEntry u;
    u.info = UnitInfo{"hp 1", "ASHP", "Bern", {{"floor_area", "140"}}};
    u.has_metadata = true;
    u.data.file = "units/hp%201.g7.hlf";
    u.data.start = k_t0;
    u.data.step = k_minute_ms;
    u.data.rows = 10;
    u.data.channels.push_back(ChannelSummary{"t_supply", 8, 30, 35.25, 40, 1, 2 * k_minute_ms});
    u.data.channels.push_back(
        ChannelSummary{"mode", 0, k_missing, k_missing, k_missing, 1, 10 * k_minute_ms});
    m.units.emplace("hp 1", u);
    m.weather["Bern"] = SeriesSummary{"weather/Bern.g7.hlf", k_t0, k_hour_ms, 24, {}};
    m.meters["m1"] = SeriesSummary{"meters/m1.g7.hlf", k_t0, 15 * k_minute_ms, 96, {}};
    m.files.push_back(
        IngestedFile{"a.csv", std::string(64, 'a'), 12, "wide", 3, "2024-01-01T00:00:00Z", ""});
    write_manifest(dir / "manifest.json", m);
    const Manifest back = read_manifest(dir / "manifest.json");
    // NaN != NaN, so compare the NaN statistics separately.
    const auto& mode = back.units.at("hp 1").data.channels.at(1);
    EXPECT_TRUE(is_missing(mode.min) && is_missing(mode.mean) && is_missing(mode.max));
    Manifest a = m, b = back;
    a.units.at("hp 1").data.channels.pop_back();
    b.units.at("hp 1").data.channels.pop_back();
    EXPECT_EQ(a, b);
    EXPECT_NE(b.find_file(std::string(64, 'a')), nullptr);
    EXPECT_EQ(b.find_file("nope"), nullptr);
    EXPECT_DOUBLE_EQ(back.units.at("hp 1").data.coverage(), 8.0 / 20.0);
    EXPECT_EQ(back.units.at("hp 1").data.gap_duration(), 12 * k_minute_ms);
    EXPECT_EQ(back.units.at("hp 1").data.end(), k_t0 + 10 * k_minute_ms);
}

TEST(WorkspaceManifest, MissingIsEmptyNewerOrBrokenIsAnError) {
    TempDir dir;
    EXPECT_EQ(read_manifest(dir / "none.json"), Manifest{});
    dir.write("new.json", R"({"format_version": 99})");
    try {
        read_manifest(dir / "new.json");
        FAIL() << "no error";
    } catch (const IoError& e) {
        EXPECT_TRUE(contains(e.what(), "99")) << e.what();
    }
    dir.write("broken.json", "{ not json");
    EXPECT_THROW(read_manifest(dir / "broken.json"), IoError);
}
