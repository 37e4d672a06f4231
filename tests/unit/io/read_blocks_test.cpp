// Parsing in blocks, on several threads, gives exactly what one pass gives: frames, counts,
// problems and their line numbers, whatever the block size.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "heatloop/core/error.hpp"
#include "io/read_tuning.hpp"
#include "io_test_util.hpp"

using namespace heatloop;
using namespace heatloop::io;
using namespace heatloop::io::test;

namespace {

// A messy wide file: units grouped and interleaved, rows out of order, duplicates that agree
// and disagree, bad values and timestamps, quoted fields across lines, blank lines, CRLF.
std::string messy_file() {
    std::mt19937 rng(7);
    std::string s = "timestamp;unit_id;t_supply;t_return;note\r\n";
    auto ts = [](int i) { return fmt::format("2024-01-01T{:02}:{:02}:00Z", i / 60 % 24, i % 60); };
    for (int i = 0; i < 3000; ++i) {
        const int unit = i < 1000 ? 0 : i < 2000 ? 1 + (i % 2) : 3 + (i % 3);
        const int t = i % 7 == 3 ? i - 5 : i;  // some out of order (and duplicates)
        std::string note = "1";
        if (i % 97 == 0) note = "\"multi\nline\"";
        if (i % 89 == 0) note = "\"x;\"\"y\"\"\"";
        std::string supply = fmt::format("{},{}", rng() % 90, rng() % 10);
        if (i % 211 == 0) supply = "abc";
        if (i % 307 == 0) supply = "inf";
        std::string time = i % 401 == 0 ? "yesterday" : ts(t);
        s += fmt::format("{};hp{};{};{}{}", time, unit, supply, t % 40,
                         i % 500 == 7 ? "" : ";" + note);
        s += i % 3 ? "\n" : "\r\n";
        if (i % 250 == 0) s += "\n";
    }
    return s;
}

struct Outcome {
    std::vector<UnitFrame> frames;
    ReadSummary summary;
    std::string error;
};

Outcome run(const std::filesystem::path& p, OnError mode, std::size_t block, unsigned threads) {
    ReadOptions o;
    o.on_error = mode;
    o.threads = threads;
    ReadTuning tuning;
    tuning.block_size = block;
    Outcome out;
    try {
        out.summary = read_file_tuned(
            p, o, [&](UnitFrame&& f) { out.frames.push_back(std::move(f)); }, tuning);
    } catch (const InvalidInputError& e) {
        out.error = e.what();
    }
    return out;
}

void expect_same_values(const std::vector<double>& a, const std::vector<double>& b) {
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!(std::isnan(a[i]) && std::isnan(b[i]))) {
            EXPECT_EQ(a[i], b[i]) << i;
        }
}

void expect_same(const Outcome& a, const Outcome& b, const std::string& what) {
    SCOPED_TRACE(what);
    EXPECT_EQ(a.error, b.error);
    EXPECT_EQ(a.summary.rows, b.summary.rows);
    EXPECT_EQ(a.summary.values, b.summary.values);
    EXPECT_EQ(a.summary.duplicates_dropped, b.summary.duplicates_dropped);
    EXPECT_EQ(a.summary.skipped_count, b.summary.skipped_count);
    ASSERT_EQ(a.summary.skipped.size(), b.summary.skipped.size());
    for (std::size_t i = 0; i < a.summary.skipped.size(); ++i)
        EXPECT_EQ(a.summary.skipped[i].str(), b.summary.skipped[i].str());
    ASSERT_EQ(a.frames.size(), b.frames.size());
    for (std::size_t f = 0; f < a.frames.size(); ++f) {
        EXPECT_EQ(a.frames[f].unit_id(), b.frames[f].unit_id());
        EXPECT_EQ(a.frames[f].time(), b.frames[f].time());
        ASSERT_EQ(a.frames[f].channel_names(), b.frames[f].channel_names());
        for (std::size_t c = 0; c < a.frames[f].channels().size(); ++c)
            expect_same_values(a.frames[f].channels()[c].values, b.frames[f].channels()[c].values);
    }
}

}  // namespace

TEST(ReadBlocks, SameResultForAnyBlockSizeAndThreadCount) {
    TempDir dir;
    const std::string content = messy_file();
    for (bool gz : {false, true}) {
        auto p = gz ? dir.write_gz("messy.csv.gz", content) : dir.write("messy.csv", content);
        for (OnError mode : {OnError::skip, OnError::fail}) {
            const Outcome reference = run(p, mode, std::size_t{1} << 22, 1);
            if (mode == OnError::skip) {
                EXPECT_EQ(reference.summary.rows, 3000u);
                EXPECT_GT(reference.summary.skipped_count, 40u);
                EXPECT_GT(reference.summary.duplicates_dropped, 0u);
                EXPECT_EQ(reference.frames.size(), 6u);
            } else {
                EXPECT_NE(reference.error.find("problems, nothing read"), std::string::npos);
            }
            for (std::size_t block : {64u, 333u, 4096u})
                for (unsigned threads : {1u, 2u, 3u})
                    expect_same(
                        reference, run(p, mode, block, threads),
                        fmt::format("gz {} mode {} block {} threads {}", gz,
                                    mode == OnError::skip ? "skip" : "fail", block, threads));
        }
    }
}

TEST(ReadBlocks, ProblemLinesAreFileLines) {
    TempDir dir;
    std::string content = "timestamp,unit_id,x\n";
    for (int i = 0; i < 500; ++i)
        content += fmt::format("2024-01-01T00:{:02}:00Z,u,{}\n", i % 60, i == 321 ? "bad" : "1");
    auto p = dir.write("lines.csv", content);
    ReadOptions o;
    o.on_error = OnError::skip;
    o.threads = 2;
    ReadTuning tuning;
    tuning.block_size = 100;
    ReadSummary s = read_file_tuned(p, o, {}, tuning);
    ASSERT_EQ(s.skipped.size(), 1u);
    EXPECT_EQ(s.skipped[0].where.line, 323) << "header is line 1, row i is line i + 2";
    EXPECT_EQ(s.skipped[0].where.column, 3);
}
