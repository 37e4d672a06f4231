// The forecast study's HTML report: per household, forecast against actual plots read from
// the runs' stored outputs and the metric table; the models over all households and the
// Wilcoxon tests from the study's result.
#include "heatloop/runner/forecast_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <vector>

#include "heatloop/core/error.hpp"
#include "heatloop/core/svg.hpp"
#include "heatloop/core/time.hpp"
#include "heatloop/io/frame_file.hpp"
#include "heatloop/runner/run_outputs.hpp"

namespace heatloop::runner {

namespace fs = std::filesystem;

namespace {

using Points = std::vector<std::pair<double, double>>;

constexpr std::string_view k_actual_colour = "#222";

// What the report needs of one run: where each household's forecasts are.
struct RunForecasts {
    std::string name, model, run_id;
    fs::path dir;
    std::string target;
    std::size_t horizon = 1;
    std::map<std::string, std::string> files;  // unit id -> outputs/<unit>.hlf
};

RunForecasts read_run(const nlohmann::json& run, const fs::path& artifacts_dir) {
    RunForecasts r;
    r.name = run.at("name").get<std::string>();
    r.model = run.at("model").get<std::string>();
    r.run_id = run.at("run_id").get<std::string>();
    r.dir = artifacts_dir / r.run_id;
    const fs::path file = r.dir / "summary.json";
    const nlohmann::json summary = read_json(file);
    try {
        r.target = summary.at("target").get<std::string>();
        r.horizon = summary.at("horizon").get<std::size_t>();
        for (const auto& u : summary.at("units"))
            r.files[u.at("unit_id").get<std::string>()] = u.at("file").get<std::string>();
    } catch (const nlohmann::json::exception& e) {
        throw InvalidInputError(
            fmt::format("{}: not the summary of a forecaster run: {}", file.string(), e.what()));
    }
    if (r.horizon == 0)
        throw InvalidInputError(fmt::format("{}: horizon 0 in a forecaster run", file.string()));
    return r;
}

Points channel_points(const UnitFrame& f, const std::string& channel, const fs::path& file) {
    const Channel* c = f.find(channel);
    if (!c) throw InvalidInputError(fmt::format("{}: no channel {}", file.string(), channel));
    // A value beyond +-1e12 (a diverged forecast) is left out of the plot, as a gap: the axes
    // could not show it beside the others, and the tables still report it.
    constexpr double k_plottable = 1e12;
    Points out(f.rows());
    for (std::size_t i = 0; i < f.rows(); ++i) {
        const double v = c->values[i];
        out[i] = {static_cast<double>(f.time()[i]), std::abs(v) <= k_plottable ? v : k_missing};
    }
    return out;
}

// One line of a panel.
struct Line {
    std::string name;
    std::string_view colour;
    Points points;  // decimated
};

// A panel per horizon choice: "first" (step 1 of every model) and "last" (each model's last).
struct Panel {
    std::string kind, caption;
    std::vector<Line> lines;
};

// What decimation did, for the page's note.
struct DrawStats {
    std::size_t series = 0, decimated = 0, longest = 0;
};

Points draw_points(const Points& p, std::size_t max_points, DrawStats& stats) {
    ++stats.series;
    stats.longest = std::max(stats.longest, p.size());
    if (p.size() > max_points) ++stats.decimated;
    return svg::min_max_decimate(p, max_points);
}

// Readable round tick steps covering [lo, hi] with at most about `count` ticks.
std::vector<double> nice_ticks(double lo, double hi, int count) {
    const double raw = (hi - lo) / count;
    if (!std::isfinite(raw) || raw <= 0) return {};  // values beyond what a tick can show
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = mag;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * mag >= raw) {
            step = m * mag;
            break;
        }
    std::vector<double> out;
    for (double t = std::ceil(lo / step) * step;
         t <= hi + 1e-9 * step && out.size() <= static_cast<std::size_t>(2 * count); t += step)
        out.push_back(std::abs(t) < 1e-12 * step ? 0.0 : t);
    return out;
}

// Time ticks on whole UTC hours or days, at most about seven.
void time_ticks(double x0, double x1, std::vector<double>& ticks,
                std::vector<std::string>& labels) {
    static constexpr std::array<int, 11> k_hours{1, 2, 3, 6, 12, 24, 48, 96, 168, 336, 720};
    double step = static_cast<double>(k_hours.back()) * k_hour_ms;
    for (int h : k_hours)
        if ((x1 - x0) / (static_cast<double>(h) * k_hour_ms) <= 7.0) {
            step = static_cast<double>(h) * k_hour_ms;
            break;
        }
    if ((x1 - x0) / step > 7.0)  // a test period of years: whole days, still about seven ticks
        step = std::ceil((x1 - x0) / 7.0 / k_day_ms) * k_day_ms;
    for (double t = std::ceil(x0 / step) * step; t <= x1; t += step) {
        const CivilTime c = to_civil(static_cast<Timestamp>(t));
        ticks.push_back(t);
        labels.push_back(step >= k_day_ms ? fmt::format("{:02}-{:02}", c.month, c.day)
                                          : fmt::format("{:02}-{:02} {:02}:{:02}", c.month, c.day,
                                                        c.hour, c.minute));
    }
}

std::string panel_svg(const Panel& panel, const std::string& target) {
    double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y0 = x0, y1 = -x0;
    for (const Line& l : panel.lines)
        for (const auto& [x, y] : l.points) {
            if (!std::isfinite(y)) continue;
            x0 = std::min(x0, x), x1 = std::max(x1, x);
            y0 = std::min(y0, y), y1 = std::max(y1, y);
        }
    if (!std::isfinite(x0)) x0 = 0, x1 = 1, y0 = 0, y1 = 1;  // nothing to draw: empty axes
    const double pad = std::max(0.05 * (y1 - y0), 0.5);
    svg::Plot p(900, 280, x0, x1, y0 - pad, y1 + pad);
    p.set_left_margin(55);
    std::vector<double> xt, yt = nice_ticks(y0 - pad, y1 + pad, 6);
    std::vector<std::string> xl, yl;
    time_ticks(x0, x1, xt, xl);
    for (double y : yt) yl.push_back(fmt::format("{:g}", y));
    p.axes(xt, xl, yt, yl, "time (UTC, month-day)", target);
    for (const Line& l : panel.lines) p.series(l.points, l.colour, l.name);
    return p.str();
}

std::string legend(const Panel& panel) {
    std::string out = "<figcaption>";
    for (const Line& l : panel.lines)
        out += fmt::format(
            R"(<span class="key"><span class="swatch" style="background:{}"></span>{}</span> )",
            l.colour, svg::escape(l.name));
    return out + "</figcaption>";
}

std::string number_cell(const nlohmann::json& v, std::string_view metric, std::string_view spec) {
    if (!v.is_number()) return fmt::format(R"(<td data-metric="{}">&ndash;</td>)", metric);
    return fmt::format(R"(<td data-metric="{}" data-value="{}">{}</td>)", metric, v.dump(),
                       fmt::format(fmt::runtime(spec), v.get<double>()));
}

const nlohmann::json& member(const nlohmann::json& j, const char* key) {
    static const nlohmann::json null;
    const auto it = j.find(key);
    return it == j.end() ? null : *it;
}

// The metric cells of one model: RMSE, MAE, MAPE, R^2 and the training time.
std::string metric_cells(const nlohmann::json& m, const nlohmann::json& fit) {
    return number_cell(member(m, "rmse"), "rmse", "{:.4f}") +
           number_cell(member(m, "mae"), "mae", "{:.4f}") +
           number_cell(member(m, "mape"), "mape", "{:.3f}") +
           number_cell(member(m, "r2"), "r2", "{:.4f}") + number_cell(fit, "fit_seconds", "{:.2f}");
}

std::string household_section(const nlohmann::json& h, const std::vector<RunForecasts>& runs,
                              const ForecastReportOptions& o, DrawStats& stats) {
    const std::string unit = h.at("unit_id").get<std::string>();
    const std::string id = svg::escape(unit);
    std::string out = fmt::format(R"(<section class="household" data-unit="{0}"><h3>{0}</h3>)", id);

    // The table: one row per model that forecast this household.
    out += fmt::format(
        R"(<table class="metrics" data-unit="{}"><tr><th>model</th><th>RMSE</th><th>MAE</th>)"
        R"(<th>MAPE %</th><th>R²</th><th>training s</th></tr>)",
        id);
    const nlohmann::json& models = h.at("models");
    for (const RunForecasts& r : runs) {
        if (!models.contains(r.name)) continue;
        const nlohmann::json& m = models.at(r.name);
        out += fmt::format(R"(<tr data-model="{0}"><td>{0}</td>{1}</tr>)", svg::escape(r.name),
                           metric_cells(m, member(m, "fit_seconds")));
    }
    out += "</table>\n";

    // The plots: the actual target once, then each model at step 1 and at its last step.
    Panel first{"first", "horizon step 1", {}}, last{"last", "each model's last horizon step", {}};
    bool have_actual = false;
    std::string target;
    std::size_t max_horizon = 1;
    for (std::size_t k = 0; k < runs.size(); ++k) {
        const RunForecasts& r = runs[k];
        const auto it = r.files.find(unit);
        if (it == r.files.end()) continue;
        const fs::path file = r.dir / it->second;
        const UnitFrame f = io::read_frame_file(file);
        if (!have_actual) {
            const Points actual = channel_points(f, "actual", file);
            first.lines.push_back(
                {"actual", k_actual_colour, draw_points(actual, o.max_points, stats)});
            last.lines.push_back(first.lines.back());
            target = r.target;
            have_actual = true;
        }
        const std::string_view colour = svg::colour(k);
        first.lines.push_back(
            {r.name, colour,
             draw_points(channel_points(f, "forecast_h1", file), o.max_points, stats)});
        const std::string last_channel = fmt::format("forecast_h{}", r.horizon);
        last.lines.push_back(
            {fmt::format("{} (step {})", r.name, r.horizon), colour,
             draw_points(channel_points(f, last_channel, file), o.max_points, stats)});
        max_horizon = std::max(max_horizon, r.horizon);
    }
    if (!have_actual) return out + "<p>No stored forecasts for this household.</p></section>\n";
    out += fmt::format(R"(<figure class="forecast-plot" data-unit="{}">)", id);
    std::vector<const Panel*> panels{&first};
    if (max_horizon > 1) panels.push_back(&last);
    for (const Panel* p : panels)
        out += fmt::format(R"(<div class="panel {}"><div class="caption">{} of {}</div>{}{}</div>)",
                           p->kind, p->caption, svg::escape(target), panel_svg(*p, target),
                           legend(*p));
    return out + "</figure></section>\n";
}

std::string models_table(const nlohmann::json& study) {
    std::string out =
        R"(<table id="models"><tr><th>model</th><th>kind</th><th>run</th><th>RMSE micro</th>)"
        R"(<th>RMSE macro</th><th>R² micro</th><th>R² macro</th><th>mean training s</th></tr>)";
    for (const auto& r : study.at("runs")) {
        const std::string name = r.at("name").get<std::string>();
        const nlohmann::json& m = study.at("models").at(name);
        out += fmt::format(R"(<tr data-model="{}"><td>{}</td><td>{}</td><td><code>{}</code></td>)",
                           svg::escape(name), svg::escape(name),
                           svg::escape(r.at("model").get<std::string>()),
                           svg::escape(r.at("run_id").get<std::string>()));
        out += number_cell(member(m.at("micro"), "rmse"), "micro_rmse", "{:.4f}") +
               number_cell(member(m.at("macro"), "rmse"), "macro_rmse", "{:.4f}") +
               number_cell(member(m.at("micro"), "r2"), "micro_r2", "{:.4f}") +
               number_cell(member(m.at("macro"), "r2"), "macro_r2", "{:.4f}") +
               number_cell(member(m, "fit_seconds_mean"), "fit_seconds_mean", "{:.2f}") + "</tr>";
    }
    return out + "</table>\n";
}

std::string wilcoxon_table(const nlohmann::json& study) {
    std::string out =
        R"(<table id="wilcoxon"><tr><th>model a</th><th>model b</th><th>metric</th><th>n</th>)"
        R"(<th>W+</th><th>W−</th><th>exact</th><th>p (two-sided)</th></tr>)";
    for (const auto& t : study.at("wilcoxon")) {
        out += fmt::format(R"(<tr><td>{}</td><td>{}</td><td>{}</td><td data-metric="n">{}</td>)",
                           svg::escape(t.at("a").get<std::string>()),
                           svg::escape(t.at("b").get<std::string>()),
                           svg::escape(t.at("metric").get<std::string>()), t.at("n").dump());
        out +=
            number_cell(member(t, "w_plus"), "w_plus", "{:g}") +
            number_cell(member(t, "w_minus"), "w_minus", "{:g}") +
            fmt::format(
                "<td>{}</td>",
                member(t, "exact").is_boolean() && member(t, "exact").get<bool>() ? "yes" : "no") +
            number_cell(member(t, "p_value"), "p_value", "{:.4g}") + "</tr>";
    }
    return out + "</table>\n";
}

}  // namespace

std::string forecast_report_html(const nlohmann::json& study, const fs::path& artifacts_dir,
                                 const ForecastReportOptions& o) {
    std::vector<RunForecasts> runs;
    for (const auto& r : study.at("runs")) runs.push_back(read_run(r, artifacts_dir));
    DrawStats stats;
    std::string households;
    for (const auto& h : study.at("households")) households += household_section(h, runs, o, stats);

    std::string model_list;
    for (const RunForecasts& r : runs)
        model_list += fmt::format("{}<b>{}</b> ({}, horizon {})", model_list.empty() ? "" : ", ",
                                  svg::escape(r.name), svg::escape(r.model), r.horizon);
    const std::string decimation =
        stats.decimated == 0
            ? fmt::format("Every series is drawn with all its points (at most {} per series).",
                          o.max_points)
            : fmt::format(
                  "{} of the {} plotted series are longer than {} points (the longest has {}) and "
                  "are drawn decimated: each is cut into {} equal runs of points and only the "
                  "lowest and the highest point of each run (and the start of any gap) is "
                  "drawn, so peaks and troughs stay visible while the page stays small. The "
                  "metrics use every row.",
                  stats.decimated, stats.series, o.max_points, stats.longest, o.max_points / 3);
    return fmt::format(
        R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{0}</title>
<style>body{{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}}
table{{border-collapse:collapse;margin:0.5em 0}}td,th{{border:1px solid #ccc;padding:3px 8px;text-align:right}}
td:first-child,th:first-child,#models :is(td,th):nth-child(-n+3),#wilcoxon :is(td,th):nth-child(-n+3){{text-align:left}}figure{{margin:0.5em 0}}
.caption{{font-size:90%;color:#555}}.key{{margin-right:1.2em;font-size:90%}}
.swatch{{display:inline-block;width:14px;height:3px;margin-right:4px;vertical-align:middle}}
#show-first:checked~main .panel.last{{display:none}}
#show-last:checked~main .panel.first{{display:none}}</style></head><body>
<h1>{0}</h1>
<p>Models: {1}. Each model is trained per household on the first rows of its data and
forecasts the rest (the test period); the plots show the forecasts of the test period
against the actual values. MAPE is in percent; R² is 1 - SSE / SST of the test period;
training time is the wall-clock seconds to fit that household's model. Tables pool the
horizon steps.</p>
<h2>Models over all households</h2>
<p>Micro: every household's test rows pooled; macro: the mean of the households.</p>
{2}
<h2>Wilcoxon signed-rank tests across households</h2>
<p>For each pair of models and metric, the differences a - b per household; W+ and W− are
the rank sums of the positive and negative differences.</p>
{3}
<h2>Households</h2>
<p>{4}</p>
<p>Show:</p>
<input type="radio" name="step" id="show-both" checked><label for="show-both"> step 1 and last step</label>
<input type="radio" name="step" id="show-first"><label for="show-first"> step 1</label>
<input type="radio" name="step" id="show-last"><label for="show-last"> last step</label>
<main>
{5}</main>
</body></html>
)",
        svg::escape(o.title), model_list, models_table(study), wilcoxon_table(study), decimation,
        households);
}

void write_forecast_report(const fs::path& file, const nlohmann::json& study,
                           const fs::path& artifacts_dir, const ForecastReportOptions& options) {
    const std::string html = forecast_report_html(study, artifacts_dir, options);
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << html;
    out.close();
    if (!out) throw IoError(fmt::format("cannot write the report {}", file.string()));
}

}  // namespace heatloop::runner
