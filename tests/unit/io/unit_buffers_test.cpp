#include "io/unit_buffers.hpp"

#include <gtest/gtest.h>

#include "io/long_chunk.hpp"

using namespace heatloop;
using namespace heatloop::io;

namespace {
struct Flushed {
    std::string unit;
    std::size_t rows;
};
struct Fixture {
    std::vector<Flushed> flushed;
    UnitBuffers<LongChunk> buffers;
    explicit Fixture(BufferPolicy policy)
        : buffers([] { return LongChunk(); },
                  [this](const std::string& u, LongChunk& c) {
                      flushed.push_back({u, c.rows()});
                      c.clear();
                  },
                  policy) {}
    void row(const std::string& unit) { buffers.at(unit).add(0, 0, 1.0, 0); }
};
}  // namespace

TEST(UnitBuffers, GroupedFileHoldsAboutOneUnit) {
    Fixture f(BufferPolicy{4, 1000});
    for (int i = 0; i < 6; ++i) f.row("a");
    for (int i = 0; i < 10; ++i) f.row("b");
    ASSERT_EQ(f.flushed.size(), 1u) << "a flushed once idle for 4 rows";
    EXPECT_EQ(f.flushed[0].unit, "a");
    EXPECT_EQ(f.flushed[0].rows, 6u);
    f.buffers.flush_all();
    ASSERT_EQ(f.flushed.size(), 2u);
    EXPECT_EQ(f.flushed[1].rows, 10u);
    EXPECT_EQ(f.buffers.units(), 2u);
}

TEST(UnitBuffers, InterleavedUnitsFlushOnlyWhenTooBig) {
    Fixture f(BufferPolicy{4, 40});  // 40 cells = 10 observations
    for (int i = 0; i < 9; ++i) f.row(i % 3 == 0 ? "a" : i % 3 == 1 ? "b" : "c");
    EXPECT_TRUE(f.flushed.empty()) << "all units active, under budget";
    for (int i = 0; i < 4; ++i) f.row(i % 2 ? "a" : "b");
    EXPECT_FALSE(f.flushed.empty());
    f.buffers.flush_all();
    std::size_t total = 0;
    for (const auto& x : f.flushed) total += x.rows;
    EXPECT_EQ(total, 13u);
}

TEST(UnitBuffers, FlushAllInFirstSeenOrder) {
    Fixture f(BufferPolicy{1000, 1000});
    f.row("z");
    f.row("a");
    f.row("z");
    f.row("m");
    f.buffers.flush_all();
    ASSERT_EQ(f.flushed.size(), 3u);
    EXPECT_EQ(f.flushed[0].unit, "z");
    EXPECT_EQ(f.flushed[0].rows, 2u);
    EXPECT_EQ(f.flushed[1].unit, "a");
    EXPECT_EQ(f.flushed[2].unit, "m");
}
