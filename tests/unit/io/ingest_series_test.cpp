// Chunk-by-chunk resampling with a carry equals resampling a whole series at once.
#include "io/ingest_series.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "heatloop/prep/merge.hpp"
#include "heatloop/prep/resample.hpp"
#include "workspace_test_util.hpp"

using namespace heatloop;
using namespace heatloop::io;
using namespace heatloop::io::wstest;

namespace {

// Irregular raw data: two channels reported at different times, with silences of 5 to 70
// minutes so both forward fill and its limit matter.
UnitFrame raw_series() {
    UnitFrame f("hp1");
    std::vector<Timestamp> t;
    const int steps[] = {3, 7, 1, 12, 45, 2, 9, 70, 4, 31, 8, 5, 29, 33, 6, 2, 61, 3};
    Timestamp now = k_t0 + 17 * k_second_ms;
    for (int s : steps) t.push_back(now += s * k_minute_ms + 11 * k_second_ms);
    f.set_time(t);
    f.get_or_add("a");
    f.get_or_add("b");  // may reallocate the channel vector: take references after both
    auto& a = f.find("a")->values;
    auto& b = f.find("b")->values;
    for (std::size_t i = 0; i < t.size(); ++i) {
        a[i] = i % 3 == 2 ? k_missing : static_cast<double>(i);
        b[i] = i % 4 == 0 ? 100.0 + static_cast<double>(i) : k_missing;
    }
    return f;
}

void expect_same_values(const UnitFrame& x, const UnitFrame& y, const std::string& what) {
    ASSERT_EQ(x.time(), y.time()) << what;
    for (const Channel& c : x.channels())
        for (std::size_t i = 0; i < x.rows(); ++i) {
            const double u = c.values[i], v = y.at(c.name).values[i];
            EXPECT_TRUE((std::isnan(u) && std::isnan(v)) || u == v)
                << what << " channel " << c.name << " row " << i << ": " << u << " vs " << v;
        }
}

}  // namespace

TEST(IngestSeries, ChunkedResampleWithCarryEqualsWholeResample) {
    const UnitFrame raw = raw_series();
    for (bool hold : {false, true}) {
        const prep::ResampleOptions opt{k_minute_ms, 30 * k_minute_ms, hold};
        const UnitFrame whole = prep::resample(raw, opt);
        for (std::size_t split = 1; split < raw.rows(); ++split) {
            const std::string what =
                (hold ? "hold split " : "ffill split ") + std::to_string(split);
            const UnitFrame first = raw.slice(0, split), second = raw.slice(split, raw.rows());
            UnitFrame merged = prep::resample(first, opt);
            const Carry carry = Carry::after(first, merged, opt.ffill_max_gap, hold);
            const UnitFrame next = prep::resample(carry.prepend(UnitFrame(second)), opt);
            prep::merge_onto(merged, next);
            expect_same_values(merged, whole, what);
        }
    }
}

TEST(IngestSeries, NoCarryIntoAnOverlappingChunk) {
    UnitFrame raw = raw_series();
    const prep::ResampleOptions opt{k_minute_ms, 30 * k_minute_ms, false};
    const UnitFrame grid = prep::resample(raw, opt);
    const Carry c = Carry::after(raw, grid, opt.ffill_max_gap, false);
    EXPECT_TRUE(c.any);
    const UnitFrame again = c.prepend(UnitFrame(raw));  // starts before the carry's end
    EXPECT_EQ(again.time(), raw.time());
}

TEST(IngestSeries, MedianInterval) {
    const Timestamp h = k_hour_ms;
    EXPECT_EQ(median_interval({0, h, 2 * h, 4 * h, 5 * h}, 7), h);
    EXPECT_EQ(median_interval({0, h, 3 * h}, 7), h);  // one missing reading
    EXPECT_EQ(median_interval({0, 15 * k_minute_ms - 3, 30 * k_minute_ms + 2}, 7),
              15 * k_minute_ms);  // jitter rounded to seconds
    EXPECT_EQ(median_interval({5}, 7), 7);
}

TEST(IngestSeries, WeatherAliasesBecomeStandardNames) {
    UnitFrame f("Bern");
    f.set_time({1});
    f.get_or_add("Outdoor Temp");
    f.get_or_add("ghi");
    f.get_or_add("humidity");
    standardize_weather_channels(f);
    EXPECT_EQ(f.channel_names(),
              (std::vector<std::string>{"t_outdoor", "solar_radiation", "humidity"}));
}

TEST(IngestSeries, HoldAfterFillsPastTheLastReadingUpToTheLimitOrTheNextValue) {
    UnitFrame f("hp1");
    f.set_grid(k_t0, k_minute_ms, 10);
    f.get_or_add("a").values = {1,         2,         k_missing, k_missing, k_missing,
                                k_missing, k_missing, 8,         k_missing, k_missing};
    f.gaps().push_back({k_t0 + 2 * k_minute_ms, k_t0 + 7 * k_minute_ms, "a"});
    f.gaps().push_back({k_t0 + 8 * k_minute_ms, k_t0 + 10 * k_minute_ms, "a"});
    f.gaps().push_back({k_t0, k_t0 + 10 * k_minute_ms, "b"});  // another channel's: untouched
    // The reading at 00:01:30 (cell 1) holds 3 cells: 2, 3, 4; cells 5 and 6 stay a gap.
    EXPECT_EQ(hold_after(f, "a", k_t0 + 90 * k_second_ms, 3 * k_minute_ms), 3u);
    const auto& a = f.at("a").values;
    EXPECT_EQ(a[2], 2);
    EXPECT_EQ(a[4], 2);
    EXPECT_TRUE(is_missing(a[5]));
    auto gaps_of = [&](const std::string& channel) {
        std::vector<GapSpan> out;
        for (const GapSpan& g : f.gaps())
            if (g.channel == channel) out.push_back(g);
        return out;
    };
    EXPECT_EQ(gaps_of("a"),
              (std::vector<GapSpan>{{k_t0 + 5 * k_minute_ms, k_t0 + 7 * k_minute_ms, "a"},
                                    {k_t0 + 8 * k_minute_ms, k_t0 + 10 * k_minute_ms, "a"}}));
    // A hold stops at the next value and at the end of the series.
    EXPECT_EQ(hold_after(f, "a", k_t0 + 7 * k_minute_ms, k_hour_ms), 2u);
    EXPECT_EQ(a[9], 8);
    EXPECT_EQ(gaps_of("a"),
              (std::vector<GapSpan>{{k_t0 + 5 * k_minute_ms, k_t0 + 7 * k_minute_ms, "a"}}));
    EXPECT_EQ(gaps_of("b"), (std::vector<GapSpan>{{k_t0, k_t0 + 10 * k_minute_ms, "b"}}));
    // Nothing to hold: an unknown channel, a time before the series, a missing reading.
    EXPECT_EQ(hold_after(f, "zz", k_t0, k_hour_ms), 0u);
    EXPECT_EQ(hold_after(f, "a", k_t0 - k_minute_ms, k_hour_ms), 0u);
    EXPECT_EQ(hold_after(f, "a", k_t0 + 5 * k_minute_ms, k_hour_ms), 0u);
}
