// `heatloop forecast STUDY.toml`: several forecasters per household under one protocol, with
// per-household tables and Wilcoxon tests; `heatloop forecast screen`: OLS coefficients and
// p-values of candidate forecasting features per unit (`forecast features`: its own file).
// docs/forecasting.md
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>

#include "commands/command.hpp"
#include "commands/forecast_features.hpp"
#include "commands/runs/runs_common.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/core/text.hpp"
#include "heatloop/io/workspace.hpp"
#include "heatloop/runner/forecast_report.hpp"
#include "heatloop/runner/forecast_screen.hpp"
#include "heatloop/runner/forecast_study.hpp"

namespace heatloop::cli {

namespace {

struct ScreenArgs {
    std::string workspace, units, target = "t_tank_mid", lag_channels, lags, current, calendar,
                                  time_zone, from, to;
    std::size_t horizon = 1;
    bool pooled = false;
};

Timestamp time_option(const std::string& text, std::string_view option) {
    try {
        return parse_utc(text);
    } catch (const InvalidInputError& e) {
        throw InvalidInputError(fmt::format("{}: {}", option, e.what()));
    }
}

std::string stars(double p) {
    if (!(p >= 0)) return "";
    return p < 0.001 ? "***" : p < 0.01 ? "**" : p < 0.05 ? "*" : "";
}

void print_screen(const runner::ScreenOptions& o, const std::vector<runner::UnitScreen>& result) {
    fmt::print("OLS screen of features for {} {} step(s) ahead\n", o.target, o.horizon);
    for (const auto& u : result) {
        const auto& r = u.ols;
        fmt::print(
            "\n{} ({}): {} rows ({} skipped), R2 {:.4f}, adj. R2 {:.4f}, F {:.4g} (p {:.3g})\n",
            u.unit, u.time_zone, r.observations, r.skipped_rows, r.r2, r.adj_r2, r.f_statistic,
            r.f_p_value);
        fmt::print("  {:<28} {:>12} {:>11} {:>9} {:>10}\n", "feature", "coef", "std err", "t", "p");
        for (const auto& c : r.coefficients)
            fmt::print("  {:<28} {:>12.5g} {:>11.4g} {:>9.3f} {:>10.3g} {}\n", c.name, c.estimate,
                       c.std_error, c.t, c.p_value, stars(c.p_value));
        if (!r.dropped.empty())
            fmt::print("  dropped (constant or collinear): {}\n", fmt::join(r.dropped, ", "));
    }
}

void screen(const ScreenArgs& a, const GlobalOptions& global) {
    runner::ScreenOptions o;
    o.units = split_list(a.units);
    o.target = a.target;
    o.horizon = a.horizon;
    o.pooled = a.pooled;
    auto list = [&](const char* key, const std::string& text) {
        if (!text.empty()) o.features[key] = split_list(text);
    };
    list("lag_channels", a.lag_channels);
    list("lags", a.lags);
    list("current", a.current);
    list("calendar", a.calendar);
    if (!a.time_zone.empty()) o.features["time_zone"] = a.time_zone;
    if (!a.from.empty()) o.from = time_option(a.from, "--from");
    if (!a.to.empty()) o.to = time_option(a.to, "--to");
    const io::Workspace ws = io::Workspace::open(a.workspace);
    const auto result = runner::forecast_screen(ws, o);
    if (global.json)
        std::cout << runner::screen_json(o, result).dump(2) << "\n";
    else
        print_screen(o, result);
}

std::string cell(const nlohmann::json& v, const char* fmt_spec = "{:.4f}") {
    return v.is_number() ? fmt::format(fmt::runtime(fmt_spec), v.get<double>()) : "-";
}

void print_study(const nlohmann::json& study) {
    std::vector<std::string> names;
    for (const auto& r : study.at("runs")) names.push_back(r.at("name").get<std::string>());
    fmt::print("\nper household (pooled over the horizon; fit = training seconds):\n");
    fmt::print("{:<14} {:<22} {:>9} {:>9} {:>9} {:>9} {:>9}\n", "household", "model", "RMSE", "MAE",
               "MAPE %", "R2", "fit s");
    for (const auto& h : study.at("households"))
        for (const std::string& n : names) {
            if (!h.at("models").contains(n)) continue;
            const auto& m = h.at("models").at(n);
            fmt::print("{:<14} {:<22} {:>9} {:>9} {:>9} {:>9} {:>9}\n",
                       h.at("unit_id").get<std::string>(), n, cell(m.at("rmse")), cell(m.at("mae")),
                       cell(m.at("mape"), "{:.3f}"), cell(m.at("r2")),
                       cell(m.at("fit_seconds"), "{:.2f}"));
        }
    fmt::print("\nall households (micro: pooled rows; macro: mean of households):\n");
    fmt::print("{:<22} {:>11} {:>11} {:>9} {:>9} {:>10}\n", "model", "RMSE micro", "RMSE macro",
               "R2 micro", "R2 macro", "fit s mean");
    for (const std::string& n : names) {
        const auto& m = study.at("models").at(n);
        fmt::print("{:<22} {:>11} {:>11} {:>9} {:>9} {:>10}\n", n,
                   cell(m.at("micro").value("rmse", nlohmann::json())),
                   cell(m.at("macro").value("rmse", nlohmann::json())),
                   cell(m.at("micro").value("r2", nlohmann::json())),
                   cell(m.at("macro").value("r2", nlohmann::json())),
                   cell(m.at("fit_seconds_mean"), "{:.2f}"));
    }
    fmt::print("\nWilcoxon signed-rank tests across households (two-sided p):\n");
    for (const auto& t : study.at("wilcoxon"))
        if (t.at("metric") == "rmse")
            fmt::print("  {} vs {} on RMSE: n {}, p {}\n", t.at("a").get<std::string>(),
                       t.at("b").get<std::string>(), t.at("n").get<std::size_t>(),
                       cell(t.at("p_value"), "{:.4g}"));
    for (const auto& r : study.at("runs"))
        fmt::print("run {}: {}\n", r.at("run_id").get<std::string>(),
                   r.at("name").get<std::string>());
}

struct StudyArgs {
    std::string config, workspace, report;
};

// The report is written after the study has run for minutes: a directory that is not there
// is found before it starts.
void check_report_path(const std::filesystem::path& file) {
    const std::filesystem::path dir = file.parent_path().empty() ? "." : file.parent_path();
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        throw InvalidInputError(
            fmt::format("--report {}: no directory {}", file.string(), dir.string()));
    if (std::filesystem::is_directory(file, ec))
        throw InvalidInputError(
            fmt::format("--report {}: is a directory; give a file name", file.string()));
}

void study(const StudyArgs& a, const GlobalOptions& global) {
    const auto configs = runner::load_forecast_study(a.config);
    if (!a.report.empty()) check_report_path(a.report);
    const io::Workspace ws = io::Workspace::open(a.workspace);
    auto tracker = runs::open_tracker(a.workspace, global, /*must_exist=*/false, /*mirror=*/true);
    const runner::RunEnvironment env = runs::run_environment(ws, *tracker, global);
    const nlohmann::json result = runner::run_forecast_study(configs, env);
    if (!a.report.empty()) {
        runner::ForecastReportOptions o;
        o.title =
            fmt::format("Forecast study {}", std::filesystem::path(a.config).filename().string());
        runner::write_forecast_report(a.report, result, ws.artifacts_dir(), o);
    }
    if (global.json)
        std::cout << result.dump(2) << "\n";
    else
        print_study(result);
    if (!a.report.empty() && !global.json) fmt::print("report: {}\n", a.report);
}

}  // namespace

void add_forecast(CLI::App& app, const GlobalOptions& global) {
    auto* cmd = app.add_subcommand(
        "forecast",
        "compare forecasters per household (STUDY.toml), or screen features (forecast screen)");
    auto st = std::make_shared<StudyArgs>();
    cmd->add_option("study", st->config,
                    "a forecast study: a run config with one [[model]] table per forecaster");
    auto* ws_opt = cmd->add_option("--workspace,-w", st->workspace, "workspace directory");
    cmd->add_option("--report", st->report,
                    "also write a self-contained HTML report (forecast-vs-actual plots per "
                    "household, metric and Wilcoxon tables) to this file");
    cmd->require_subcommand(0, 1);
    cmd->callback([cmd, st, ws_opt, &global] {
        if (!cmd->get_subcommands().empty()) return;
        if (st->config.empty() || ws_opt->count() == 0)
            throw InvalidInputError(
                "forecast: give a study file and --workspace (heatloop forecast STUDY.toml "
                "--workspace WS), or a subcommand (heatloop forecast screen --help)");
        study(*st, global);
    });
    auto a = std::make_shared<ScreenArgs>();
    auto* s = cmd->add_subcommand("screen",
                                  "OLS coefficients and p-values of candidate features, per unit");
    add_workspace_option(*s, a->workspace);
    s->add_option("--units", a->units, "comma-separated unit ids (default: every unit)");
    s->add_option("--target", a->target, "the channel to forecast")->capture_default_str();
    s->add_option("--horizon", a->horizon, "steps ahead")
        ->check(CLI::Range(1, 10080))
        ->capture_default_str();
    s->add_option("--lag-channels", a->lag_channels,
                  "channels read at lags (default t_tank_mid,t_tank_top)");
    s->add_option("--lags", a->lags,
                  "lags before the issue time (default 10min,20min,30min,90min)");
    s->add_option("--current", a->current, "channels at the issue time (default t_tank_top)");
    s->add_option("--calendar", a->calendar,
                  "calendar features of the forecast time (default week_of_year; also hour, "
                  "hour_sin, hour_cos, weekday, weekend, month, day_of_year)");
    s->add_option("--time-zone", a->time_zone,
                  "IANA zone of the calendar features (default: the unit's time_zone metadata, "
                  "else UTC)");
    s->add_option("--from", a->from, "first time used (ISO 8601 UTC)");
    s->add_option("--to", a->to, "end of the time used, exclusive (ISO 8601 UTC)");
    s->add_flag("--pooled", a->pooled, "one regression over all the units together");
    s->callback([a, st, &global] {
        if (!st->report.empty())
            throw InvalidInputError(
                "--report: the HTML report is of a forecast study (heatloop forecast STUDY.toml "
                "--workspace WS --report FILE), not of forecast screen");
        screen(*a, global);
    });
    add_forecast_features(*cmd, global, [st] {
        if (!st->report.empty())
            throw InvalidInputError(
                "--report: the HTML report is of a forecast study (heatloop forecast STUDY.toml "
                "--workspace WS --report FILE), not of forecast features");
    });
}

}  // namespace heatloop::cli
