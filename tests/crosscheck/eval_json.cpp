// Test-only: reads one JSON case on stdin and prints heatloop's metrics for it as JSON, so
// tests/crosscheck (pytest) can compare them with independent Python implementations.
//
// Input:  {"n": samples, "real": [[first, last], ...], "pred": [[first, last], ...],
//          "detections": [i, ...] (optional), "range": {"alpha", "bias", "cardinality"},
//          "scores": [...], "truth": [0/1, ...] (optional), "differences": [...] (optional)}
// Output: {"range": {"precision", "recall"}, "nab": {profile: score},
//          "pipeline": {metric: value} (the same case as labels and alarms through
//          evaluate_unit on a 1-minute grid), "roc_auc", "average_precision", "wilcoxon"}

#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>

#include "heatloop/core/error.hpp"
#include "heatloop/eval/options.hpp"
#include "heatloop/eval/ranking.hpp"
#include "heatloop/eval/result_json.hpp"
#include "heatloop/eval/unit_eval.hpp"
#include "heatloop/eval/wilcoxon.hpp"

using namespace heatloop;
using namespace heatloop::eval;

namespace {

nlohmann::json num(double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nullptr;
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

nlohmann::json run(const nlohmann::json& in) {
    const std::size_t n = in.at("n").get<std::size_t>();
    const auto real = ranges(in.at("real"));
    const auto pred = ranges(in.at("pred"));
    EvalOptions options;
    if (in.contains("range")) options = options_from_json({{"range", in["range"]}});
    nlohmann::json out;

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

    if (in.contains("scores") && in.contains("truth")) {
        const auto scores = in["scores"].get<std::vector<double>>();
        const auto truth = in["truth"].get<std::vector<std::uint8_t>>();
        out["roc_auc"] = num(roc_auc(scores, truth));
        out["average_precision"] = num(average_precision(scores, truth));
    }
    if (in.contains("differences")) {
        const WilcoxonResult w = wilcoxon_signed_rank(in["differences"].get<std::vector<double>>());
        out["wilcoxon"] = {{"p_value", num(w.p_value)},
                           {"exact", w.exact},
                           {"w_plus", w.w_plus},
                           {"w_minus", w.w_minus}};
    }
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
