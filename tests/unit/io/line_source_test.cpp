#include "io/line_source.hpp"

#include <gtest/gtest.h>

#include "heatloop/core/error.hpp"
#include "io_test_util.hpp"

using namespace heatloop;
using namespace heatloop::io;
using heatloop::io::test::TempDir;

namespace {
std::vector<std::string> lines_of(const std::filesystem::path& p, std::size_t block = 1 << 22) {
    LineSource src(p, block);
    std::vector<std::string> out;
    std::string_view line;
    while (src.next(line)) {
        out.emplace_back(line);
        EXPECT_EQ(src.line_number(), static_cast<long>(out.size()));
    }
    return out;
}
using V = std::vector<std::string>;
}  // namespace

TEST(LineSource, LineEndingsBomAndNoFinalNewline) {
    TempDir dir;
    EXPECT_EQ(lines_of(dir.write("a.csv", "x\ny\n")), (V{"x", "y"}));
    EXPECT_EQ(lines_of(dir.write("b.csv", "x\r\ny\r\n")), (V{"x", "y"}));
    EXPECT_EQ(lines_of(dir.write("c.csv", "\xEF\xBB\xBFx\ny")), (V{"x", "y"}));
    EXPECT_EQ(lines_of(dir.write("d.csv", "x\n\ny")), (V{"x", "", "y"}));
    EXPECT_EQ(lines_of(dir.write("e.csv", "")), V{});
    EXPECT_EQ(lines_of(dir.write("f.csv", "\xEF\xBB\xBF")), V{});
}

TEST(LineSource, LinesAcrossBlocksAndLongerThanABlock) {
    TempDir dir;
    std::string content;
    V expected;
    for (int i = 0; i < 200; ++i) {
        expected.push_back(std::string(static_cast<size_t>(i % 37), 'a') + std::to_string(i));
        content += expected.back() + (i % 2 ? "\r\n" : "\n");
    }
    auto p = dir.write("blocks.csv", content);
    EXPECT_EQ(lines_of(p, 16), expected);
    EXPECT_EQ(lines_of(p, 7), expected) << "block size is clamped, lines still whole";
    EXPECT_EQ(lines_of(dir.write_gz("blocks.csv.gz", content), 16), expected);
}

TEST(LineSource, GzipByMagicNotExtension) {
    TempDir dir;
    auto p = dir.write_gz("really-gzip.csv", "\xEF\xBB\xBFh\r\n1\r\n2");
    LineSource src(p);
    EXPECT_TRUE(src.compressed());
    std::string_view l;
    ASSERT_TRUE(src.next(l));
    EXPECT_EQ(l, "h");
    EXPECT_EQ(lines_of(p), (V{"h", "1", "2"}));
    LineSource plain(dir.write("plain.csv.gz", "a\n"));
    EXPECT_FALSE(plain.compressed());
    EXPECT_TRUE(plain.in_memory()) << "plain files are mapped";
}

TEST(LineSource, TruncatedAndCorruptGzipNameTheFile) {
    TempDir dir;
    std::string content;
    for (int i = 0; i < 20000; ++i) content += std::to_string(i * 7919 % 10007) + ",x\n";
    auto p = dir.write_gz("cut.csv.gz", content);
    std::filesystem::resize_file(p, std::filesystem::file_size(p) / 2);
    try {
        lines_of(p);
        FAIL() << "truncated gzip read without error";
    } catch (const InvalidInputError& e) {
        EXPECT_NE(std::string(e.what()).find("cut.csv.gz"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
    }
    // A flipped byte in the deflate stream or the CRC is caught too.
    auto q = dir.write_gz("bad.csv.gz", content);
    {
        std::fstream f(q, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(-6, std::ios::end);
        f.put('\x55');
    }
    EXPECT_THROW(lines_of(q), InvalidInputError);
}

TEST(LineSource, MissingFile) {
    TempDir dir;
    EXPECT_THROW(LineSource(dir.path() / "nope.csv"), NotFoundError);
    // A directory given as a file is an input error that says so (issue 10).
    try {
        LineSource src{dir.path()};
        ADD_FAILURE() << "a directory was opened as a file";
    } catch (const InvalidInputError& e) {
        EXPECT_NE(std::string(e.what()).find("is a directory, not a file"), std::string::npos);
    }
}

TEST(LineSource, ReportsProgress) {
    TempDir dir;
    std::string content = std::string(1000, 'x') + "\n" + std::string(1000, 'y');
    for (bool gz : {false, true}) {
        auto p = gz ? dir.write_gz("p.csv.gz", content) : dir.write("p.csv", content);
        LineSource src(p, 256);
        std::uint64_t last = 0, total = 0;
        int calls = 0;
        src.on_block([&](std::uint64_t done, std::uint64_t size) {
            EXPECT_GE(done, last);
            last = done;
            total = size;
            ++calls;
        });
        std::string_view l;
        while (src.next(l)) {
        }
        EXPECT_GE(calls, gz ? 7 : 2) << gz;
        EXPECT_EQ(total, std::filesystem::file_size(p));
        EXPECT_EQ(last, total);
    }
}

TEST(LineSource, InMemoryText) {
    std::string text = "a\r\nb\nc";
    LineSource src("mem", text, 10);
    EXPECT_TRUE(src.in_memory());
    std::string_view l;
    ASSERT_TRUE(src.next(l));
    EXPECT_EQ(l, "a");
    EXPECT_EQ(src.line_number(), 11);
    EXPECT_EQ(src.remaining(), "b\nc");
    src.consume(2);
    ASSERT_TRUE(src.next(l));
    EXPECT_EQ(l, "c");
    EXPECT_FALSE(src.next(l));
}
