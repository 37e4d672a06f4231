#include "heatloop/core/svg.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "heatloop/core/text.hpp"

namespace heatloop::svg {

std::string escape(std::string_view text) {
    const std::string repaired = valid_utf8(text) ? std::string() : repair_utf8(text);
    if (!repaired.empty()) text = repaired;
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string_view colour(std::size_t i) {
    static constexpr std::array<std::string_view, 8> k_palette{
        "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"};
    return k_palette[i % k_palette.size()];
}

std::vector<std::pair<double, double>> min_max_decimate(
    const std::vector<std::pair<double, double>>& points, std::size_t max_points) {
    const std::size_t n = points.size();
    if (n <= max_points || max_points < 3) return points;
    const std::size_t runs = max_points / 3;
    std::vector<std::pair<double, double>> out;
    out.reserve(3 * runs);
    for (std::size_t r = 0; r < runs; ++r) {
        // Run r covers [n * r / runs, n * (r + 1) / runs): equal to within one point.
        const std::size_t b = n * r / runs, e = n * (r + 1) / runs;
        std::size_t lo = e, hi = e, gap = e;
        for (std::size_t i = b; i < e; ++i) {
            const double y = points[i].second;
            if (std::isnan(y)) {
                if (gap == e) gap = i;
                continue;
            }
            if (lo == e || y < points[lo].second) lo = i;
            if (hi == e || y > points[hi].second) hi = i;
        }
        std::array<std::size_t, 3> keep{lo, hi, gap};
        std::sort(keep.begin(), keep.end());
        for (std::size_t k = 0; k < keep.size(); ++k)
            if (keep[k] != e && (k == 0 || keep[k] != keep[k - 1])) out.push_back(points[keep[k]]);
    }
    return out;
}

Plot::Plot(double width, double height, double x0, double x1, double y0, double y1)
    : width_(width),
      height_(height),
      x0_(x0),
      x1_(x1 > x0 ? x1 : x0 + 1),
      y0_(y0),
      y1_(y1 > y0 ? y1 : y0 + 1) {}

double Plot::px(double x) const {
    return left_ + (x - x0_) / (x1_ - x0_) * (right() - left_);
}

double Plot::py(double y) const {
    return bottom() - (y - y0_) / (y1_ - y0_) * (bottom() - top_);
}

void Plot::axes(const std::vector<double>& xticks, const std::vector<std::string>& xlabels,
                const std::vector<double>& yticks, const std::vector<std::string>& ylabels,
                std::string_view xtitle, std::string_view ytitle) {
    body_ += fmt::format(
        R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="none" stroke="#999"/>)",
        left_, top_, right() - left_, bottom() - top_);
    for (std::size_t i = 0; i < xticks.size(); ++i) {
        const double x = px(xticks[i]);
        line(xticks[i], y0_, xticks[i], y1_, "#eee");
        text_px(x, bottom() + 14, i < xlabels.size() ? xlabels[i] : "", "middle", 10);
    }
    for (std::size_t i = 0; i < yticks.size(); ++i) {
        const double y = py(yticks[i]);
        line(x0_, yticks[i], x1_, yticks[i], "#eee");
        text_px(left_ - 4, y + 3, i < ylabels.size() ? ylabels[i] : "", "end", 10);
    }
    text_px((left_ + right()) / 2, height_ - 6, xtitle, "middle");
    if (!ytitle.empty())
        body_ += fmt::format(
            R"svg(<text x="12" y="{:.1f}" font-size="11" text-anchor="middle" transform="rotate(-90 12 {:.1f})">{}</text>)svg",
            (top_ + bottom()) / 2, (top_ + bottom()) / 2, escape(ytitle));
}

void Plot::line(double xa, double ya, double xb, double yb, std::string_view stroke,
                double stroke_width, bool dashed) {
    body_ += fmt::format(
        R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="{}" stroke-width="{}"{}/>)",
        px(xa), py(ya), px(xb), py(yb), stroke, stroke_width,
        dashed ? R"( stroke-dasharray="4 3")" : "");
}

void Plot::polyline(const std::vector<std::pair<double, double>>& points, std::string_view stroke) {
    if (points.size() < 2) return;
    std::string pts;
    for (const auto& [x, y] : points) pts += fmt::format("{:.1f},{:.1f} ", px(x), py(y));
    body_ += fmt::format(R"(<polyline points="{}" fill="none" stroke="{}" stroke-width="1.5"/>)",
                         pts, stroke);
}

void Plot::series(const std::vector<std::pair<double, double>>& points, std::string_view stroke,
                  std::string_view name, double stroke_width) {
    // One path per series, "M" after every gap; a point with no neighbour on either side is
    // drawn as a zero-length segment, which the round cap shows as a dot.
    std::string d;
    bool pen_down = false;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const auto [x, y] = points[i];
        if (!std::isfinite(x) || !std::isfinite(y)) {
            pen_down = false;
            continue;
        }
        const bool alone =
            !pen_down && (i + 1 == points.size() || !std::isfinite(points[i + 1].second));
        d += fmt::format("{}{:.1f},{:.1f}", pen_down ? "L" : "M", px(x), py(y));
        if (alone) d += "h0";
        pen_down = true;
    }
    body_ += fmt::format(
        R"(<path class="series" data-series="{0}" d="{1}" fill="none" stroke="{2}" stroke-width="{3}" stroke-linejoin="round" stroke-linecap="round"><title>{0}</title></path>)",
        escape(name), d, stroke, stroke_width);
}

void Plot::circle(double x, double y, double r, std::string_view fill, std::string_view title) {
    body_ += fmt::format(R"(<circle cx="{:.1f}" cy="{:.1f}" r="{}" fill="{}" fill-opacity="0.8">)",
                         px(x), py(y), r, fill);
    if (!title.empty()) body_ += fmt::format("<title>{}</title>", escape(title));
    body_ += "</circle>";
}

void Plot::diamond(double x, double y, double r, std::string_view fill, std::string_view title) {
    const double cx = px(x), cy = py(y);
    body_ += fmt::format(
        R"(<polygon points="{:.1f},{:.1f} {:.1f},{:.1f} {:.1f},{:.1f} {:.1f},{:.1f}" fill="{}" stroke="#000">)",
        cx, cy - r, cx + r, cy, cx, cy + r, cx - r, cy, fill);
    if (!title.empty()) body_ += fmt::format("<title>{}</title>", escape(title));
    body_ += "</polygon>";
}

void Plot::rect_px(double x, double y, double w, double h, std::string_view fill,
                   std::string_view stroke) {
    body_ += fmt::format(
        R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}" fill-opacity="0.25" stroke="{}"/>)",
        x, y, w, h, fill, stroke);
}

void Plot::text_px(double x, double y, std::string_view text, std::string_view anchor,
                   double size) {
    body_ += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="{}" text-anchor="{}">{}</text>)",
                         x, y, size, anchor, escape(text));
}

std::string Plot::str() const {
    return fmt::format(
        R"(<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" viewBox="0 0 {0} {1}" font-family="sans-serif">{2}</svg>)",
        width_, height_, body_);
}

}  // namespace heatloop::svg
