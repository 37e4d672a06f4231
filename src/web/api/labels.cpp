// Labels: list a unit's labels, the categories, create, edit, confirm, reject, split,
// delete and restore (admin) and history. Every change names the version it is based on; a
// stale one is a 409 carrying the current label.
#include <fmt/format.h>

#include <algorithm>

#include "heatloop/core/error.hpp"
#include "heatloop/store/label_service.hpp"
#include "heatloop/web/api_error.hpp"
#include "web/api/api.hpp"
#include "web/input.hpp"
#include "web/label_input.hpp"
#include "web/label_json.hpp"

namespace heatloop::web::api {

namespace {

store::Actor actor(const Call& call) {
    return store::Actor{call.user().name, "web"};
}

// Runs a change of label `id`; a version conflict becomes 409 with the current label.
template <class F>
auto change(Call& call, std::int64_t id, F&& work) {
    store::LabelService labels(call.db());
    try {
        return work(labels);
    } catch (const ConflictError& e) {
        throw ApiError(409, "conflict", e.what(), std::nullopt,
                       {{"current", label_json(labels.get(id))}});
    }
}

void unit_labels(Call& call) {
    const std::string& unit = call.param(0);
    const auto start = query_int(call, "start"), end = query_int(call, "end");
    store::LabelQuery q;
    q.unit_id = unit;
    nlohmann::json out = nlohmann::json::array();
    for (const store::Label& l : store::LabelService(call.db()).list(q)) {
        if (l.status == store::LabelStatus::superseded) continue;
        if ((start && l.end <= *start) || (end && l.start >= *end)) continue;
        out.push_back(label_json(l));
    }
    call.reply(200, {{"labels", out}});
}

void categories(Call& call) {
    nlohmann::json out = nlohmann::json::array();
    for (const store::Category& c : store::LabelService(call.db()).categories())
        out.push_back({{"name", c.name}, {"description", c.description}});
    call.reply(200, {{"categories", out}});
}

void create(Call& call) {
    store::LabelDraft d = label_draft_from_body(call.body());
    d.source = "human";
    d.reviewer = call.user().name;
    store::LabelService labels(call.db());
    const auto units = labels.units();
    if (std::none_of(units.begin(), units.end(),
                     [&](const UnitInfo& u) { return u.unit_id == d.unit_id; }))
        throw bad_request("unit_id",
                          fmt::format("unit '{}' is not known to the label store", d.unit_id));
    check_category(labels, d.category);
    call.reply(201, label_json(labels.add(d, actor(call))));
}

void edit(Call& call) {
    const std::int64_t id = path_id(call, 0, "id");
    const LabelEdit e = label_edit_from_body(call.body());
    const std::int64_t version = e.version;
    const store::LabelPatch& p = e.patch;
    if (p.category) {
        store::LabelService labels(call.db());
        check_category(labels, *p.category);
    }
    call.reply(200, label_json(change(call, id, [&](store::LabelService& s) {
                   return s.edit(id, version, p, actor(call));
               })));
}

// POST .../confirm and .../reject: a status change based on the label's version.
template <store::Label (store::LabelService::*Change)(std::int64_t, std::int64_t,
                                                      const store::Actor&)>
void set_status(Call& call) {
    const std::int64_t id = path_id(call, 0, "id");
    reject_unknown_fields(call.body(), {"version"});
    const std::int64_t version = required_int(call.body(), "version");
    call.reply(200, label_json(change(call, id, [&](store::LabelService& s) {
                   return (s.*Change)(id, version, actor(call));
               })));
}

void split(Call& call) {
    const std::int64_t id = path_id(call, 0, "id");
    reject_unknown_fields(call.body(), {"version", "at"});
    const std::int64_t version = required_int(call.body(), "version");
    const std::int64_t at = required_int(call.body(), "at");
    check_time(at, "at");
    auto [a, b] = change(call, id, [&](store::LabelService& s) {
        const store::Label l = s.get(id);
        if (!(l.start < at && at < l.end))
            throw bad_request(
                "at", fmt::format("at {}: not inside the label ({} .. {})", at, l.start, l.end));
        return s.split(id, version, at, actor(call));
    });
    call.reply(200, {{"labels", {label_json(a), label_json(b)}}});
}

void remove(Call& call) {
    const std::int64_t id = path_id(call, 0, "id");
    const auto version = query_int(call, "version");
    if (!version) throw bad_request("version", "version: required (query parameter)");
    change(call, id, [&](store::LabelService& s) {
        s.remove(id, *version, actor(call));
        return 0;
    });
    call.no_content();
}

// Undo of a delete: the same label back (id, status, source, reviewer), history continued.
void restore(Call& call) {
    const std::int64_t id = path_id(call, 0, "id");
    store::LabelService labels(call.db());
    try {
        call.reply(200, label_json(labels.restore(id, actor(call))));
    } catch (const InvalidInputError& e) {
        throw ApiError(409, "conflict", e.what());  // not deleted (any more)
    }
}

void history(Call& call) {
    const std::int64_t id = path_id(call, 0, "id");
    nlohmann::json out = nlohmann::json::array();
    for (const store::HistoryEntry& e : store::LabelService(call.db()).history(id))
        out.push_back(history_json(e));
    call.reply(200, {{"history", out}});
}

}  // namespace

void add_label_routes(Router& r) {
    r.add("GET", "/api/v1/units/{unit_id}/labels", Access::signed_in, unit_labels);
    r.add("GET", "/api/v1/categories", Access::signed_in, categories);
    r.add("POST", "/api/v1/labels", Access::reviewer, create);
    r.add("PATCH", "/api/v1/labels/{id}", Access::reviewer, edit);
    r.add("DELETE", "/api/v1/labels/{id}", Access::admin, remove);
    r.add("POST", "/api/v1/labels/{id}/restore", Access::admin, restore);
    r.add("POST", "/api/v1/labels/{id}/confirm", Access::reviewer,
          set_status<&store::LabelService::confirm>);
    r.add("POST", "/api/v1/labels/{id}/reject", Access::reviewer,
          set_status<&store::LabelService::reject>);
    r.add("POST", "/api/v1/labels/{id}/split", Access::reviewer, split);
    r.add("GET", "/api/v1/labels/{id}/history", Access::signed_in, history);
}

}  // namespace heatloop::web::api
