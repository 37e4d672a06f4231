#include <cmath>
#include <fstream>

#include <fmt/format.h>

#include "heatloop/alarms/policy.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/testbench/report.hpp"

namespace heatloop::testbench {

namespace {

nlohmann::json number(double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json();
}

nlohmann::json kpis_json(const Kpis& k) {
    return {{"injected", k.injected},
            {"detected", k.detected},
            {"within_deadline", k.within_deadline},
            {"detected_share", number(k.detected_share)},
            {"within_deadline_share", number(k.within_deadline_share)},
            {"delay_mean_h", number(k.delay_mean_h)},
            {"delay_median_h", number(k.delay_median_h)},
            {"delay_p90_h", number(k.delay_p90_h)},
            {"false_alarms", k.false_alarms},
            {"evaluated_unit_months", number(k.evaluated_months)},
            {"false_alarms_per_unit_month", number(k.false_alarms_per_unit_month)}};
}

nlohmann::json point_json(const CurvePoint& p) {
    return {{"quantile", number(p.quantile)},
            {"threshold", number(p.threshold)},
            {"kpis", kpis_json(p.kpis)}};
}

nlohmann::json detector_json(const DetectorResult& d) {
    nlohmann::json j = {{"detector", d.detector.name},
                        {"config", d.detector.config_source},
                        {"params", d.detector.params},
                        {"alarm_policy", alarms::to_json(d.detector.policy)},
                        {"seed", d.detector.seed},
                        {"error", d.error.empty() ? nlohmann::json() : nlohmann::json(d.error)},
                        {"seconds", d.seconds}};
    if (!d.error.empty()) return j;
    j["threshold"] = number(d.threshold);
    j["kpis"] = kpis_json(d.kpis);
    nlohmann::json outcomes = nlohmann::json::array();
    for (const FailureOutcome& o : d.outcomes)
        outcomes.push_back(
            {{"unit_id", o.failure.unit_id},
             {"start", format_iso(o.failure.start)},
             {"detected", o.delay.has_value()},
             {"delay_h", o.delay ? nlohmann::json(static_cast<double>(*o.delay) / k_hour_ms)
                                 : nlohmann::json()}});
    j["outcomes"] = outcomes;
    nlohmann::json curve = nlohmann::json::array();
    for (const CurvePoint& p : d.curve) curve.push_back(point_json(p));
    j["curve"] = curve;
    j["operating_point"] = point_json(d.operating_point);
    return j;
}

}  // namespace

nlohmann::json to_json(const BenchResult& r) {
    const BenchOptions& o = r.options;
    nlohmann::json units = nlohmann::json::array(), failures = nlohmann::json::array(),
                   detectors = nlohmann::json::array();
    for (const UnitSummary& u : r.units)
        units.push_back({{"unit_id", u.unit_id},
                         {"unit_type", u.unit_type},
                         {"tau_h", u.tau_h},
                         {"tau_source", u.tau_fitted ? "fitted" : "default"},
                         {"failures", u.failures}});
    for (const InjectedFailure& f : r.failures)
        failures.push_back({{"unit_id", f.unit_id},
                            {"start", format_iso(f.start)},
                            {"end", format_iso(f.end)},
                            {"tau_h", f.tau_h}});
    for (const DetectorResult& d : r.detectors) detectors.push_back(detector_json(d));
    return {{"format_version", k_results_format},
            {"options",
             {{"seed", o.seed},
              {"failures_per_unit", o.placement.per_unit},
              {"duration", format_duration(o.placement.duration)},
              {"history", format_duration(o.placement.history)},
              {"after", format_duration(o.placement.after)},
              {"separation", format_duration(o.placement.separation)},
              {"deadline", format_duration(o.deadline)},
              {"quantiles", o.quantiles}}},
            {"units", units},
            {"failures", failures},
            {"detectors", detectors}};
}

void write_outputs(const BenchResult& result, const std::filesystem::path& dir,
                   const std::string& title) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw IoError(fmt::format("cannot create {}: {}", dir.string(), ec.message()));
    const auto write = [&](const std::string& name, const std::string& text) {
        const auto path = dir / name;
        std::ofstream out(path, std::ios::binary);
        out << text;
        out.close();
        if (!out) throw IoError(fmt::format("cannot write {}", path.string()));
    };
    write("results.json", to_json(result).dump(2) + "\n");
    write("report.html", report_html(result, title));
}

}  // namespace heatloop::testbench
