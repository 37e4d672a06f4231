// The plot builder of the HTML reports: escaping, decimation of long series, gaps in a series.

#include "heatloop/core/svg.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

using namespace heatloop;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

}  // namespace

TEST(Svg, EscapeLeavesNoMarkupAndRepairsBadBytes) {
    EXPECT_EQ(svg::escape(R"(<script>a&b="c"'d'</script>)"),
              "&lt;script&gt;a&amp;b=&quot;c&quot;&#39;d&#39;&lt;/script&gt;");
    EXPECT_EQ(svg::escape("Zürich"), "Zürich");
    EXPECT_EQ(svg::escape("a\xff<"), "a\xEF\xBF\xBD&lt;");  // U+FFFD for the bad byte
}

TEST(Svg, ShortSeriesAreKeptWhole) {
    std::vector<std::pair<double, double>> p{{0, 1}, {1, 2}, {2, 3}};
    EXPECT_EQ(svg::min_max_decimate(p, 3), p);
    EXPECT_EQ(svg::min_max_decimate(p, 100), p);
}

TEST(Svg, DecimationKeepsTheExtremesOfEachRunInOrder) {
    std::vector<std::pair<double, double>> p;
    for (int i = 0; i < 10000; ++i) p.emplace_back(i, std::sin(i * 0.01));
    p[5003].second = 7.0;   // a spike
    p[7001].second = -7.0;  // and a dip
    const auto d = svg::min_max_decimate(p, 300);
    EXPECT_LE(d.size(), 300u);
    EXPECT_GE(d.size(), 190u);  // two points per run of 100
    for (std::size_t i = 1; i < d.size(); ++i) ASSERT_LT(d[i - 1].first, d[i].first);
    bool spike = false, dip = false;
    for (const auto& [x, y] : d) {
        spike = spike || (x == 5003 && y == 7.0);
        dip = dip || (x == 7001 && y == -7.0);
    }
    EXPECT_TRUE(spike && dip);
}

TEST(Svg, DecimationKeepsGapsVisible) {
    std::vector<std::pair<double, double>> p;
    for (int i = 0; i < 3000; ++i) p.emplace_back(i, i >= 1000 && i < 1500 ? NAN : 1.0 * i);
    const auto d = svg::min_max_decimate(p, 90);  // runs of 100 points
    std::size_t gaps = 0;
    for (const auto& pt : d) gaps += std::isnan(pt.second) ? 1 : 0;
    EXPECT_EQ(gaps, 5u);  // the first missing point of each of the five runs in the gap
    EXPECT_LE(d.size(), 90u);
}

TEST(Svg, SeriesIsOnePathBrokenAtGaps) {
    svg::Plot plot(400, 200, 0, 10, 0, 10);
    plot.series({{0, 1}, {1, 2}, {2, NAN}, {3, 4}, {4, NAN}, {5, 5}, {6, 6}}, "#123456", "a<b");
    const std::string s = plot.str();
    EXPECT_EQ(count(s, "<path"), 1u);
    EXPECT_NE(s.find(R"(data-series="a&lt;b")"), std::string::npos);
    EXPECT_NE(s.find("<title>a&lt;b</title>"), std::string::npos);
    EXPECT_EQ(count(s, "M"), 3u);   // three pieces ("M" is in no other text)
    EXPECT_EQ(count(s, "L"), 2u);   // 0-1 and 5-6 are lines
    EXPECT_EQ(count(s, "h0"), 1u);  // the lone point at x = 3 is a dot
}
