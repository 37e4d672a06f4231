// `heatloop models list [--kind K]` and `heatloop models show NAME`: the model registry and
// each model's parameter table, read from the same declarations docs/models.md is generated
// from.
#include <fmt/format.h>

#include <iostream>
#include <optional>

#include "commands/command.hpp"
#include "heatloop/models/registry.hpp"

namespace heatloop::cli {

namespace {

nlohmann::json param_json(const models::ParamSpec& p) {
    nlohmann::json j = {{"name", p.name},
                        {"type", models::param_type_name(p.type)},
                        {"default", p.default_value},
                        {"bounds", models::describe_bounds(p)},
                        {"description", p.description}};
    if (!p.choices.empty()) j["choices"] = p.choices;
    return j;
}

nlohmann::json model_json(const models::ModelInfo& m, bool with_params) {
    nlohmann::json j = {
        {"name", m.name}, {"kind", models::kind_name(m.kind)}, {"summary", m.summary}};
    if (with_params) {
        j["params"] = nlohmann::json::array();
        for (const auto& p : m.params()) j["params"].push_back(param_json(p));
    }
    return j;
}

void list_models(const std::string& kind, const GlobalOptions& global) {
    std::optional<models::ModelKind> want;
    if (!kind.empty()) want = models::parse_kind(kind);
    nlohmann::json out = nlohmann::json::array();
    std::size_t width = 4;
    for (const auto& m : models::registered_models())
        if (!want || m.kind == *want) width = std::max(width, m.name.size());
    if (!global.json) fmt::print("{:<{}}  {:<13}  {}\n", "name", width, "kind", "summary");
    for (const auto& m : models::registered_models()) {
        if (want && m.kind != *want) continue;
        if (global.json)
            out.push_back(model_json(m, true));
        else
            fmt::print("{:<{}}  {:<13}  {}\n", m.name, width, models::kind_name(m.kind), m.summary);
    }
    if (global.json) std::cout << out.dump(2) << "\n";
}

void show_model(const std::string& name, const GlobalOptions& global) {
    const models::ModelInfo& m = models::find_model(name);
    if (global.json) {
        std::cout << model_json(m, true).dump(2) << "\n";
        return;
    }
    fmt::print("{} ({}): {}\n\n{}", m.name, models::kind_name(m.kind), m.summary,
               models::param_table_markdown(m.params()));
}

}  // namespace

void add_models(CLI::App& app, const GlobalOptions& global) {
    auto* cmd = app.add_subcommand("models", "the model registry: every model and its parameters");
    cmd->require_subcommand(1);
    auto kind = std::make_shared<std::string>();
    auto* list = cmd->add_subcommand("list", "every registered model with its kind and summary");
    list->add_option("--kind", *kind, "only models of this kind")
        ->check(CLI::IsMember({"detector", "forecaster", "classifier", "disaggregator"}));
    list->callback([kind, &global] { list_models(*kind, global); });
    auto name = std::make_shared<std::string>();
    auto* show = cmd->add_subcommand("show",
                                     "a model's parameter table (name, type, default, "
                                     "bounds, description)");
    show->add_option("name", *name, "registered model name")->required();
    show->callback([name, &global] { show_model(*name, global); });
    cmd->footer("--json prints the same as JSON. docs/models.md");
}

}  // namespace heatloop::cli
