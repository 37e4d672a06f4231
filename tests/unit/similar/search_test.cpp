#include "heatloop/similar/search.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "heatloop/core/error.hpp"
#include "heatloop/core/random.hpp"

namespace heatloop::similar {
namespace {

constexpr Duration k_min = 60'000;
constexpr Timestamp k_t0 = 1'700'000'000'000;

// A unit with channels "a" (random walk) and "b" (noisy daily-ish sine) on a 1-min grid.
UnitFrame unit(const std::string& id, std::size_t n, std::uint64_t seed) {
    UnitFrame f(id);
    f.set_grid(k_t0, k_min, n);
    Rng rng(seed);
    auto& a = f.get_or_add("a").values;
    double x = 40;
    for (auto& v : a) v = x += rng.normal(0.0, 0.3);
    auto& b = f.get_or_add("b").values;
    for (std::size_t i = 0; i < n; ++i)
        b[i] = std::sin(static_cast<double>(i) / 90.0) + rng.normal(0.0, 0.5);
    return f;
}

Timestamp at(std::size_t i) {
    return k_t0 + static_cast<Timestamp>(i) * k_min;
}

// Copies rows [from, from + len) of every channel to `to`, transformed by a*x + b.
void plant(UnitFrame& dst, std::size_t to, const UnitFrame& src, std::size_t from, std::size_t len,
           double scale = 1.0, double offset = 0.0) {
    for (const Channel& c : src.channels()) {
        auto& d = dst.find(c.name)->values;
        for (std::size_t k = 0; k < len; ++k) d[to + k] = scale * c.values[from + k] + offset;
    }
}

const std::vector<std::string> k_ab{"a", "b"};

TEST(Search, APlantedCopyIsFoundFirst) {
    UnitFrame f = unit("u1", 20'000, 1);
    plant(f, 15'000, f, 2'000, 240);
    const Pattern p = make_pattern(f, {at(2'000), at(2'240)}, k_ab, {});
    EXPECT_EQ(p.points, 240u);
    EXPECT_EQ(p.factor, 1u);
    const auto hits = search_frame(p, f, {}, 5);
    ASSERT_EQ(hits.size(), 5u);
    EXPECT_EQ(hits[0].start, at(15'000));
    EXPECT_EQ(hits[0].end, at(15'240));
    EXPECT_NEAR(hits[0].distance, 0.0, 1e-4);
    EXPECT_NEAR(hits[0].correlation, 1.0, 1e-9);
    EXPECT_LT(hits[1].correlation, 0.9);  // nothing else is a copy
}

TEST(Search, ZNormalisationMatchesAnOffsetAndScaledCopyInAnotherUnit) {
    const UnitFrame q = unit("u1", 10'000, 1);
    UnitFrame other = unit("u2", 30'000, 2);
    plant(other, 22'222, q, 4'000, 300, 2.5, -17.0);  // 2.5 x + (-17) on every channel
    const Pattern p = make_pattern(q, {at(4'000), at(4'300)}, k_ab, {});
    const auto own = search_frame(p, q, {}, 3), far = search_frame(p, other, {}, 3);
    const auto best = best_hits(
        [&] {
            std::vector<Hit> all = own;
            all.insert(all.end(), far.begin(), far.end());
            return all;
        }(),
        3);
    ASSERT_EQ(best.size(), 3u);
    EXPECT_EQ(best[0].unit_id, "u2");
    EXPECT_EQ(best[0].start, at(22'222));
    EXPECT_NEAR(best[0].correlation, 1.0, 1e-9);
}

TEST(Search, HitsOverlapNeitherTheQueryNorEachOtherNorExcludedSpans) {
    UnitFrame f = unit("u1", 20'000, 3);
    // The query's neighbourhood is the most similar region (a random walk changes slowly):
    // without the exclusions every hit would be a shifted copy of the query itself.
    const Span query{at(5'000), at(5'500)};
    const std::vector<Span> excluded{{at(12'000), at(13'000)}};
    plant(f, 12'200, f, 5'000, 500);  // a perfect copy, but inside an excluded span
    const Pattern p = make_pattern(f, query, std::vector<std::string>{"a"}, {});
    const auto hits = search_frame(p, f, excluded, 20);
    ASSERT_EQ(hits.size(), 20u);
    auto overlaps = [](Timestamp a0, Timestamp a1, Timestamp b0, Timestamp b1) {
        return a0 < b1 && b0 < a1;
    };
    for (std::size_t i = 0; i < hits.size(); ++i) {
        EXPECT_EQ(hits[i].end - hits[i].start, query.end - query.start);
        EXPECT_FALSE(overlaps(hits[i].start, hits[i].end, query.start, query.end)) << i;
        EXPECT_FALSE(overlaps(hits[i].start, hits[i].end, excluded[0].start, excluded[0].end)) << i;
        for (std::size_t j = 0; j < i; ++j)
            EXPECT_FALSE(overlaps(hits[i].start, hits[i].end, hits[j].start, hits[j].end))
                << i << " " << j;
        if (i > 0) {
            EXPECT_LE(hits[i - 1].distance, hits[i].distance);
        }
    }
    EXPECT_LT(hits[0].correlation, 0.999);  // the excluded copy was not returned
}

TEST(Search, LongQueriesAreComparedOnBlockMeansAndStillFindTheCopy) {
    UnitFrame f = unit("u1", 60'000, 4);
    plant(f, 41'010, f, 3'000, 3'000);  // 38010 steps after the query: 2534 blocks of 15
    SearchOptions o;
    o.max_points = 200;
    const Pattern p = make_pattern(f, {at(3'000), at(6'000)}, k_ab, o);
    EXPECT_EQ(p.factor, 15u);
    EXPECT_EQ(p.points, 200u);
    const auto hits = search_frame(p, f, {}, 3);
    ASSERT_FALSE(hits.empty());
    EXPECT_EQ(hits[0].start, at(41'010));
    EXPECT_EQ(hits[0].end - hits[0].start, 3'000 * k_min);
    EXPECT_GT(hits[0].correlation, 0.999);
}

TEST(Search, WindowsWithMissingValuesAreNeverHitsAndUnitsWithoutTheChannelGiveNone) {
    UnitFrame f = unit("u1", 5'000, 5);
    plant(f, 3'000, f, 500, 100);
    f.find("a")->values[3'050] = k_missing;  // the copy has a hole
    const Pattern p = make_pattern(f, {at(500), at(600)}, k_ab, {});
    for (const Hit& h : search_frame(p, f, {}, 10))
        EXPECT_FALSE(h.start <= at(3'050) && at(3'050) < h.end);
    UnitFrame no_b("u9");
    no_b.set_grid(k_t0, k_min, 5'000);
    no_b.get_or_add("a");
    EXPECT_TRUE(search_frame(p, no_b, {}, 10).empty());
}

TEST(Search, UnusableQueriesAreRefusedNamingTheProblem) {
    UnitFrame f = unit("u1", 1'000, 6);
    f.find("b")->values[110] = k_missing;
    auto message = [&](Span s, std::vector<std::string> ch) {
        try {
            make_pattern(f, s, ch, {});
        } catch (const InvalidInputError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_NE(message({at(100), at(200)}, {"a", "zz"}).find("no channel 'zz'"), std::string::npos);
    EXPECT_NE(message({at(100), at(200)}, {"b"}).find("1 missing point"), std::string::npos);
    EXPECT_NE(message({at(100), at(101)}, {"a"}).find("at least 2"), std::string::npos);
    EXPECT_NE(message({at(2'000), at(3'000)}, {"a"}).find("at least 2"), std::string::npos);
    EXPECT_NE(message({at(100), at(200)}, {}).find("no channel"), std::string::npos);
}

TEST(Search, CoarsenTakesBlockMeansAndNeedsHalfTheValues) {
    const std::vector<double> v{1, 3, k_missing, 5, k_missing, k_missing, 7};
    const auto c = coarsen(v, 2);
    ASSERT_EQ(c.size(), 3u);
    EXPECT_DOUBLE_EQ(c[0], 2.0);
    EXPECT_DOUBLE_EQ(c[1], 5.0);
    EXPECT_TRUE(std::isnan(c[2]));
}

}  // namespace
}  // namespace heatloop::similar
