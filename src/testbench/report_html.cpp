#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "heatloop/core/quantile.hpp"
#include "heatloop/core/svg.hpp"
#include "heatloop/testbench/report.hpp"
#include "heatloop/testbench/time_constant.hpp"

namespace heatloop::testbench {

namespace {

std::string cell(double v, int decimals = 2) {
    return std::isfinite(v) ? fmt::format("{:.{}f}", v, decimals) : "&ndash;";
}

std::string hours(Duration d) {
    return format_duration(d);
}

// Per detector: its delays as a strip of points and a box (quartiles, median, whiskers at
// min and max) on one row; the deadline as a dashed line.
std::string delay_plot(const BenchResult& r) {
    std::vector<const DetectorResult*> rows;
    for (const DetectorResult& d : r.detectors)
        if (d.error.empty()) rows.push_back(&d);
    const double x1 = static_cast<double>(r.options.placement.duration) / k_hour_ms;
    const double height = 60.0 + 40.0 * static_cast<double>(std::max<std::size_t>(rows.size(), 1));
    svg::Plot p(760, height, 0.0, x1, 0.0,
                static_cast<double>(std::max<std::size_t>(rows.size(), 1)));
    std::vector<double> xt;
    std::vector<std::string> xl;
    const double tick = x1 <= 12 ? 1 : x1 <= 48 ? 3 : x1 <= 96 ? 12 : 24;
    for (double x = 0; x <= x1 + 1e-9; x += tick) {
        xt.push_back(x);
        xl.push_back(fmt::format("{:g}", x));
    }
    std::vector<double> yt;
    std::vector<std::string> yl;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        yt.push_back(static_cast<double>(i) + 0.5);
        yl.push_back(fmt::format("{} ({}/{})", rows[i]->detector.name, rows[i]->kpis.detected,
                                 rows[i]->kpis.injected));
    }
    p.axes(xt, xl, yt, yl, "delay of detection after the failure start [h]", "");
    const double deadline = static_cast<double>(r.options.deadline) / k_hour_ms;
    if (deadline <= x1)
        p.line(deadline, 0, deadline, static_cast<double>(rows.size()), "#d62728", 1, true);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const std::string c(svg::colour(i));
        const std::vector<double> d = delays_h(rows[i]->outcomes);
        const double y = static_cast<double>(i) + 0.5;
        if (!d.empty()) {
            const double q1 = quantile(d, 0.25), q2 = quantile(d, 0.5), q3 = quantile(d, 0.75);
            const double lo = *std::min_element(d.begin(), d.end()),
                         hi = *std::max_element(d.begin(), d.end());
            p.line(lo, y, q1, y, c);
            p.line(q3, y, hi, y, c);
            const double top = p.py(y + 0.3), bottom = p.py(y - 0.3);
            p.rect_px(p.px(q1), top, std::max(1.0, p.px(q3) - p.px(q1)), bottom - top, c, c);
            p.line(q2, y - 0.3, q2, y + 0.3, c, 2.5);
        }
        for (std::size_t k = 0; k < d.size(); ++k) {
            // A fixed jitter pattern spreads equal delays vertically.
            const double jitter = (static_cast<double>((k * 7) % 11) / 10.0 - 0.5) * 0.4;
            p.circle(d[k], y + jitter, 3, c, fmt::format("{:.2f} h", d[k]));
        }
    }
    return p.str();
}

// A compressed x axis for false alarms per unit-month: log10(1 + x).
double fa_axis(double v) {
    return std::log10(1.0 + std::max(0.0, v));
}

// Delay (or share within the deadline) against false alarms per unit-month, one line per
// detector over its threshold sweep, the configured threshold as a diamond.
std::string curve_plot(const BenchResult& r, bool share) {
    double fa_max = 1.0, y_max = share ? 1.0 : 1.0;
    for (const DetectorResult& d : r.detectors) {
        if (!d.error.empty()) continue;
        auto visit = [&](const CurvePoint& pt) {
            if (std::isfinite(pt.kpis.false_alarms_per_unit_month))
                fa_max = std::max(fa_max, pt.kpis.false_alarms_per_unit_month);
            if (!share && std::isfinite(pt.kpis.delay_median_h))
                y_max = std::max(y_max, pt.kpis.delay_median_h);
        };
        for (const CurvePoint& pt : d.curve) visit(pt);
        visit(d.operating_point);
    }
    svg::Plot p(760, 340, 0.0, fa_axis(fa_max) * 1.05, 0.0, y_max * 1.05);
    std::vector<double> xt;
    std::vector<std::string> xl;
    for (double v : {0.0, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0, 3000.0, 10000.0})
        if (v <= fa_max * 1.05) {
            xt.push_back(fa_axis(v));
            xl.push_back(fmt::format("{:g}", v));
        }
    std::vector<double> yt;
    std::vector<std::string> yl;
    for (int k = 0; k <= 5; ++k) {
        const double v = y_max * k / 5.0;
        yt.push_back(v);
        yl.push_back(share ? fmt::format("{:.0f}%", 100 * v) : fmt::format("{:.1f}", v));
    }
    p.axes(xt, xl, yt, yl, "false alarms per unit-month (clean data)",
           share ? "detected within the deadline" : "median delay [h]");
    std::size_t legend = 0;
    for (std::size_t i = 0; i < r.detectors.size(); ++i) {
        const DetectorResult& d = r.detectors[i];
        if (!d.error.empty()) continue;
        const std::string c(svg::colour(i));
        auto y_of = [&](const CurvePoint& pt) {
            return share ? pt.kpis.within_deadline_share : pt.kpis.delay_median_h;
        };
        std::vector<std::pair<double, double>> pts;
        for (const CurvePoint& pt : d.curve) {
            const double y = y_of(pt), x = pt.kpis.false_alarms_per_unit_month;
            if (!std::isfinite(y) || !std::isfinite(x)) continue;
            pts.emplace_back(fa_axis(x), y);
            p.circle(
                fa_axis(x), y, 2.5, c,
                fmt::format("{} q={} threshold={:.4g}: {:.2f} FA/unit-month, {}", d.detector.name,
                            pt.quantile, pt.threshold, x, share ? cell(y) : cell(y) + " h"));
        }
        std::sort(pts.begin(), pts.end());
        p.polyline(pts, c);
        const CurvePoint& op = d.operating_point;
        const double oy = y_of(op), ox = op.kpis.false_alarms_per_unit_month;
        if (std::isfinite(oy) && std::isfinite(ox))
            p.diamond(fa_axis(ox), oy, 6, c,
                      fmt::format("{} configured threshold {:.4g}", d.detector.name, op.threshold));
        p.text_px(p.right() - 8, p.top() + 14 + 14.0 * static_cast<double>(legend++),
                  d.detector.name, "end");
    }
    return p.str();
}

std::string kpi_table(const BenchResult& r) {
    std::string out =
        "<table><tr><th>detector</th><th>injected</th><th>detected</th><th>within deadline</th>"
        "<th>mean delay [h]</th><th>median [h]</th><th>p90 [h]</th><th>false alarms</th>"
        "<th>per unit-month</th><th>threshold</th><th>config</th></tr>\n";
    for (const DetectorResult& d : r.detectors) {
        if (!d.error.empty()) {
            out += fmt::format("<tr><td>{}</td><td colspan=\"10\">could not run: {}</td></tr>\n",
                               svg::escape(d.detector.name), svg::escape(d.error));
            continue;
        }
        const Kpis& k = d.kpis;
        out += fmt::format(
            "<tr><td>{}</td><td>{}</td><td>{} ({}%)</td><td>{} ({}%)</td><td>{}</td><td>{}</td>"
            "<td>{}</td><td>{}</td><td>{}</td><td>{:.4g}</td><td>{}</td></tr>\n",
            svg::escape(d.detector.name), k.injected, k.detected, cell(100 * k.detected_share, 0),
            k.within_deadline, cell(100 * k.within_deadline_share, 0), cell(k.delay_mean_h),
            cell(k.delay_median_h), cell(k.delay_p90_h), k.false_alarms,
            cell(k.false_alarms_per_unit_month), d.threshold,
            svg::escape(d.detector.config_source));
    }
    return out + "</table>\n";
}

}  // namespace

std::string report_html(const BenchResult& r, const std::string& title) {
    const PlacementParams& pl = r.options.placement;
    std::size_t fitted = 0;
    for (const UnitSummary& u : r.units) fitted += u.tau_fitted ? 1 : 0;
    std::string html = fmt::format(
        R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{0}</title>
<style>body{{font-family:sans-serif;max-width:980px;margin:2em auto;color:#222}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:3px 8px;text-align:right}}
td:first-child,th:first-child{{text-align:left}}</style></head><body>
<h1>{0}</h1>
<h2>Protocol</h2>
<p>{1} heating failures were injected into {2} units ({3} per unit, seed {4}), each at a
random start inside the unit's normal operation: at least {5} of clean data before, {6}
after the failure, outside every label and data gap, failures at least {7} apart. From its
start, a failure stops consumption for {8}: compressor power, heat output, compressor state,
auxiliary power and mode drop to 0; the indoor temperature relaxes towards the outdoor
temperature with the house time constant (fitted by the RC model for {9} units with a room
sensor, {10} h otherwise), supply and return towards the indoor temperature within about an
hour, the hot-water tank cools slowly.</p>
<p>Each detector takes its parameters and alarm policy from its example config, is fitted
on the clean data (labelled spans masked) and scores the clean data and one injected copy
per failure. A failure is <b>detected</b> by the first alarm that starts at or after its
start and before its end; the <b>delay</b> is that alarm's start minus the failure start.
<b>False alarms</b> are the alarms on the clean data outside labels and data gaps, per
unit-month of that time. The target is detection within {11}.</p>
<h2>Results at the configured thresholds</h2>
{12}
<h2>Delay of detection</h2>
<p>Each point is one detected failure; the box spans the quartiles with the median as a
thick line, whiskers reach the extremes; the dashed line is the deadline.</p>
{13}
<h2>Delay versus false alarms</h2>
<p>The alarm threshold swept over quantiles of each detector's clean scores (the same alarm
policy at every threshold); the diamond marks the configured threshold.</p>
{14}
{15}
</body></html>
)",
        svg::escape(title), r.failures.size(), r.units.size(), pl.per_unit, r.options.seed,
        hours(pl.history), hours(pl.after), hours(pl.separation), hours(pl.duration), fitted,
        fmt::format("{:g}", k_default_tau_h), hours(r.options.deadline), kpi_table(r),
        delay_plot(r), curve_plot(r, false), curve_plot(r, true));
    return html;
}

}  // namespace heatloop::testbench
