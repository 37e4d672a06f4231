// Runs whose per-unit work is fanned out (heatloop.dask, docs/python.md): the driver's run
// hands its work items to a Python callable (which submits them to a cluster), the workers
// carry them out with run_unit_work. Both release the GIL while C++ works.
#include <nanobind/stl/filesystem.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <fmt/format.h>

#include <filesystem>
#include <mutex>

#include "bindings.hpp"
#include "convert.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/io/workspace.hpp"
#include "heatloop/runner/fan_out.hpp"
#include "heatloop/runner/runner.hpp"
#include "session.hpp"

namespace heatloop::python {

nlohmann::json run_result_json(const runner::RunResult& r);  // runs_py.cpp

namespace {

nb::bytes to_bytes(const std::string& s) {
    return nb::bytes(s.data(), s.size());
}

// The fan-out of a run as a Python callable: execute(shared, items, units) -> list of bytes.
class PyFanOut final : public runner::FanOut {
public:
    explicit PyFanOut(nb::object execute) : execute_(std::move(execute)) {}

    std::vector<std::string> execute(const std::string& shared,
                                     std::span<const runner::UnitWorkItem> items) const override {
        nb::gil_scoped_acquire gil;
        nb::list data, units;
        for (const runner::UnitWorkItem& item : items) {
            data.append(to_bytes(item.data));
            units.append(nb::str(item.unit_id.c_str(), item.unit_id.size()));
        }
        nb::object out = execute_(to_bytes(shared), data, units);
        std::vector<std::string> results;
        for (nb::handle h : out) {
            if (!nb::isinstance<nb::bytes>(h))
                throw InvalidInputError("the fan-out returned something other than bytes");
            auto b = nb::borrow<nb::bytes>(h);
            results.emplace_back(b.c_str(), b.size());
        }
        return results;
    }

private:
    nb::object execute_;
};

}  // namespace

void bind_fan_out(nb::module_& m) {
    m.def(
        "run_fan_out",
        [](Session& s, const std::string& text, const std::string& source, unsigned threads,
           nb::object execute) {
            const runner::RunConfig config = runner::parse_run_config(text, source);
            const PyFanOut fan_out(std::move(execute));
            nlohmann::json result;
            {
                nb::gil_scoped_release release;
                std::lock_guard lock(s.mutex());
                const io::Workspace ws = s.workspace();
                runner::RunEnvironment env = s.environment(ws, threads);
                env.fan_out = &fan_out;
                result = run_result_json(runner::execute_run(config, env));
            }
            return to_py(result);
        },
        nb::arg("session"), nb::arg("text"), nb::arg("source"), nb::arg("threads"),
        nb::arg("execute"),
        "Runs a config (TOML text) with its per-unit work handed to execute(shared, items, "
        "units), which returns run_unit_work's result bytes for every item, in order.");
    m.def(
        "run_unit_work",
        [](const std::filesystem::path& workspace, nb::bytes shared, std::vector<nb::bytes> items,
           int threads) {
            const std::string shared_data(shared.c_str(), shared.size());
            std::vector<std::string> data;
            data.reserve(items.size());
            for (const nb::bytes& b : items) data.emplace_back(b.c_str(), b.size());
            std::vector<std::string> out;
            {
                nb::gil_scoped_release release;
                const io::Workspace ws = io::Workspace::open(workspace);
                out = runner::run_unit_work(ws, shared_data, data, threads);
            }
            nb::list results;
            for (const std::string& r : out) results.append(to_bytes(r));
            return results;
        },
        nb::arg("workspace"), nb::arg("shared"), nb::arg("items"), nb::arg("threads") = 1,
        "A worker's part of a fanned-out run: the result bytes of each work item, in order.");
}

}  // namespace heatloop::python
