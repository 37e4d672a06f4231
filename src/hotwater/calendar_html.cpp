// The demand calendar as a self-contained HTML page: one inline SVG heat map, no scripts,
// nothing fetched, so the file can be mailed or archived as it is.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "heatloop/core/svg.hpp"
#include "heatloop/hotwater/calendar_output.hpp"

namespace heatloop::hotwater {

namespace {

constexpr double k_cell_w = 34, k_cell_h = 28, k_left = 96, k_top = 26;

// White to dark red over [0, top].
std::string heat_colour(double p, double top) {
    const double f = top > 0 ? std::clamp(p / top, 0.0, 1.0) : 0.0;
    const auto mix = [f](int a, int b) { return static_cast<int>(std::lround(a + (b - a) * f)); };
    return fmt::format("#{:02x}{:02x}{:02x}", mix(255, 165), mix(255, 15), mix(255, 21));
}

std::string fixed_or_dash(double v, const char* spec) {
    return std::isfinite(v) ? fmt::format(fmt::runtime(spec), v) : "–";
}

std::string cell_title(std::size_t d, std::size_t h, const CalendarCell& c) {
    if (c.days_observed == 0)
        return fmt::format("{} {:02}:00–{:02}:00: never observed", weekday_name(d), h, h + 1);
    return fmt::format(
        "{} {:02}:00–{:02}:00: probability {:.2f} ({} of {} days observed had a shower), 95% "
        "interval {:.2f}–{:.2f}, {} event(s), mean drop {} K",
        weekday_name(d), h, h + 1, c.probability(), c.days_with_event, c.days_observed, c.lower(),
        c.upper(), c.events, fixed_or_dash(c.mean_size, "{:.1f}"));
}

std::string heat_map(const DemandCalendar& cal, double top) {
    const double width = k_left + k_hours * k_cell_w + 10;
    const double height = k_top + k_weekdays * k_cell_h + 10;
    std::string s = fmt::format(
        R"svg(<svg id="heatmap" width="{0}" height="{1}" viewBox="0 0 {0} {1}" role="img" aria-label="probability of a shower per weekday and hour">
<defs><pattern id="few" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#555" stroke-width="1.2"/></pattern></defs>
)svg",
        width, height);
    for (std::size_t h = 0; h < k_hours; ++h)
        s += fmt::format(R"(<text x="{}" y="{}" text-anchor="middle" font-size="11">{:02}</text>)",
                         k_left + (h + 0.5) * k_cell_w, k_top - 8, h);
    s += '\n';
    for (std::size_t d = 0; d < k_weekdays; ++d) {
        const double y = k_top + d * k_cell_h;
        s += fmt::format(R"(<text x="{}" y="{}" text-anchor="end" font-size="12">{}</text>)",
                         k_left - 8, y + k_cell_h / 2 + 4, weekday_name(d));
        for (std::size_t h = 0; h < k_hours; ++h) {
            const CalendarCell& c = cal.at(d, h);
            const double x = k_left + h * k_cell_w;
            const bool seen = c.days_observed > 0;
            const double p = c.probability();
            s += fmt::format(
                R"(<g><rect class="cell{}" data-weekday="{}" data-hour="{}" data-probability="{}" data-days-observed="{}" x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#e2e2e2"><title>{}</title></rect>)",
                seen ? "" : " unobserved", d, h, seen ? fmt::format("{:.6f}", p) : "",
                c.days_observed, x, y, k_cell_w, k_cell_h, seen ? heat_colour(p, top) : "#d9d9d9",
                svg::escape(cell_title(d, h, c)));
            if (seen && c.days_observed < k_few_days_observed)
                s += fmt::format(
                    R"svg(<rect class="few" x="{}" y="{}" width="{}" height="{}" fill="url(#few)" fill-opacity="0.5" pointer-events="none"/>)svg",
                    x, y, k_cell_w, k_cell_h);
            if (seen && p > 0)
                s += fmt::format(
                    R"(<text x="{}" y="{}" text-anchor="middle" font-size="10" fill="{}" pointer-events="none">{}</text>)",
                    x + k_cell_w / 2, y + k_cell_h / 2 + 3.5,
                    p / std::max(top, 1e-9) > 0.6 ? "#fff" : "#222",
                    static_cast<int>(std::lround(100 * p)));
            s += "</g>";
        }
        s += '\n';
    }
    return s + "</svg>";
}

}  // namespace

std::string calendar_html(const DemandCalendar& cal, std::string_view source) {
    double top = 0;
    int observed = 0, few = 0;
    for (const CalendarCell& c : cal.cells) {
        if (c.days_observed == 0) continue;
        ++observed;
        if (c.days_observed < k_few_days_observed) ++few;
        top = std::max(top, c.probability());
    }
    const std::string title = fmt::format("Demand calendar of {}", cal.unit_id);
    const std::string source_text =
        source == "labels" ? std::string("the unit's shower_event labels (proposed or confirmed)")
                           : fmt::format("the alarms of {}", source);
    return fmt::format(
        R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{0}</title>
<style>body{{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}}
.caption{{font-size:90%;color:#555}}.key{{display:inline-block;width:28px;height:14px;vertical-align:middle;border:1px solid #ccc;margin:0 4px}}
svg text{{font-family:sans-serif}}rect.cell:hover{{stroke:#000;stroke-width:2}}</style></head><body>
<h1>{0}</h1>
<p>The probability that a shower starts in each hour of each weekday, in the household's
local time ({1}), from {2} between {3} and {4}: for each cell, the days of that weekday on
which the tank's t_tank_mid had a value in that hour (observed), and of those the days with
at least one shower starting in it. {5} events counted, {6} outside the window or on hours
without data.</p>
{7}
<p class="caption">Colour: the probability, from <span class="key" style="background:#ffffff"></span>0
to <span class="key" style="background:{8}"></span>{9:.2f} (the highest cell); the number in a
cell is the probability in percent. Hatched: observed on fewer than {10} days, so the
probability rests on few weeks ({11} of {12} observed cells); grey: never observed. Hover a
cell for its numbers: days observed, days with a shower, events, the 95% Wilson interval
and the mean drop of t_tank_mid.</p>
</body></html>
)",
        svg::escape(title), svg::escape(cal.time_zone), svg::escape(source_text),
        format_iso(cal.from), format_iso(cal.to), cal.events_used, cal.events_ignored,
        heat_map(cal, top), heat_colour(top, top), top, k_few_days_observed, few, observed);
}

}  // namespace heatloop::hotwater
