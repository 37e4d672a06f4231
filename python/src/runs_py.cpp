// Runs from Python: execute a run config (TOML text, a TOML file or a dict), list runs, read a
// run's stored outputs (scores per unit, alarms, evaluation, tracked metrics), re-evaluate
// against another label revision, compare two runs.
#include <nanobind/stl/filesystem.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>

#include <filesystem>

#include "bindings.hpp"
#include "convert.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/eval/result_json.hpp"
#include "heatloop/io/frame_file.hpp"
#include "heatloop/runner/compare_runs.hpp"
#include "heatloop/runner/run_outputs.hpp"
#include "heatloop/runner/runner.hpp"
#include "heatloop/tracking/run_json.hpp"
#include "session.hpp"

namespace heatloop::python {

nlohmann::json run_result_json(const runner::RunResult& r) {
    return {{"run_id", r.run_id},
            {"kind", models::kind_name(r.kind)},
            {"models", r.models},
            {"label_revision", r.label_revision},
            {"dataset_fingerprint", r.dataset_fingerprint},
            {"train_units", r.train_units},
            {"eval_units", r.eval_units},
            {"alarms", r.alarms},
            {"evaluation", r.evaluation_json}};
}

namespace {

nlohmann::json run_config(Session& s, const runner::RunConfig& config, unsigned threads) {
    nb::gil_scoped_release release;
    std::lock_guard lock(s.mutex());
    const io::Workspace ws = s.workspace();
    return run_result_json(runner::execute_run(config, s.environment(ws, threads)));
}

// The artifact directory of a run (id or unique prefix).
std::filesystem::path run_dir(Session& s, const std::string& run) {
    tracking::Tracker& t = s.tracker();
    return t.artifact_dir(t.store().get_run(run).id);
}

template <class F>
nb::object locked(Session& s, F&& work) {
    nlohmann::json j;
    {
        nb::gil_scoped_release release;
        std::lock_guard lock(s.mutex());
        j = work();
    }
    return to_py(j);
}

}  // namespace

void bind_runs(nb::module_& m) {
    m.def(
        "run_toml",
        [](Session& s, const std::string& text, const std::string& source, unsigned threads) {
            return to_py(run_config(s, runner::parse_run_config(text, source), threads));
        },
        nb::arg("session"), nb::arg("text"), nb::arg("source"), nb::arg("threads") = 0);
    m.def(
        "run_file",
        [](Session& s, const std::filesystem::path& file, unsigned threads) {
            return to_py(run_config(s, runner::load_run_config(file), threads));
        },
        nb::arg("session"), nb::arg("file"), nb::arg("threads") = 0);
    m.def("toml_from_dict", &toml_from_py, "A run configuration dict as TOML text.");
    m.def(
        "runs_list",
        [](Session& s, std::optional<std::string> experiment, int limit) {
            return locked(s, [&] {
                tracking::RunFilter f;
                f.experiment = std::move(experiment);
                f.limit = limit;
                nlohmann::json out = nlohmann::json::array();
                for (const auto& r : s.tracker().store().list_runs(f))
                    out.push_back(tracking::to_json(r));
                return out;
            });
        },
        nb::arg("session"), nb::arg("experiment") = nb::none(), nb::arg("limit") = 1000);
    m.def("run_get", [](Session& s, const std::string& run) {
        return locked(s, [&] { return tracking::to_json(s.tracker().store().get_run(run)); });
    });
    m.def("run_scores", [](Session& s, const std::string& run, const std::string& unit) {
        UnitFrame f;
        {
            nb::gil_scoped_release release;
            std::filesystem::path file;
            std::string id;
            {
                std::lock_guard lock(s.mutex());
                id = s.tracker().store().get_run(run).id;
                file = s.tracker().artifact_dir(id) / runner::unit_output_path(unit);
            }
            if (!std::filesystem::exists(file))
                throw NotFoundError("run " + id + " has no scores of unit " + unit);
            f = io::read_frame_file(file);
        }
        return frame_to_py(std::move(f));
    });
    m.def("run_json", [](Session& s, const std::string& run, const std::string& name) {
        if (name != "alarms.json" && name != "evaluation.json" && name != "summary.json" &&
            name != "curve.json")
            throw InvalidInputError("run_json: not a run document: " + name);
        return locked(s, [&] { return runner::read_json(run_dir(s, run) / name); });
    });
    m.def("run_metric_summaries", [](Session& s, const std::string& run) {
        return locked(s, [&] {
            auto& store = s.tracker().store();
            nlohmann::json out = nlohmann::json::array();
            for (const auto& ms : store.metric_summaries(store.get_run(run).id))
                out.push_back(tracking::to_json(ms));
            return out;
        });
    });
    m.def("run_params", [](Session& s, const std::string& run) {
        return locked(s, [&] {
            auto& store = s.tracker().store();
            nlohmann::json out = nlohmann::json::object();
            for (const auto& p : store.params(store.get_run(run).id)) out[p.key] = p.value;
            return out;
        });
    });
    m.def(
        "evaluate_run",
        [](Session& s, const std::string& run, std::optional<std::int64_t> revision, bool record,
           unsigned threads) {
            return locked(s, [&] {
                const io::Workspace ws = s.workspace();
                const runner::ReEvaluation r =
                    runner::reevaluate_run(run, revision, s.environment(ws, threads), record);
                nlohmann::json changes = nlohmann::json::array();
                auto num = [](double v) {
                    return std::isnan(v) ? nlohmann::json() : nlohmann::json(v);
                };
                for (const auto& c : r.changes)
                    changes.push_back({{"scope", c.scope},
                                       {"metric", c.metric},
                                       {"before", num(c.before)},
                                       {"after", num(c.after)}});
                return nlohmann::json{{"run_id", r.run_id},
                                      {"original_revision", r.original_revision},
                                      {"revision", r.revision},
                                      {"changes", changes},
                                      {"evaluation", eval::to_json(r.result)}};
            });
        },
        nb::arg("session"), nb::arg("run"), nb::arg("revision") = nb::none(),
        nb::arg("record") = true, nb::arg("threads") = 0);
    m.def(
        "compare_runs",
        [](Session& s, const std::string& baseline, const std::string& candidate,
           const std::string& metric, std::optional<std::int64_t> revision, std::uint64_t seed) {
            return locked(s, [&] {
                const io::Workspace ws = s.workspace();
                eval::CompareOptions o;
                o.seed = seed;
                return runner::to_json(runner::compare_stored_runs(
                    baseline, candidate, metric, revision, o, s.environment(ws, 0)));
            });
        },
        nb::arg("session"), nb::arg("baseline"), nb::arg("candidate"),
        nb::arg("metric") = "event_f1", nb::arg("revision") = nb::none(), nb::arg("seed") = 0);
}

}  // namespace heatloop::python
