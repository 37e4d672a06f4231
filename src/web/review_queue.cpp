#include "heatloop/web/review_queue.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "heatloop/core/error.hpp"
#include "heatloop/core/sha256.hpp"

namespace heatloop::web {

namespace {

bool overlaps(Timestamp a0, Timestamp a1, Timestamp b0, Timestamp b1) {
    return a0 < b1 && b0 < a1;
}

std::string candidate_key(const alarms::AlarmEvent& a) {
    // Appended rather than "c" + ...: g++ 12 warns falsely (-Wrestrict) on the latter.
    std::string key = "c";
    key += sha256_hex(fmt::format("{}\n{}\n{}", a.unit_id, a.start, a.end)).substr(0, 20);
    return key;
}

// The highest score of `u` in [start, end), 0 when none is defined there.
double max_score(const eval::UnitData& u, Timestamp start, Timestamp end) {
    auto first = std::lower_bound(u.time.begin(), u.time.end(), start);
    bool any = false;
    double best = 0.0;
    for (auto it = first; it != u.time.end() && *it < end; ++it) {
        const double s = u.scores[static_cast<std::size_t>(it - u.time.begin())];
        if (!std::isnan(s) && (!any || s > best)) best = s, any = true;
    }
    return best;
}

}  // namespace

std::vector<ReviewItem> review_items(std::span<const eval::UnitData> units,
                                     std::span<const store::Label> labels) {
    std::map<std::string, std::vector<const store::Label*>> by_unit;
    for (const store::Label& l : labels)
        if (l.status != store::LabelStatus::superseded) by_unit[l.unit_id].push_back(&l);
    std::vector<ReviewItem> out;
    for (const eval::UnitData& u : units) {
        const auto& unit_labels = by_unit[u.unit_id];
        for (const alarms::AlarmEvent& a : u.alarms) {
            const bool labelled = std::any_of(
                unit_labels.begin(), unit_labels.end(),
                [&](const store::Label* l) { return overlaps(a.start, a.end, l->start, l->end); });
            if (!labelled)
                out.push_back({candidate_key(a),
                               "candidate",
                               u.unit_id,
                               a.start,
                               a.end,
                               a.peak_score,
                               std::nullopt,
                               {}});
        }
        if (u.time.empty()) continue;
        const Timestamp span_end = u.time.back() + std::max<Duration>(u.step, 1);
        for (const store::Label* l : unit_labels) {
            if (l->status == store::LabelStatus::rejected) continue;
            if (!overlaps(l->start, l->end, u.time.front(), span_end)) continue;
            const bool hit = std::any_of(u.alarms.begin(), u.alarms.end(), [&](const auto& a) {
                return overlaps(a.start, a.end, l->start, l->end);
            });
            if (!hit)
                out.push_back({fmt::format("m{}", l->id), "missed", u.unit_id, l->start, l->end,
                               max_score(u, l->start, l->end), l->id, l->category});
        }
    }
    std::sort(out.begin(), out.end(), [](const ReviewItem& a, const ReviewItem& b) {
        if (a.score != b.score) return a.score > b.score;
        return a.key < b.key;
    });
    return out;
}

std::set<std::string> ReviewStore::decided(const std::string& run_id) {
    auto res = db_.transaction(
        [&] {
            return db_.exec("SELECT item_key FROM review_decisions WHERE run_id = ?", {run_id});
        },
        store::TxKind::read);
    std::set<std::string> out;
    for (const store::Row& r : res.rows) out.insert(r.get_text(0));
    return out;
}

void ReviewStore::record(const ReviewDecision& d) {
    // The item's columns are NULL when the decision comes without its unit.
    auto item = [&](const auto& v) { return d.unit_id.empty() ? std::nullopt : std::optional(v); };
    db_.transaction([&] {
        if (!db_.exec("SELECT 1 FROM review_decisions WHERE run_id = ? AND item_key = ?",
                      {d.run_id, d.key})
                 .empty())
            throw ConflictError(
                fmt::format("review item {} of run {} is already decided", d.key, d.run_id));
        db_.exec(
            "INSERT INTO review_decisions (run_id, item_key, decision, who, decided_at, "
            "label_id, unit_id, item_start, item_end, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {d.run_id, d.key, d.decision, d.who, d.at, d.label_id, item(d.unit_id), item(d.start),
             item(d.end), item(d.score)});
    });
}

namespace {

ReviewDecision decision_from_row(const store::Row& r) {
    ReviewDecision d;
    d.run_id = r.get_text(0);
    d.key = r.get_text(1);
    d.decision = r.get_text(2);
    d.who = r.get_text(3);
    d.at = r.get_int(4);
    if (!r.is_null(5)) d.label_id = r.get_int(5);
    if (!r.is_null(6)) {  // recorded with its item (migration 006)
        d.unit_id = r.get_text(6);
        d.start = r.get_int(7);
        d.end = r.get_int(8);
        d.score = r.is_null(9) ? 0.0 : r.get_double(9);
    }
    return d;
}

constexpr const char* k_decision_columns =
    "SELECT run_id, item_key, decision, who, decided_at, label_id, unit_id, item_start, "
    "item_end, score FROM review_decisions";

}  // namespace

std::optional<ReviewDecision> ReviewStore::find(const std::string& run_id, const std::string& key) {
    auto res = db_.transaction(
        [&] {
            return db_.exec(fmt::format("{} WHERE run_id = ? AND item_key = ?", k_decision_columns),
                            {run_id, key});
        },
        store::TxKind::read);
    if (res.empty()) return std::nullopt;
    return decision_from_row(res.rows[0]);
}

std::vector<ReviewDecision> ReviewStore::recent(const std::string& run_id, std::size_t limit,
                                                const std::optional<std::string>& unit_id) {
    auto res = db_.transaction(
        [&] {
            if (unit_id)
                return db_.exec(fmt::format("{} WHERE run_id = ? AND unit_id = ? ORDER BY "
                                            "decided_at DESC, item_key LIMIT {}",
                                            k_decision_columns, limit),
                                {run_id, *unit_id});
            return db_.exec(fmt::format("{} WHERE run_id = ? ORDER BY decided_at DESC, item_key "
                                        "LIMIT {}",
                                        k_decision_columns, limit),
                            {run_id});
        },
        store::TxKind::read);
    std::vector<ReviewDecision> out;
    for (const store::Row& r : res.rows) out.push_back(decision_from_row(r));
    return out;
}

bool ReviewStore::erase(const std::string& run_id, const std::string& key) {
    return db_.transaction([&] {
        return db_.exec("DELETE FROM review_decisions WHERE run_id = ? AND item_key = ?",
                        {run_id, key})
                   .affected == 1;
    });
}

}  // namespace heatloop::web
