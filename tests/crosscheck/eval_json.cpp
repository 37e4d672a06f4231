// Test-only: reads one JSON case on stdin and prints heatloop's metrics for it as JSON, so
// tests/crosscheck (pytest) can compare them with independent Python implementations.
//
// Input (every part optional; null in a number array means NaN):
//   {"n": samples, "real": [[first, last], ...], "pred": [[first, last], ...],
//    "detections": [i, ...], "range": {"alpha", "bias", "cardinality"},
//    "scores": [...], "truth": [0/1, ...], "vus": {"sliding_window", "thresholds"},
//    "differences": [...],
//    "classification": {"probability": [...], "truth": [...], "threshold"},
//    "disaggregation": {"truth": [...], "estimate": [...]},
//    "forecast": {"actual": [...], "by_step": [[...], ...]}, "catalogue": true}
// Output: with "n": {"range": {"precision", "recall"}, "nab": {profile: score},
//          "affiliation": {"precision", "recall"} (real against pred),
//          "pipeline": {metric: value} (the same case as labels and alarms through
//          evaluate_unit on a 1-minute grid)}; with "scores" and "truth": "roc_auc",
//          "average_precision", "vus": {"roc", "pr"}; "wilcoxon"; "classification",
//          "disaggregation", "forecast" (forecast_metrics_by_step) and "catalogue" as their
//          to_json.

#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>

#include "heatloop/core/error.hpp"
#include "heatloop/eval/affiliation.hpp"
#include "heatloop/eval/classification.hpp"
#include "heatloop/eval/disaggregation.hpp"
#include "heatloop/eval/forecast.hpp"
#include "heatloop/eval/metric_catalogue.hpp"
#include "heatloop/eval/options.hpp"
#include "heatloop/eval/ranking.hpp"
#include "heatloop/eval/result_json.hpp"
#include "heatloop/eval/unit_eval.hpp"
#include "heatloop/eval/vus.hpp"
#include "heatloop/eval/wilcoxon.hpp"

using namespace heatloop;
using namespace heatloop::eval;

namespace {

nlohmann::json num(double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nullptr;
}

// A number array where null stands for NaN (JSON has no NaN).
std::vector<double> numbers(const nlohmann::json& j) {
    std::vector<double> out;
    for (const auto& v : j) out.push_back(v.is_null() ? std::nan("") : v.get<double>());
    return out;
}

std::vector<IndexRange> ranges(const nlohmann::json& j) {
    std::vector<IndexRange> out;
    for (const auto& r : j) out.push_back({r.at(0).get<std::size_t>(), r.at(1).get<std::size_t>()});
    return out;
}

std::vector<std::uint8_t> mask(std::size_t n, const std::vector<IndexRange>& rs) {
    std::vector<std::uint8_t> m(n, 0);
    for (const auto& r : rs)
        for (std::size_t i = r.first; i <= r.last && i < n; ++i) m[i] = 1;
    return m;
}

void run_ranges(const nlohmann::json& in, nlohmann::json& out) {
    const std::size_t n = in.at("n").get<std::size_t>();
    const auto real = ranges(in.at("real"));
    const auto pred = ranges(in.at("pred"));
    EvalOptions options;
    if (in.contains("range")) options = options_from_json({{"range", in["range"]}});

    const auto real_mask = mask(n, real);
    const auto pred_mask = mask(n, pred);
    const RangeSums rs = range_sums(real_mask, pred_mask, options.range);
    out["range"] = {{"precision", num(rs.precision_sum / static_cast<double>(rs.predicted_ranges))},
                    {"recall", num(rs.recall_sum / static_cast<double>(rs.real_ranges))}};

    std::vector<std::size_t> detections;
    if (in.contains("detections"))
        detections = in["detections"].get<std::vector<std::size_t>>();
    else
        for (const auto& p : runs_of(pred_mask)) detections.push_back(p.first);
    const auto windows = runs_of(real_mask);
    for (NabProfile p : k_nab_profiles) {
        const NabSums s = nab_sums(windows, detections, {}, p);
        out["nab"][std::string(profile_name(p))] = {{"score", num(s.normalized())},
                                                    {"raw", s.raw},
                                                    {"null", s.null_score},
                                                    {"perfect", s.perfect}};
    }

    // The same case through the whole unit evaluation: labels and alarms on a 1-minute grid.
    UnitData u;
    u.unit_id = "u";
    u.step = k_minute_ms;
    for (std::size_t i = 0; i < n; ++i) {
        u.time.push_back(static_cast<Timestamp>(i) * k_minute_ms);
        u.scores.push_back(in.contains("scores") ? in["scores"].at(i).get<double>() : 0.0);
    }
    std::vector<EvalLabel> labels;
    for (const auto& r : real)
        labels.push_back({"u", static_cast<Timestamp>(r.first) * k_minute_ms,
                          static_cast<Timestamp>(r.last + 1) * k_minute_ms, "fault", 1.0,
                          LabelState::confirmed});
    for (const auto& p : pred)
        u.alarms.push_back({"u", static_cast<Timestamp>(p.first) * k_minute_ms,
                            static_cast<Timestamp>(p.last + 1) * k_minute_ms, 1.0,
                            static_cast<Timestamp>(p.first) * k_minute_ms});
    out["pipeline"] = to_json(evaluate_unit(u, labels, options).metrics);
    const AffiliationSums aff = affiliation_sums(real_mask, pred_mask);
    out["affiliation"] = {{"precision", num(aff.precision())}, {"recall", num(aff.recall())}};
}

nlohmann::json run(const nlohmann::json& in) {
    nlohmann::json out = nlohmann::json::object();
    if (in.contains("n")) run_ranges(in, out);
    if (in.contains("scores") && in.contains("truth")) {
        const auto scores = numbers(in["scores"]);
        const auto truth = in["truth"].get<std::vector<std::uint8_t>>();
        out["roc_auc"] = num(roc_auc(scores, truth));
        out["average_precision"] = num(average_precision(scores, truth));
        VusOptions vo;
        if (in.contains("vus")) {
            vo.sliding_window = in["vus"].value("sliding_window", vo.sliding_window);
            vo.thresholds = in["vus"].value("thresholds", vo.thresholds);
        }
        const Vus v = vus(scores, truth, vo);
        out["vus"] = {{"roc", num(v.roc)}, {"pr", num(v.pr)}};
    }
    if (in.contains("differences")) {
        const WilcoxonResult w = wilcoxon_signed_rank(in["differences"].get<std::vector<double>>());
        out["wilcoxon"] = {{"p_value", num(w.p_value)},
                           {"exact", w.exact},
                           {"w_plus", w.w_plus},
                           {"w_minus", w.w_minus}};
    }
    if (in.contains("classification")) {
        const auto& c = in["classification"];
        out["classification"] = to_json(classification_metrics(
            numbers(c.at("probability")), c.at("truth").get<std::vector<std::uint8_t>>(),
            c.value("threshold", 0.5)));
    }
    if (in.contains("disaggregation")) {
        const auto& d = in["disaggregation"];
        out["disaggregation"] =
            to_json(disaggregation_metrics(numbers(d.at("truth")), numbers(d.at("estimate"))));
    }
    if (in.contains("forecast")) {
        const auto& f = in["forecast"];
        std::vector<std::vector<double>> by_step;
        for (const auto& step : f.at("by_step")) by_step.push_back(numbers(step));
        out["forecast"] = to_json(forecast_metrics_by_step(numbers(f.at("actual")), by_step));
    }
    if (in.value("catalogue", false)) out["catalogue"] = metric_catalogue_json();
    return out;
}

}  // namespace

int main() {
    try {
        std::cout << run(nlohmann::json::parse(std::cin)).dump() << '\n';
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 2;
    }
}
