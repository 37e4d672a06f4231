// The .hlf cache file: round trip, header-only reads, and rejection of damaged files.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>

#include "heatloop/core/error.hpp"
#include "heatloop/io/frame_file.hpp"
#include "workspace_test_util.hpp"

using namespace heatloop;
using namespace heatloop::io;
using namespace heatloop::io::wstest;

namespace {

UnitFrame sample_frame() {
    UnitFrame f("hp/01 ü");
    f.set_grid(k_t0, k_minute_ms, 5);
    f.get_or_add("t_supply").values = {35.5, 36, k_missing, k_missing, -1e-300};
    f.get_or_add("mode").values = {1, 1, 2, 3, 0};
    f.gaps().push_back(GapSpan{k_t0 + 2 * k_minute_ms, k_t0 + 4 * k_minute_ms, "t_supply"});
    f.gaps().push_back(GapSpan{k_t0, k_t0 + k_minute_ms, ""});
    return f;
}

bool same_bits(double a, double b) {
    return std::memcmp(&a, &b, sizeof a) == 0;
}

}  // namespace

TEST(WorkspaceFrameFile, RoundTripKeepsEveryBit) {
    TempDir dir;
    const UnitFrame f = sample_frame();
    write_frame_file(dir / "a.hlf", f, "unit");
    const UnitFrame g = read_frame_file(dir / "a.hlf");
    EXPECT_EQ(g.unit_id(), f.unit_id());
    EXPECT_EQ(g.step(), k_minute_ms);
    EXPECT_EQ(g.time(), f.time());
    ASSERT_EQ(g.channel_names(), f.channel_names());
    for (std::size_t c = 0; c < f.channels().size(); ++c)
        for (std::size_t i = 0; i < f.rows(); ++i)
            EXPECT_TRUE(same_bits(g.channels()[c].values[i], f.channels()[c].values[i]))
                << "channel " << c << " row " << i;
    EXPECT_EQ(g.gaps(), f.gaps());
}

TEST(WorkspaceFrameFile, HeaderOnlyAndDataAligned) {
    TempDir dir;
    write_frame_file(dir / "a.hlf", sample_frame(), "weather");
    const FrameFileHeader h = read_frame_header(dir / "a.hlf");
    EXPECT_EQ(h.kind, "weather");
    EXPECT_EQ(h.start, k_t0);
    EXPECT_EQ(h.rows, 5u);
    EXPECT_EQ(h.channels, (std::vector<std::string>{"t_supply", "mode"}));
    EXPECT_EQ(h.gaps.size(), 2u);
    EXPECT_EQ(h.data_offset % 64, 0u);
    EXPECT_EQ(std::filesystem::file_size(dir / "a.hlf"), h.data_offset + 2 * 5 * sizeof(double));
}

TEST(WorkspaceFrameFile, EmptyFrame) {
    TempDir dir;
    UnitFrame f("u");
    f.get_or_add("x");
    write_frame_file(dir / "e.hlf", f, "unit");
    const UnitFrame g = read_frame_file(dir / "e.hlf");
    EXPECT_EQ(g.rows(), 0u);
    EXPECT_EQ(g.channel_names(), std::vector<std::string>{"x"});
}

TEST(WorkspaceFrameFile, RejectsDamagedFiles) {
    TempDir dir;
    write_frame_file(dir / "a.hlf", sample_frame(), "unit");
    std::filesystem::resize_file(dir / "a.hlf", std::filesystem::file_size(dir / "a.hlf") - 8);
    EXPECT_THROW(read_frame_file(dir / "a.hlf"), IoError);
    dir.write("b.hlf", "not a frame file at all, just text");
    try {
        read_frame_file(dir / "b.hlf");
        FAIL() << "no error";
    } catch (const IoError& e) {
        EXPECT_TRUE(contains(e.what(), "b.hlf")) << e.what();
    }
    EXPECT_THROW(read_frame_file(dir / "missing.hlf"), NotFoundError);
}

TEST(WorkspaceFrameFile, RefusesIrregularFrames) {
    TempDir dir;
    UnitFrame f("u");
    f.set_time({1, 5, 7});
    EXPECT_THROW(write_frame_file(dir / "i.hlf", f, "unit"), InternalError);
}
