// A run's note (MLflow's run description): read it, and save an edit based on the version the
// user edited; a stale version is a 409 carrying the current note, as with labels.
#include <fmt/format.h>

#include "heatloop/core/error.hpp"
#include "heatloop/tracking/run_store.hpp"
#include "heatloop/web/api_error.hpp"
#include "web/api/api.hpp"
#include "web/input.hpp"
#include "web/run_views.hpp"

namespace heatloop::web::api {

nlohmann::json run_note_json(const tracking::RunNote& n) {
    return {{"run_id", n.run_id},
            {"version", n.version},
            {"text", n.text},
            {"author", n.version > 0 ? nlohmann::json(n.author) : nlohmann::json()},
            {"written_at", n.version > 0 ? nlohmann::json(n.written_at) : nlohmann::json()}};
}

namespace {

void get_note(Call& call) {
    const tracking::RunInfo info = find_run(call, call.param(0));
    call.reply(200, run_note_json(tracking::RunStore(call.db()).note(info.id)));
}

void put_note(Call& call) {
    const tracking::RunInfo info = find_run(call, call.param(0));
    reject_unknown_fields(call.body(), {"text", "version"});
    const std::int64_t version = required_int(call.body(), "version");
    if (version < 0)
        throw bad_request("version", fmt::format("version: {} is negative (0 for a first note, "
                                                 "else the version you edited)",
                                                 version));
    // The store checks the text (size, UTF-8, NUL); the limit here only keeps the message short.
    const auto text = optional_string(call.body(), "text", tracking::RunStore::k_max_note_bytes);
    if (!text) throw bad_request("text", "text: required (a string, \"\" clears the note)");
    tracking::RunStore store(call.db());
    try {
        call.reply(200, run_note_json(store.set_note(info.id, version, *text, call.user().name)));
    } catch (const ConflictError& e) {
        throw ApiError(409, "conflict", e.what(), std::nullopt,
                       {{"current", run_note_json(store.note(info.id))}});
    } catch (const InvalidInputError& e) {
        throw bad_request("text", e.what());
    }
}

}  // namespace

void add_run_note_routes(Router& r) {
    r.add("GET", "/api/v1/runs/{run_id}/note", Access::signed_in, get_note);
    r.add("PUT", "/api/v1/runs/{run_id}/note", Access::reviewer, put_note);
}

}  // namespace heatloop::web::api
