#pragma once
// The checks both label file targets make (fuzz_labels_csv, fuzz_labels_json): the reader
// never throws, every accepted row is a valid label, and accepted rows survive `labels
// export` and a re-import, in CSV (which has no source column) and in JSON.

#include <cmath>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "heatloop/store/label.hpp"
#include "heatloop/store/label_file.hpp"

namespace heatloop::fuzz {

inline std::vector<store::LabelDraft> accepted(const store::LabelFile& f) {
    std::vector<store::LabelDraft> out;
    for (const store::LabelFileRow& r : f.rows)
        if (r.ok) out.push_back(r.draft);
    return out;
}

// The drafts of an export of `labels` in `format`, read back.
inline std::vector<store::LabelDraft> reimport(const std::vector<store::Label>& labels,
                                               store::LabelFileFormat format) {
    std::ostringstream out;
    store::write_labels(out, labels, format);
    const store::LabelFile back = store::parse_label_text(out.str(), format, "export");
    FUZZ_CHECK(back.problems.empty());
    FUZZ_CHECK(back.rows.size() == labels.size());
    return accepted(back);
}

inline void check_label_text(std::string_view text, store::LabelFileFormat format) {
    const store::LabelFile file = store::parse_label_text(text, format, "fuzz");
    for (const store::FileProblem& p : file.problems)
        FUZZ_CHECK(!p.reason.empty() && p.where.file == "fuzz");
    std::vector<store::Label> labels;
    for (const store::LabelDraft& d : accepted(file)) {
        FUZZ_CHECK(!d.unit_id.empty() && !d.category.empty());
        FUZZ_CHECK(d.start < d.end);
        FUZZ_CHECK(std::isfinite(d.confidence) && d.confidence >= 0.0 && d.confidence <= 1.0);
        FUZZ_CHECK(store::is_valid_source(d.source));
        store::Label l;
        l.id = static_cast<std::int64_t>(labels.size()) + 1;
        l.unit_id = d.unit_id;
        l.start = d.start;
        l.end = d.end;
        l.category = d.category;
        l.confidence = d.confidence;
        l.status = d.status;
        l.source = d.source;
        l.reviewer = d.reviewer;
        l.notes = d.notes;
        l.version = 1;
        labels.push_back(l);
    }
    std::vector<store::LabelDraft> json = reimport(labels, store::LabelFileFormat::json);
    std::vector<store::LabelDraft> csv = reimport(labels, store::LabelFileFormat::csv);
    const std::vector<store::LabelDraft> drafts = accepted(file);
    FUZZ_CHECK(json == drafts);
    FUZZ_CHECK(csv.size() == drafts.size());
    for (std::size_t i = 0; i < csv.size(); ++i) {
        csv[i].source = drafts[i].source;  // a CSV export has no source column
        FUZZ_CHECK(csv[i] == drafts[i]);
    }
}

}  // namespace heatloop::fuzz
