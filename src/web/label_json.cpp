#include "web/label_json.hpp"

namespace heatloop::web {

nlohmann::json label_json(const store::Label& l) {
    return {{"id", l.id},
            {"unit_id", l.unit_id},
            {"start", l.start},
            {"end", l.end},
            {"category", l.category},
            {"confidence", l.confidence},
            {"status", store::status_name(l.status)},
            {"source", l.source},
            {"reviewer", l.reviewer},
            {"notes", l.notes},
            {"created_at", l.created_at},
            {"updated_at", l.updated_at},
            {"version", l.version},
            {"revision", l.revision}};
}

nlohmann::json history_json(const store::HistoryEntry& e) {
    return {{"revision", e.revision},
            {"version", e.version},
            {"who", e.who},
            {"at", e.at},
            {"action", e.action},
            {"before", e.before ? label_json(*e.before) : nlohmann::json()},
            {"after", label_json(e.after)},
            {"why", e.why}};
}

}  // namespace heatloop::web
