#include "io/dense_chunk.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace heatloop;
using namespace heatloop::io;

namespace {
// Rows as parallel arrays, the shape parsed blocks come in.
struct Rows {
    std::vector<Timestamp> t;
    std::vector<long> lines;
    std::vector<std::vector<double>> cols;
    explicit Rows(std::size_t channels) : cols(channels) {}
    Rows& add(Timestamp time, long line, std::vector<double> v) {
        t.push_back(time);
        lines.push_back(line);
        for (std::size_t c = 0; c < v.size(); ++c) cols[c].push_back(v[c]);
        return *this;
    }
};
struct Taken {
    UnitFrame frame;
    std::vector<Conflict> conflicts;
    std::size_t merged = 0, dropped = 0;
};
Taken take(DenseChunk& c, std::vector<std::string> names) {
    Taken out;
    out.frame = c.take(
        "u", names, [&](const Conflict& x) { out.conflicts.push_back(x); }, out.merged,
        out.dropped);
    return out;
}
}  // namespace

TEST(DenseChunk, SortsStablyAndMerges) {
    Rows r(2);
    r.add(30, 2, {3, 30}).add(10, 3, {1, k_missing}).add(20, 4, {2, 20});
    r.add(10, 5, {1, 10});  // fills the missing value of line 3
    r.add(20, 6, {2, 20});  // identical
    DenseChunk c(2);
    c.append(r.t, r.lines, r.cols, 0, 5);
    EXPECT_EQ(c.rows(), 5u);
    EXPECT_EQ(c.cells(), 20u);
    Taken t = take(c, {"a", "b"});
    EXPECT_TRUE(t.conflicts.empty());
    EXPECT_EQ(t.merged, 2u);
    EXPECT_EQ(t.dropped, 3u) << "1 (line 5's a) + 2 (line 6)";
    EXPECT_EQ(t.frame.unit_id(), "u");
    EXPECT_EQ(t.frame.time(), (std::vector<Timestamp>{10, 20, 30}));
    EXPECT_EQ(t.frame.at("a").values, (std::vector<double>{1, 2, 3}));
    EXPECT_EQ(t.frame.at("b").values, (std::vector<double>{10, 20, 30}));
    EXPECT_EQ(c.rows(), 0u) << "take leaves the chunk empty";
}

TEST(DenseChunk, ConflictKeepsTheFirstRowOfTheFile) {
    Rows r(1);
    r.add(20, 2, {5}).add(10, 3, {1}).add(20, 4, {6}).add(20, 5, {7});
    DenseChunk c(1);
    c.append(r.t, r.lines, r.cols, 0, 4, 100);
    Taken t = take(c, {"x"});
    ASSERT_EQ(t.conflicts.size(), 2u);
    EXPECT_EQ(t.conflicts[0].line, 104) << "line offset applied";
    EXPECT_EQ(t.conflicts[0].first_line, 102);
    EXPECT_EQ(t.conflicts[0].kept, 5);
    EXPECT_EQ(t.conflicts[0].rejected, 6);
    EXPECT_EQ(t.conflicts[1].line, 105);
    EXPECT_EQ(t.merged, 0u);
    EXPECT_EQ(t.frame.at("x").values, (std::vector<double>{1, 5}));
}

TEST(DenseChunk, AdoptedAndAppendedPiecesJoinInOrder) {
    Rows a(1), b(1), c(1);
    a.add(1, 1, {10}).add(2, 2, {20});
    b.add(3, 1, {30}).add(9, 2, {90}).add(4, 3, {40});
    c.add(5, 1, {50});
    DenseChunk chunk(1);
    chunk.adopt(std::move(a.t), std::move(a.lines), std::move(a.cols), 10);
    chunk.append(b.t, b.lines, b.cols, 0, 1, 20);  // only the first row of b
    chunk.append(b.t, b.lines, b.cols, 1, 2, 20);  // the rest of b, out of order
    chunk.adopt(std::move(c.t), std::move(c.lines), std::move(c.cols), 30);
    EXPECT_EQ(chunk.rows(), 6u);
    Taken t = take(chunk, {"x"});
    EXPECT_EQ(t.frame.time(), (std::vector<Timestamp>{1, 2, 3, 4, 5, 9}));
    EXPECT_EQ(t.frame.at("x").values, (std::vector<double>{10, 20, 30, 40, 50, 90}));
}

TEST(DenseChunk, ReusableAfterTakeAndEmpty) {
    DenseChunk c(1);
    Rows r(1);
    r.add(5, 2, {1}).add(3, 3, {2}).add(1, 4, {3});
    c.append(r.t, r.lines, r.cols, 0, 1);
    EXPECT_EQ(take(c, {"x"}).frame.rows(), 1u);
    c.append(r.t, r.lines, r.cols, 1, 2);
    EXPECT_EQ(take(c, {"x"}).frame.time(), (std::vector<Timestamp>{1, 3}));
    Taken empty = take(c, {"x"});
    EXPECT_EQ(empty.frame.rows(), 0u);
    EXPECT_EQ(empty.frame.channel_names(), std::vector<std::string>{"x"});
}
