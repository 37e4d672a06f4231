#include "heatloop/eval/unit_eval.hpp"

#include <algorithm>

#include "heatloop/alarms/events.hpp"
#include "heatloop/eval/ranking.hpp"
#include "heatloop/eval/vus.hpp"

namespace heatloop::eval {

namespace {

// The sample index of each alarm's first sample inside it (alarms holding no sample are
// skipped).
std::vector<std::size_t> alarm_starts(const UnitData& u) {
    std::vector<std::size_t> out;
    for (const auto& a : u.alarms) {
        auto it = std::lower_bound(u.time.begin(), u.time.end(), a.start);
        if (it != u.time.end() && *it < a.end)
            out.push_back(static_cast<std::size_t>(it - u.time.begin()));
    }
    return out;
}

}  // namespace

UnitEvaluation evaluate_unit(const UnitData& u, std::span<const EvalLabel> labels,
                             const EvalOptions& options) {
    validate(options);
    check(u);
    UnitEvaluation r;
    r.unit_id = u.unit_id;
    r.unit_type = u.unit_type;
    r.truth = split_labels(u, labels, options);
    r.match = match_events(u.alarms, r.truth, options.tolerance);
    r.masks = point_masks(u, r.truth);
    r.step = alarms::effective_step({u.time, u.scores, u.step});

    Tally& t = r.tally;
    for (const auto& o : r.match.truth) t.add_truth(o, options.deadline);
    for (const auto& o : r.match.weighted) t.add_weighted(o);
    for (auto o : r.match.alarms) t.add_alarm(o);

    const PointMasks& m = r.masks;
    std::vector<double> scores;
    std::vector<std::uint8_t> positive;
    std::vector<std::uint8_t> evaluated_alarmed;
    std::vector<std::uint8_t> predicted(u.time.size(), 0);
    for (std::size_t i = 0; i < u.time.size(); ++i) {
        predicted[i] = m.alarmed[i] && !m.ignored[i];
        if (!m.evaluated[i]) continue;
        scores.push_back(u.scores[i]);
        positive.push_back(m.truth[i]);
        evaluated_alarmed.push_back(m.alarmed[i]);
        const bool p = m.alarmed[i], y = m.truth[i];
        (p ? (y ? t.tp : t.fp) : (y ? t.fn : t.tn)) += 1;
    }
    t.evaluated_ms = static_cast<double>(scores.size()) * static_cast<double>(r.step);
    t.range = range_sums(std::span<const std::uint8_t>(m.truth), predicted, options.range);
    const auto windows = runs_of(m.truth);
    const auto detections = alarm_starts(u);
    for (std::size_t p = 0; p < k_nab_profiles.size(); ++p)
        t.nab[p] = nab_sums(windows, detections, m.ignored, k_nab_profiles[p]);
    // VUS and affiliation see the evaluated samples only, in order: ignore regions and
    // unscored samples are cut out and the rest joined, as for ROC-AUC.
    t.affiliation = affiliation_sums(positive, evaluated_alarmed);
    const Vus v = vus(scores, positive);
    r.metrics =
        metrics_of(t, roc_auc(scores, positive), average_precision(scores, positive), v.roc, v.pr);
    return r;
}

}  // namespace heatloop::eval
