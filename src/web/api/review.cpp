// A run's review queue: GET lists the undecided items with progress; POST decides one,
// writing labels with the reviewer and the run as provenance; the recent decisions and the
// undo of one (DELETE), which takes back the label change the decision made.
//   candidate: accept = a new confirmed label (the category chosen, else unknown_anomaly);
//              reject = recorded only.
//   missed:    accept = "the label is right, the model missed it": recorded, the label
//              unchanged; reject = "the label is wrong": the label is rejected.
#include <fmt/format.h>

#include <algorithm>

#include "heatloop/core/error.hpp"
#include "heatloop/eval/options.hpp"
#include "heatloop/store/label_service.hpp"
#include "heatloop/tracking/run_store.hpp"
#include "heatloop/web/api_error.hpp"
#include "heatloop/web/review_queue.hpp"
#include "web/api/api.hpp"
#include "web/input.hpp"
#include "web/label_json.hpp"
#include "web/run_views.hpp"

namespace heatloop::web::api {

namespace {

nlohmann::json item_json(const ReviewItem& i) {
    return {{"key", i.key},
            {"kind", i.kind},
            {"unit_id", i.unit_id},
            {"start", i.start},
            {"end", i.end},
            {"score", i.score},
            {"label_id", i.label_id ? nlohmann::json(*i.label_id) : nlohmann::json()},
            {"category", i.category.empty() ? nlohmann::json() : nlohmann::json(i.category)}};
}

nlohmann::json decision_json(const ReviewDecision& d) {
    return {{"key", d.key},
            {"decision", d.decision},
            {"who", d.who},
            {"at", d.at},
            {"label_id", d.label_id ? nlohmann::json(*d.label_id) : nlohmann::json()},
            // the item decided on (null for decisions recorded before heatloop stored it)
            {"unit_id", d.unit_id.empty() ? nlohmann::json() : nlohmann::json(d.unit_id)},
            {"start", d.unit_id.empty() ? nlohmann::json() : nlohmann::json(d.start)},
            {"end", d.unit_id.empty() ? nlohmann::json() : nlohmann::json(d.end)},
            {"score", d.unit_id.empty() ? nlohmann::json() : nlohmann::json(d.score)}};
}

std::string review_why(const std::string& run_id) {
    return fmt::format("review of run {}", run_id);
}

void queue(Call& call) {
    const tracking::RunInfo run = find_run(call, call.param(0));
    auto outputs = run_outputs(call, run);
    // Only the label categories the run evaluates (a fault run does not "miss" showers).
    const auto labels = eval::labels_evaluated<store::Label>(store::LabelService(call.db()).list(),
                                                             outputs->options);
    const auto decided = ReviewStore(call.db()).decided(run.id);
    nlohmann::json items = nlohmann::json::array();
    for (const ReviewItem& i : review_items(outputs->units, labels))
        if (!decided.contains(i.key)) items.push_back(item_json(i));
    const auto n_decided = static_cast<std::int64_t>(decided.size());
    call.reply(
        200,
        {{"progress",
          {{"decided", n_decided}, {"total", n_decided + static_cast<std::int64_t>(items.size())}}},
         {"items", items}});
}

void decide(Call& call) {
    const tracking::RunInfo run = find_run(call, call.param(0));
    const std::string& key = call.param(1);
    const nlohmann::json& body = call.body();
    reject_unknown_fields(body, {"decision", "category"});
    const std::string decision = required_string(body, "decision", 10);
    if (decision != "accept" && decision != "reject")
        throw bad_request("decision",
                          fmt::format("decision '{}': expected accept or reject", decision));
    const auto category = optional_string(body, "category", 64);
    auto outputs = run_outputs(call, run);
    store::LabelService labels(call.db());
    if (category) check_category(labels, *category);
    const store::Actor actor{call.user().name, review_why(run.id)};
    std::optional<store::Label> label;
    // The decision and its label change commit together (nested transactions join).
    call.db().transaction([&] {
        label.reset();
        ReviewStore reviews(call.db());
        if (reviews.decided(run.id).contains(key))
            throw ApiError(409, "conflict", fmt::format("review item {} is already decided", key));
        const auto items = review_items(
            outputs->units, eval::labels_evaluated<store::Label>(labels.list(), outputs->options));
        auto it = std::find_if(items.begin(), items.end(),
                               [&](const ReviewItem& i) { return i.key == key; });
        if (it == items.end())
            throw ApiError(
                404, "not_found",
                fmt::format("review item {} is not in the queue of run {}", key, run.id));
        if (it->kind == "candidate" && decision == "accept") {
            store::LabelDraft d{
                it->unit_id,
                it->start,
                it->end,
                category.value_or("unknown_anomaly"),
                1.0,
                store::LabelStatus::confirmed,
                "run:" + run.id,
                call.user().name,
                fmt::format("accepted from the review queue (score {:.4g})", it->score)};
            label = labels.add(d, actor);
        } else if (it->kind == "missed") {
            // Reject: the label is wrong. Accept: the label is right and the model missed
            // it, a decision about the run that leaves the label as it is.
            const store::Label current = labels.get(*it->label_id);
            label =
                decision == "reject" ? labels.reject(current.id, current.version, actor) : current;
        }
        reviews.record({run.id, key, decision, call.user().name, tracking::now_ms(),
                        label ? std::optional(label->id) : std::nullopt, it->unit_id, it->start,
                        it->end, it->score});
    });
    call.reply(200, {{"label", label ? label_json(*label) : nlohmann::json()}});
}

void decisions(Call& call) {
    const tracking::RunInfo run = find_run(call, call.param(0));
    const auto limit = query_int(call, "limit").value_or(20);
    if (limit < 1 || limit > 500) throw bad_request("limit", "limit: expected 1..500");
    const auto unit = query(call, "unit");  // only this unit's decisions
    nlohmann::json out = nlohmann::json::array();
    for (const ReviewDecision& d :
         ReviewStore(call.db()).recent(run.id, static_cast<std::size_t>(limit), unit))
        out.push_back(decision_json(d));
    call.reply(200, {{"decisions", out}});
}

// Takes back the label change decision `d` made, when the label is still as the decision
// left it; 409 when it changed since (then the label is edited on the plot instead).
std::optional<store::Label> undo_label_change(Call& call, const tracking::RunInfo& run,
                                              const ReviewDecision& d) {
    if (!d.label_id) return std::nullopt;
    store::LabelService labels(call.db());
    const store::Actor actor{call.user().name, fmt::format("undo of a {}", review_why(run.id))};
    std::vector<store::HistoryEntry> h;
    try {
        h = labels.history(*d.label_id);
    } catch (const NotFoundError&) {
        return std::nullopt;
    }
    const store::HistoryEntry& last = h.back();
    const bool by_decision = last.who == d.who && last.why == review_why(run.id);
    if (last.action == "delete") return std::nullopt;  // gone already: nothing to take back
    if (!by_decision) {
        // A missed label accepted is left unchanged by the decision: nothing to take back.
        if (d.key.starts_with("m") && d.decision == "accept") return labels.get(*d.label_id);
        throw ApiError(409, "conflict",
                       fmt::format("label {} changed after the decision ({} by {}): change it on "
                                   "the unit's plot instead",
                                   *d.label_id, last.action, last.who),
                       std::nullopt, {{"current", label_json(labels.get(*d.label_id))}});
    }
    if (last.action == "create") {  // an accepted candidate: the label it made goes
        labels.remove(*d.label_id, last.version, actor);
        return std::nullopt;
    }
    return labels.revert(*d.label_id, last.version, actor);  // e.g. the reject of a label
}

void undo(Call& call) {
    const tracking::RunInfo run = find_run(call, call.param(0));
    const std::string& key = call.param(1);
    std::optional<store::Label> label;
    call.db().transaction([&] {
        label.reset();
        ReviewStore reviews(call.db());
        const auto d = reviews.find(run.id, key);
        if (!d)
            throw ApiError(404, "not_found",
                           fmt::format("review item {} of run {} is not decided", key, run.id));
        if (d->who != call.user().name && call.user().role != Role::admin)
            throw ApiError(403, "forbidden",
                           fmt::format("only {} (who decided it) or an admin can undo the decision "
                                       "on {}",
                                       d->who, key));
        label = undo_label_change(call, run, *d);
        reviews.erase(run.id, key);
    });
    call.reply(200, {{"key", key}, {"label", label ? label_json(*label) : nlohmann::json()}});
}

}  // namespace

void add_review_routes(Router& r) {
    r.add("GET", "/api/v1/runs/{run_id}/review", Access::signed_in, queue);
    r.add("GET", "/api/v1/runs/{run_id}/review/decisions", Access::signed_in, decisions);
    r.add("POST", "/api/v1/runs/{run_id}/review/{key}", Access::reviewer, decide);
    r.add("DELETE", "/api/v1/runs/{run_id}/review/{key}", Access::reviewer, undo);
}

}  // namespace heatloop::web::api
