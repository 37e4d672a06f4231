#include "runner/run_labels.hpp"

#include "heatloop/store/label_service.hpp"

namespace heatloop::runner {

RunLabels load_run_labels(store::Db& db, std::optional<std::int64_t> revision) {
    store::LabelService labels(db);
    RunLabels out;
    out.revision = revision ? *revision : labels.current_revision();
    store::LabelQuery q;
    q.revision = out.revision;
    for (const store::Label& l : labels.list(q)) {
        if (l.status == store::LabelStatus::superseded) continue;
        eval::EvalLabel e{l.unit_id,  l.start,      l.end,
                          l.category, l.confidence, eval::LabelState::proposed};
        if (l.status == store::LabelStatus::confirmed) e.status = eval::LabelState::confirmed;
        if (l.status == store::LabelStatus::rejected) e.status = eval::LabelState::rejected;
        if (e.status != eval::LabelState::rejected)
            out.anomalous[l.unit_id].push_back(GapSpan{l.start, l.end, ""});
        out.labels.push_back(std::move(e));
    }
    return out;
}

}  // namespace heatloop::runner
