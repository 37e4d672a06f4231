#include "runner/run_labels.hpp"

#include "heatloop/runner/runner.hpp"
#include "heatloop/store/label_service.hpp"

namespace heatloop::runner {

namespace {

eval::LabelState state_of(store::LabelStatus s) {
    switch (s) {
        case store::LabelStatus::confirmed:
            return eval::LabelState::confirmed;
        case store::LabelStatus::rejected:
            return eval::LabelState::rejected;
        default:
            return eval::LabelState::proposed;
    }
}

}  // namespace

std::vector<eval::EvalLabel> eval_labels(const store::LabelFile& file) {
    std::vector<eval::EvalLabel> out;
    for (const store::LabelFileRow& r : file.rows) {
        const store::LabelDraft& d = r.draft;
        out.push_back({d.unit_id, d.start, d.end, d.category, d.confidence, state_of(d.status),
                       eval::kind_from_notes(d.notes)});
    }
    return out;
}

RunLabels load_run_labels(store::Db& db, std::optional<std::int64_t> revision,
                          const eval::EvalOptions& options) {
    store::LabelService labels(db);
    RunLabels out;
    out.revision = revision ? *revision : labels.current_revision();
    store::LabelQuery q;
    q.revision = out.revision;
    for (const store::Label& l : labels.list(q)) {
        if (l.status == store::LabelStatus::superseded) continue;
        eval::EvalLabel e{l.unit_id,
                          l.start,
                          l.end,
                          l.category,
                          l.confidence,
                          eval::LabelState::proposed,
                          eval::kind_from_notes(l.notes)};
        if (l.status == store::LabelStatus::confirmed) e.status = eval::LabelState::confirmed;
        if (l.status == store::LabelStatus::rejected) e.status = eval::LabelState::rejected;
        if (e.status != eval::LabelState::rejected && eval::evaluates_category(options, e.category))
            out.anomalous[l.unit_id].push_back(GapSpan{l.start, l.end, ""});
        out.labels.push_back(std::move(e));
    }
    return out;
}

}  // namespace heatloop::runner
