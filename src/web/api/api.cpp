#include "web/api/api.hpp"

namespace heatloop::web {

void register_api(Router& r) {
    api::add_session_routes(r);
    api::add_unit_routes(r);
    api::add_series_routes(r);
    api::add_label_routes(r);
    api::add_run_routes(r);
    api::add_run_note_routes(r);
    api::add_review_routes(r);
    api::add_user_routes(r);
    api::add_household_routes(r);
    api::add_meter_routes(r);
    api::add_similar_routes(r);
}

}  // namespace heatloop::web
