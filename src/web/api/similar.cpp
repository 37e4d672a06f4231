// Find similar from a label: POST searches the fleet for the windows most like the label
// and proposes them as labels with source similar:<id> (once; a repeated POST adds nothing);
// GET lists those proposals as the label's review queue, most similar first.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "heatloop/similar/label_similar.hpp"
#include "heatloop/store/label_service.hpp"
#include "heatloop/web/api_error.hpp"
#include "web/api/api.hpp"
#include "web/app_state.hpp"
#include "web/input.hpp"
#include "web/label_json.hpp"

namespace heatloop::web::api {

namespace {

void search(Call& call) {
    const std::int64_t id = path_id(call, 0, "id");
    const nlohmann::json& body = call.body();
    reject_unknown_fields(body, {"top", "channels", "include_labelled"});
    similar::LabelSearchOptions o;
    if (const auto top = optional_int(body, "top")) {
        if (*top < 1 || *top > 100)
            throw bad_request("top", fmt::format("top {}: expected 1 to 100", *top));
        o.top = static_cast<std::size_t>(*top);
    }
    if (body.contains("channels") && !body["channels"].is_null()) {
        const nlohmann::json& ch = body["channels"];
        if (!ch.is_array() || ch.size() > 64)
            throw bad_request("channels", "channels: expected an array of at most 64 names");
        for (const nlohmann::json& c : ch) {
            if (!c.is_string() || c.get<std::string>().empty() || c.get<std::string>().size() > 200)
                throw bad_request("channels", "channels: expected channel names (text)");
            o.channels.push_back(c.get<std::string>());
        }
    }
    if (body.contains("include_labelled") && !body["include_labelled"].is_null()) {
        if (!body["include_labelled"].is_boolean())
            throw bad_request("include_labelled", "include_labelled: expected true or false");
        o.include_labelled = body["include_labelled"].get<bool>();
    }
    // Searching is read-only; with several threads per request a burst of searches would
    // starve the other requests, so one thread (a year x 50 units still takes seconds).
    o.threads = 1;
    store::LabelService labels(call.db());
    const store::Actor actor{call.user().name, fmt::format("similar to label {}", id)};
    const similar::LabelSearchResult r =
        similar::find_similar(call.workspace(), labels, id, o, actor);
    nlohmann::json out = similar::to_json(r);
    out["query"] = label_json(r.query);
    for (nlohmann::json& h : out["hits"]) {  // the API's times are ms, as everywhere
        h["start"] = h["start_ms"];
        h["end"] = h["end_ms"];
        h.erase("start_ms");
        h.erase("end_ms");
    }
    call.reply(200, out);
}

void queue(Call& call) {
    const std::int64_t id = path_id(call, 0, "id");
    store::LabelService labels(call.db());
    const store::Label query = labels.get(id);
    nlohmann::json items = nlohmann::json::array();
    std::int64_t decided = 0;
    for (const store::Label& l : similar::similar_proposals(labels, id)) {
        if (l.status != store::LabelStatus::proposed) ++decided;
        items.push_back(label_json(l));
    }
    call.reply(200, {{"query", label_json(query)},
                     {"source", similar::similar_source(id)},
                     {"progress",
                      {{"decided", decided}, {"total", static_cast<std::int64_t>(items.size())}}},
                     {"candidates", items}});
}

}  // namespace

void add_similar_routes(Router& r) {
    r.add("GET", "/api/v1/labels/{id}/similar", Access::signed_in, queue);
    r.add("POST", "/api/v1/labels/{id}/similar", Access::reviewer, search);
}

}  // namespace heatloop::web::api
