#pragma once
/// A small SVG plot builder for the HTML reports (the failure bench, the forecast study): a
/// plot area with linear axes, ticks, polylines, markers and text, written as inline <svg>
/// markup (no scripts, no styles from outside), and HTML escaping of text from data.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace heatloop::svg {

/// Escapes text for HTML and SVG content and quoted attributes (& < > " '); ill-formed
/// UTF-8 becomes U+FFFD, so text from data can never end a tag or an attribute.
std::string escape(std::string_view text);

/// The colour of series i (a fixed palette).
std::string_view colour(std::size_t i);

/// At most `max_points` (>= 3) of the points (x, y), in their order, that keep the look of
/// the line: the series cut into max_points / 3 equal runs of points, from each run its
/// lowest and its highest point and, where the run has a missing value (NaN y), its first
/// missing point so the gap stays visible. The whole series when it is short enough.
std::vector<std::pair<double, double>> min_max_decimate(
    const std::vector<std::pair<double, double>>& points, std::size_t max_points);

/// A plot with data ranges [x0, x1] x [y0, y1] drawn into width x height pixels.
class Plot {
public:
    Plot(double width, double height, double x0, double x1, double y0, double y1);

    double px(double x) const;  // data x -> pixel
    double py(double y) const;  // data y -> pixel

    /// Axes with ticks at the given data values and their labels, and axis titles.
    void axes(const std::vector<double>& xticks, const std::vector<std::string>& xlabels,
              const std::vector<double>& yticks, const std::vector<std::string>& ylabels,
              std::string_view xtitle, std::string_view ytitle);
    void line(double xa, double ya, double xb, double yb, std::string_view stroke,
              double stroke_width = 1.0, bool dashed = false);
    void polyline(const std::vector<std::pair<double, double>>& points, std::string_view stroke);
    /// One data series as a single <path class="series" data-series="NAME"> with a <title>:
    /// a NaN y breaks the line (a gap), a lone point between gaps is a dot.
    void series(const std::vector<std::pair<double, double>>& points, std::string_view stroke,
                std::string_view name, double stroke_width = 1.2);
    void circle(double x, double y, double r, std::string_view fill, std::string_view title = {});
    void diamond(double x, double y, double r, std::string_view fill, std::string_view title = {});
    void rect_px(double x, double y, double w, double h, std::string_view fill,
                 std::string_view stroke);
    void text_px(double x, double y, std::string_view text, std::string_view anchor = "start",
                 double size = 11.0);

    /// Pixels left of the plot area (for the y tick labels; default 150).
    void set_left_margin(double px) { left_ = px; }

    /// The finished <svg> element.
    std::string str() const;

    double left() const { return left_; }
    double right() const { return width_ - right_margin_; }
    double top() const { return top_; }
    double bottom() const { return height_ - bottom_margin_; }

private:
    double width_, height_, x0_, x1_, y0_, y1_;
    double left_ = 150, right_margin_ = 20, top_ = 15, bottom_margin_ = 40;
    std::string body_;
};

}  // namespace heatloop::svg
