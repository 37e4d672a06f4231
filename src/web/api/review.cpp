// A run's review queue: GET lists the undecided items with progress; POST decides one
// (accept or reject), writing labels with the reviewer and the run as provenance.
#include <fmt/format.h>

#include <algorithm>

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
            {"label_id", i.label_id ? nlohmann::json(*i.label_id) : nlohmann::json()}};
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
    const store::Actor actor{call.user().name, fmt::format("review of run {}", run.id)};
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
            const store::Label current = labels.get(*it->label_id);
            if (decision == "reject")
                label = labels.reject(current.id, current.version, actor);
            else if (current.status != store::LabelStatus::confirmed)
                label = labels.confirm(current.id, current.version, actor);
            else
                label = current;
        }
        reviews.record({run.id, key, decision, call.user().name, tracking::now_ms(),
                        label ? std::optional(label->id) : std::nullopt});
    });
    call.reply(200, {{"label", label ? label_json(*label) : nlohmann::json()}});
}

}  // namespace

void add_review_routes(Router& r) {
    r.add("GET", "/api/v1/runs/{run_id}/review", Access::signed_in, queue);
    r.add("POST", "/api/v1/runs/{run_id}/review/{key}", Access::reviewer, decide);
}

}  // namespace heatloop::web::api
