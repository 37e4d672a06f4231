// The forecast study's HTML report on hand-made run outputs: one plot per household with
// every model's series, long series decimated (and the page says so), errors for missing runs.

#include "heatloop/runner/forecast_report.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>

#include "heatloop/core/error.hpp"
#include "heatloop/io/frame_file.hpp"
#include "heatloop/runner/run_outputs.hpp"
#include "unit/io/io_test_util.hpp"

using namespace heatloop;
using namespace heatloop::runner;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

// Line-to commands in the series paths' d attributes: the points drawn after the first.
std::size_t line_points(const std::string& html) {
    std::size_t n = 0;
    const std::string key = R"(<path class="series")";
    for (auto at = html.find(key); at != std::string::npos; at = html.find(key, at + 1)) {
        const auto d = html.find(" d=\"", at) + 4;
        n += count(html.substr(d, html.find('"', d) - d), "L");
    }
    return n;
}

// A stored forecaster run: per unit, `rows` evaluated rows of actual and forecasts per step.
void write_run(const std::filesystem::path& artifacts, const std::string& run_id,
               const std::vector<std::string>& units, std::size_t rows, std::size_t horizon,
               const std::vector<double>& values = {}) {
    const auto dir = artifacts / run_id;
    std::filesystem::create_directories(dir / "outputs");
    nlohmann::json list = nlohmann::json::array();
    for (const std::string& u : units) {
        UnitFrame f(u);
        f.set_grid(1704067200000, 60000, rows);
        // Built apart: adding a channel may move the others.
        std::vector<double> actual(rows);
        for (std::size_t i = 0; i < rows; ++i)
            actual[i] = i < values.size() ? values[i] : 50.0 - 0.001 * static_cast<double>(i);
        f.get_or_add("actual").values = actual;
        for (std::size_t h = 1; h <= horizon; ++h)
            f.get_or_add("forecast_h" + std::to_string(h)).values = actual;
        io::write_frame_file(dir / unit_output_path(u), f, "forecasts");
        list.push_back({{"unit_id", u}, {"file", unit_output_path(u)}});
    }
    nlohmann::json summary = {{"target", "t_tank_mid"}, {"horizon", horizon}, {"units", list}};
    std::ofstream(dir / "summary.json") << summary.dump();
}

nlohmann::json metrics() {
    return {{"rmse", 0.5}, {"mae", 0.25}, {"mape", 1.0}, {"r2", 0.9}, {"fit_seconds", 2.0}};
}

nlohmann::json study_of(const std::vector<std::pair<std::string, std::string>>& runs,
                        const std::vector<std::string>& units) {
    nlohmann::json s = {{"runs", nlohmann::json::array()},
                        {"households", nlohmann::json::array()},
                        {"models", nlohmann::json::object()},
                        {"wilcoxon", nlohmann::json::array()}};
    for (const auto& [name, id] : runs) {
        s["runs"].push_back({{"name", name}, {"model", "seasonal_naive"}, {"run_id", id}});
        s["models"][name] = {{"micro", metrics()}, {"macro", metrics()}, {"fit_seconds_mean", 1.0}};
    }
    for (const std::string& u : units) {
        nlohmann::json m = nlohmann::json::object();
        for (const auto& [name, id] : runs) m[name] = metrics();
        s["households"].push_back({{"unit_id", u}, {"models", m}});
    }
    return s;
}

}  // namespace

TEST(ForecastReport, LongSeriesAreDecimatedAndThePageSaysSo) {
    io::test::TempDir tmp;
    write_run(tmp.path(), "r1", {"a", "b"}, 5000, 4);
    write_run(tmp.path(), "r2", {"a", "b"}, 5000, 1);
    ForecastReportOptions o;
    o.max_points = 600;
    const std::string html =
        forecast_report_html(study_of({{"m1", "r1"}, {"m2", "r2"}}, {"a", "b"}), tmp.path(), o);
    EXPECT_EQ(count(html, R"(<figure class="forecast-plot")"), 2u);
    // Per household: step 1 and the last step (m1 forecasts 4 steps), three series each.
    EXPECT_EQ(count(html, R"(<path class="series")"), 2u * 2u * 3u);
    EXPECT_EQ(count(html, R"x(data-series="m1 (step 4)")x"), 2u);
    EXPECT_EQ(count(html, R"x(data-series="m2 (step 1)")x"), 2u);
    // Every series has 5000 points; at most 600 are drawn of each. Counted once each: the
    // actual values and two steps of each model, per household.
    EXPECT_NE(html.find("10 of the 10 plotted series are longer than 600 points (the longest "
                        "has 5000)"),
              std::string::npos);
    EXPECT_LT(line_points(html), 2u * 2u * 3u * 600u);
    EXPECT_GT(line_points(html), 2u * 2u * 3u * 300u);
    EXPECT_LT(html.size(), 400000u);
}

TEST(ForecastReport, ShortSeriesAreDrawnWhole) {
    io::test::TempDir tmp;
    write_run(tmp.path(), "r1", {"a"}, 100, 1);
    const std::string html = forecast_report_html(study_of({{"m1", "r1"}}, {"a"}), tmp.path());
    EXPECT_NE(html.find("Every series is drawn with all its points"), std::string::npos);
    EXPECT_EQ(count(html, R"(<div class="panel )"), 1u);  // horizon 1: one panel
    EXPECT_EQ(line_points(html), 2u * 99u);               // actual and m1, every point
}

TEST(ForecastReport, MissingOrDamagedRunsAreErrors) {
    io::test::TempDir tmp;
    const auto study = study_of({{"m1", "r1"}}, {"a"});
    EXPECT_THROW(forecast_report_html(study, tmp.path()), NotFoundError);
    std::filesystem::create_directories(tmp.path() / "r1");
    std::ofstream(tmp.path() / "r1" / "summary.json") << R"({"kind": "detector"})";
    try {
        forecast_report_html(study, tmp.path());
        FAIL() << "a detector's summary was accepted";
    } catch (const InvalidInputError& e) {
        EXPECT_NE(std::string(e.what()).find("summary.json"), std::string::npos);
    }
}

TEST(ForecastReport, ExtremeOrMissingValuesStillGiveAPage) {
    io::test::TempDir tmp;
    const double big = std::numeric_limits<double>::max();
    write_run(tmp.path(), "r1", {"a"}, 6, 2, {big, -big, k_missing, 1.0, INFINITY, 2.0});
    write_run(tmp.path(), "r2", {"a"}, 4, 1, {k_missing, k_missing, k_missing, k_missing});
    const std::string html =
        forecast_report_html(study_of({{"m1", "r1"}, {"m2", "r2"}}, {"a"}), tmp.path());
    EXPECT_EQ(count(html, R"(<path class="series")"), 2u * 3u);
    EXPECT_EQ(html.find("nan"), std::string::npos);
    EXPECT_EQ(html.find("inf"), std::string::npos);
}
