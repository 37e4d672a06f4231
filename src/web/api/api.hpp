#pragma once
// The API's controllers, one file each; each adds its routes to the router. Thin: they read
// and validate input, call the store/tracking/runner services, and shape the JSON of
// notes/web-contract.md (docs/openapi.yaml).

#include <nlohmann/json.hpp>

#include "heatloop/tracking/run.hpp"
#include "web/router.hpp"

namespace heatloop::web::api {

void add_session_routes(Router& r);   // session.cpp
void add_unit_routes(Router& r);      // units.cpp
void add_series_routes(Router& r);    // series.cpp
void add_label_routes(Router& r);     // labels.cpp
void add_run_routes(Router& r);       // runs.cpp
void add_run_note_routes(Router& r);  // run_notes.cpp: a run's note (GET, PUT)
void add_review_routes(Router& r);    // review.cpp
void add_user_routes(Router& r);      // users.cpp
void add_similar_routes(Router& r);   // similar.cpp: find similar from a label

// household.cpp: the household view of a unit with a hot-water tank.
void add_household_routes(Router& r);
// meter.cpp: the smart-meter view of a household (meter, estimate, detection).
void add_meter_routes(Router& r);

// {run_id, version, text, author, written_at} of a run's note (run_notes.cpp); author and
// written_at are null when the run has no note (version 0).
nlohmann::json run_note_json(const tracking::RunNote& n);

}  // namespace heatloop::web::api
