// The label store from Python: list (current, at a revision or a past time), add, edit,
// confirm, reject, split, delete with versions (a stale version raises ConflictError),
// history, import, categories. Label objects cross as the JSON objects of store/label.hpp.
#include <nanobind/stl/filesystem.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>

#include "bindings.hpp"
#include "convert.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/store/label_file.hpp"
#include "heatloop/store/label_service.hpp"
#include "session.hpp"

namespace heatloop::python {

namespace {

// Runs `work` on the label service with the GIL released and the database locked.
template <class F>
nlohmann::json with_labels(Session& s, bool sync, F&& work) {
    nb::gil_scoped_release release;
    std::lock_guard lock(s.mutex());
    if (sync) s.sync_units();
    return work(s.labels());
}

nlohmann::json labels_json(const std::vector<store::Label>& labels) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& l : labels) out.push_back(store::to_json(l));
    return out;
}

}  // namespace

void bind_labels(nb::module_& m) {
    m.def(
        "labels_list",
        [](Session& s, std::optional<std::int64_t> revision, std::optional<Timestamp> as_of,
           std::optional<std::string> unit, std::optional<std::string> status) {
            store::LabelQuery q;
            q.revision = revision;
            q.as_of = as_of;
            q.unit_id = std::move(unit);
            if (status) q.status = store::parse_status(*status);
            return to_py(with_labels(s, false, [&](store::LabelService& l) {
                nlohmann::json j;
                j["revision"] =
                    revision ? *revision : (as_of ? l.revision_at(*as_of) : l.current_revision());
                j["labels"] = labels_json(l.list(q));
                return j;
            }));
        },
        nb::arg("session"), nb::arg("revision") = nb::none(), nb::arg("as_of") = nb::none(),
        nb::arg("unit") = nb::none(), nb::arg("status") = nb::none());
    m.def("labels_get", [](Session& s, std::int64_t id) {
        return to_py(with_labels(
            s, false, [&](store::LabelService& l) { return store::to_json(l.get(id)); }));
    });
    m.def(
        "labels_add",
        [](Session& s, const std::string& unit, Timestamp start, Timestamp end,
           const std::string& category, double confidence, const std::string& status,
           const std::string& source, const std::string& reviewer, const std::string& notes,
           const std::string& who, const std::string& why) {
            store::LabelDraft d;
            d.unit_id = unit;
            d.start = start;
            d.end = end;
            d.category = category;
            d.confidence = confidence;
            d.status = store::parse_status(status);
            d.source = source;
            d.reviewer = reviewer;
            d.notes = notes;
            return to_py(with_labels(s, true, [&](store::LabelService& l) {
                return store::to_json(l.add(d, {who, why}));
            }));
        },
        nb::arg("session"), nb::arg("unit"), nb::arg("start"), nb::arg("end"), nb::arg("category"),
        nb::arg("confidence"), nb::arg("status"), nb::arg("source"), nb::arg("reviewer"),
        nb::arg("notes"), nb::arg("who"), nb::arg("why"));
    m.def(
        "labels_edit",
        [](Session& s, std::int64_t id, std::int64_t version, const std::string& who,
           const std::string& why, std::optional<Timestamp> start, std::optional<Timestamp> end,
           std::optional<std::string> category, std::optional<double> confidence,
           std::optional<std::string> notes, std::optional<std::string> reviewer) {
            store::LabelPatch p{
                start, end, std::move(category), confidence, std::move(notes), std::move(reviewer)};
            return to_py(with_labels(s, true, [&](store::LabelService& l) {
                return store::to_json(l.edit(id, version, p, {who, why}));
            }));
        },
        nb::arg("session"), nb::arg("id"), nb::arg("version"), nb::arg("who"), nb::arg("why"),
        nb::arg("start") = nb::none(), nb::arg("end") = nb::none(),
        nb::arg("category") = nb::none(), nb::arg("confidence") = nb::none(),
        nb::arg("notes") = nb::none(), nb::arg("reviewer") = nb::none());
    m.def("labels_confirm", [](Session& s, std::int64_t id, std::int64_t version,
                               const std::string& who, const std::string& why) {
        return to_py(with_labels(s, false, [&](store::LabelService& l) {
            return store::to_json(l.confirm(id, version, {who, why}));
        }));
    });
    m.def("labels_reject", [](Session& s, std::int64_t id, std::int64_t version,
                              const std::string& who, const std::string& why) {
        return to_py(with_labels(s, false, [&](store::LabelService& l) {
            return store::to_json(l.reject(id, version, {who, why}));
        }));
    });
    m.def("labels_delete", [](Session& s, std::int64_t id, std::int64_t version,
                              const std::string& who, const std::string& why) {
        with_labels(s, false, [&](store::LabelService& l) {
            l.remove(id, version, {who, why});
            return nlohmann::json();
        });
    });
    m.def("labels_history", [](Session& s, std::int64_t id) {
        return to_py(with_labels(s, false, [&](store::LabelService& l) {
            nlohmann::json out = nlohmann::json::array();
            for (const auto& e : l.history(id)) out.push_back(store::to_json(e));
            return out;
        }));
    });
    m.def("labels_import", [](Session& s, const std::filesystem::path& file, const std::string& who,
                              const std::string& why) {
        return to_py(with_labels(s, true, [&](store::LabelService& l) {
            const store::ImportResult r = l.import_labels(store::read_label_file(file), {who, why});
            return nlohmann::json{{"revision", r.revision}, {"imported", r.imported}};
        }));
    });
    m.def("labels_categories", [](Session& s) {
        return to_py(with_labels(s, false, [&](store::LabelService& l) {
            nlohmann::json out = nlohmann::json::object();
            for (const auto& c : l.categories()) out[c.name] = c.description;
            return out;
        }));
    });
}

}  // namespace heatloop::python
