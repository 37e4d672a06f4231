#include "heatloop/eval/evaluate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "heatloop/core/error.hpp"
#include "heatloop/eval/ranking.hpp"
#include "heatloop/eval/strata.hpp"

namespace heatloop::eval {

namespace {

using Rows = std::map<std::string, Tally>;

// Pooled evaluated scores and truths of several units, for micro ROC-AUC and PR-AUC.
struct Pool {
    std::vector<double> scores;
    std::vector<std::uint8_t> positive;
    void add(const UnitData& u, const UnitEvaluation& e) {
        for (std::size_t i = 0; i < u.time.size(); ++i)
            if (e.masks.evaluated[i])
                scores.push_back(u.scores[i]), positive.push_back(e.masks.truth[i]);
    }
    Metrics metrics(const Tally& t) const {
        return metrics_of(t, roc_auc(scores, positive), average_precision(scores, positive));
    }
};

std::vector<BreakdownRow> to_rows(const Rows& rows) {
    std::vector<BreakdownRow> out;
    for (const auto& [key, tally] : rows)
        out.push_back({key, tally, metrics_of(tally, std::nan(""), std::nan(""))});
    return out;
}

// The key of a label in the "fault_kind" breakdown: "category/kind", or the category.
std::string kind_key(const EvalLabel& l) {
    return l.kind.empty() ? l.category : l.category + "/" + l.kind;
}

// Label groups (by category, or by category and kind), each measured as if its labels were
// the only faults: its labels and the alarms that detect one of them; the other groups'
// labels are neither missed nor hit (alarms on them are ignored). False alarms and evaluated
// time are the fleet's, added to every row once all units are in (finish_groups).
template <typename Key>
void add_label_groups(const UnitEvaluation& e, const UnitData& u, const EvalOptions& o, Key key,
                      Rows& rows) {
    for (const auto& l : e.match.truth) rows[key(l.label)].add_truth(l, o.deadline);
    for (const auto& l : e.match.weighted) rows[key(l.label)].add_weighted(l);
    for (std::size_t a = 0; a < u.alarms.size(); ++a) {
        if (e.match.alarms[a] != AlarmOutcome::true_alarm) continue;
        std::set<std::string> hit;
        for (const EvalLabel& l : e.truth.truth)
            if (u.alarms[a].start < l.end + o.tolerance && l.start < u.alarms[a].end)
                hit.insert(key(l));
        for (const std::string& k : hit) ++rows[k].true_alarms;
    }
}

void finish_groups(const Tally& totals, Rows& rows) {
    for (auto& [key, t] : rows) {
        t.false_alarms = totals.false_alarms;
        t.ignored_alarms = totals.true_alarms + totals.ignored_alarms - t.true_alarms;
        t.evaluated_ms = totals.evaluated_ms;
    }
}

// Evaluated time by stratum. Samples are first counted per raw value (month, mode value,
// temperature band) so that each stratum's name is built once, not once per sample.
void add_evaluated_time(StratumKind kind, const UnitData& u, const UnitEvaluation& e,
                        std::span<const double> edges, Rows& rows) {
    const std::vector<double>* series = kind == StratumKind::mode           ? &u.mode
                                        : kind == StratumKind::outdoor_temp ? &u.outdoor_temp
                                                                            : nullptr;
    std::map<double, std::pair<std::size_t, std::size_t>> counts;  // value -> (count, a sample)
    for (std::size_t i = 0; i < u.time.size(); ++i) {
        if (!e.masks.evaluated[i]) continue;
        double key = -std::numeric_limits<double>::infinity();  // no value: "unknown"
        if (kind == StratumKind::season)
            key = to_civil(u.time[i]).month;
        else if (!series->empty() && !std::isnan((*series)[i]))
            key = kind == StratumKind::mode
                      ? (*series)[i]
                      : static_cast<double>(
                            std::upper_bound(edges.begin(), edges.end(), (*series)[i]) -
                            edges.begin());
        auto& [count, sample] = counts[key];
        if (count++ == 0) sample = i;
    }
    for (const auto& [key, c] : counts)
        rows[stratum_at(kind, u, edges, u.time[c.second], u.time[c.second] + 1)].evaluated_ms +=
            static_cast<double>(c.first) * static_cast<double>(e.step);
}

void add_time_strata(StratumKind kind, const UnitData& u, const UnitEvaluation& e,
                     const EvalOptions& o, Rows& rows) {
    const auto& edges = o.temperature_edges;
    for (const auto& l : e.match.truth)
        rows[stratum_at(kind, u, edges, l.label.start, l.label.end)].add_truth(l, o.deadline);
    for (const auto& l : e.match.weighted)
        rows[stratum_at(kind, u, edges, l.label.start, l.label.end)].add_weighted(l);
    for (std::size_t a = 0; a < u.alarms.size(); ++a)
        rows[stratum_at(kind, u, edges, u.alarms[a].start, u.alarms[a].end)].add_alarm(
            e.match.alarms[a]);
    add_evaluated_time(kind, u, e, edges, rows);
}

}  // namespace

EvaluationResult evaluate(std::span<const UnitData> units, std::span<const EvalLabel> all_labels,
                          const EvalOptions& options) {
    validate(options);
    // Only the categories the run evaluates count (events of normal use are left out).
    const std::vector<EvalLabel> kept = labels_evaluated(all_labels, options);
    const std::span<const EvalLabel> labels = kept;
    EvaluationResult r;
    r.options = options;
    std::set<std::string> ids;
    for (const UnitData& u : units)
        if (!ids.insert(u.unit_id).second)
            throw InvalidInputError(fmt::format("evaluate: unit {} is given twice", u.unit_id));
    for (const EvalLabel& l : labels) r.labels_without_unit += !ids.contains(l.unit_id);

    Rows categories, kinds_rows;
    bool any_kind = false;
    for (const EvalLabel& l : labels) any_kind |= !l.kind.empty();
    std::map<StratumKind, Rows> strata;
    std::vector<StratumKind> kinds = {StratumKind::season};
    bool any_mode = false, any_temp = false;
    for (const UnitData& u : units)
        any_mode |= !u.mode.empty(), any_temp |= !u.outdoor_temp.empty();
    if (any_mode) kinds.push_back(StratumKind::mode);
    if (any_temp) kinds.push_back(StratumKind::outdoor_temp);
    std::map<std::string, std::pair<Tally, Pool>> types;
    Pool all;
    std::vector<Metrics> per_unit;
    for (const UnitData& u : units) {
        UnitEvaluation e = evaluate_unit(u, labels, options);
        r.totals += e.tally;
        all.add(u, e);
        auto& [type_tally, type_pool] = types[u.unit_type.empty() ? "unknown" : u.unit_type];
        type_tally += e.tally;
        type_pool.add(u, e);
        add_label_groups(
            e, u, options, [](const EvalLabel& l) { return l.category; }, categories);
        if (any_kind) add_label_groups(e, u, options, kind_key, kinds_rows);
        for (StratumKind k : kinds) add_time_strata(k, u, e, options, strata[k]);
        per_unit.push_back(e.metrics);
        r.units.push_back(std::move(e));
    }
    r.macro = macro_average(per_unit);
    r.micro = all.metrics(r.totals);
    finish_groups(r.totals, categories);
    r.breakdowns["category"] = to_rows(categories);
    if (any_kind) {
        finish_groups(r.totals, kinds_rows);
        r.breakdowns["fault_kind"] = to_rows(kinds_rows);
    }
    for (StratumKind k : kinds) r.breakdowns[std::string(stratum_name(k))] = to_rows(strata[k]);
    auto& type_rows = r.breakdowns["unit_type"];
    for (const auto& [type, tp] : types)
        type_rows.push_back({type, tp.first, tp.second.metrics(tp.first)});
    return r;
}

}  // namespace heatloop::eval
