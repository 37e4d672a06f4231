#include "heatloop/testbench/inputs.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "heatloop/core/error.hpp"
#include "heatloop/core/progress.hpp"
#include "heatloop/core/text.hpp"
#include "heatloop/models/registry.hpp"
#include "heatloop/runner/example_configs.hpp"
#include "heatloop/runner/run_config.hpp"
#include "heatloop/store/label_service.hpp"

namespace heatloop::testbench {

namespace {

BenchDetector from_config(const runner::RunConfig& c, const std::string& name,
                          const std::string& source) {
    if (c.model != name)
        throw InvalidInputError(
            fmt::format("{}: configures detector '{}', expected '{}'", source, c.model, name));
    return {name, c.params, c.alarms, c.seed, source};
}

}  // namespace

std::vector<BenchDetector> load_detectors(const std::string& names, const std::string& configs) {
    std::vector<std::string> list = split_list(names);
    if (list.empty())
        for (std::string_view n : models::detector_names()) list.emplace_back(n);
    if (!configs.empty() && !std::filesystem::is_directory(configs))
        throw NotFoundError(fmt::format("--configs: no directory {}", configs));
    std::vector<BenchDetector> out;
    for (const std::string& name : list) {
        models::find_detector(name);  // an unknown name lists the valid ones
        const std::filesystem::path file = std::filesystem::path(configs) / (name + ".toml");
        if (!configs.empty() && std::filesystem::exists(file)) {
            out.push_back(from_config(runner::load_run_config(file), name, file.string()));
            continue;
        }
        try {
            const std::string source = fmt::format("configs/{}.toml (built in)", name);
            out.push_back(from_config(
                runner::parse_run_config(runner::example_config(name), source), name, source));
        } catch (const NotFoundError&) {
            out.push_back({name, nlohmann::json::object(), alarms::AlarmPolicy{}, 0, "defaults"});
        }
    }
    return out;
}

std::vector<BenchUnit> load_units(const io::Workspace& ws, store::Db& db, bool progress) {
    std::vector<std::string> ids;
    for (const std::string& id : ws.unit_ids())
        if (ws.unit(id).data.rows > 0) ids.push_back(id);
    if (ids.empty())
        throw InvalidInputError(fmt::format(
            "workspace {} has no unit with sensor data; ingest some first", ws.root().string()));
    store::LabelService service(db);
    std::map<std::string, std::vector<eval::EvalLabel>> labels;
    for (const store::Label& l : service.list()) {
        if (l.status == store::LabelStatus::superseded) continue;
        eval::EvalLabel e{l.unit_id,  l.start,      l.end,
                          l.category, l.confidence, eval::LabelState::proposed};
        if (l.status == store::LabelStatus::confirmed) e.status = eval::LabelState::confirmed;
        if (l.status == store::LabelStatus::rejected) e.status = eval::LabelState::rejected;
        labels[l.unit_id].push_back(std::move(e));
    }
    std::vector<BenchUnit> units;
    Progress bar("loading", ids.size(), progress);
    for (const std::string& id : ids) {
        units.push_back({ws.load_unit_with_weather(id), ws.unit(id).info.type, labels[id]});
        units.back().frame.attributes() = unit_attributes(ws.unit(id).info);  // model inputs
        bar.add();
    }
    return units;
}

}  // namespace heatloop::testbench
