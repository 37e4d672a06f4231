// `heatloop labels categories [add NAME]` and `heatloop labels units`.
#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "commands/labels/labels_common.hpp"
#include "heatloop/core/error.hpp"

namespace heatloop::cli::labels {

namespace {

struct CategoryOptions {
    CommonOptions common;
    std::string name, description;
};

void print_categories(const std::vector<store::Category>& cats, const GlobalOptions& global) {
    if (global.json) {
        auto out = nlohmann::json::array();
        for (const auto& c : cats)
            out.push_back({{"name", c.name}, {"description", c.description}});
        std::cout << out.dump(2) << "\n";
        return;
    }
    for (const auto& c : cats) fmt::print("{:<22}  {}\n", c.name, c.description);
}

}  // namespace

void add_categories(CLI::App& labels, const GlobalOptions& global) {
    auto list = std::make_shared<CommonOptions>();
    auto* cmd = labels.add_subcommand("categories", "the label category taxonomy");
    // Not required here: `categories add NAME --workspace WS` gives it to `add`.
    cmd->add_option("--workspace,-w", list->workspace, "workspace directory");
    cmd->require_subcommand(0, 1);
    auto add = std::make_shared<CategoryOptions>();
    auto* add_cmd = cmd->add_subcommand("add", "add a category to the taxonomy");
    add_cmd->add_option("name", add->name, "a-z, 0-9 and _, starting with a letter")->required();
    add_cmd->add_option("--description", add->description, "what the category means");
    add_common_options(*add_cmd, add->common, false);
    add_cmd->callback([add, &global] {
        Store s = open_store(add->common, global, false);
        store::Category c = s.service->add_category(add->name, add->description);
        if (global.json)
            std::cout << nlohmann::json{{"name", c.name}, {"description", c.description}}.dump()
                      << "\n";
        else
            fmt::print("category {} added\n", c.name);
    });
    cmd->callback([cmd, list, &global] {
        if (cmd->got_subcommand("add")) return;
        if (list->workspace.empty())
            throw InvalidInputError("labels categories: --workspace is required");
        Store s = open_store(*list, global, false);
        print_categories(s.service->categories(), global);
    });
}

void add_units(CLI::App& labels, const GlobalOptions& global) {
    auto o = std::make_shared<CommonOptions>();
    auto* cmd = labels.add_subcommand(
        "units", "the units labels may refer to (synced from the workspace's data)");
    add_common_options(*cmd, *o, false);
    cmd->callback([o, &global] {
        Store s = open_store(*o, global, true);
        auto units = s.service->units();
        if (global.json) {
            auto out = nlohmann::json::array();
            for (const auto& u : units)
                out.push_back({{"unit_id", u.unit_id}, {"type", u.type}, {"location", u.location}});
            std::cout << out.dump(2) << "\n";
            return;
        }
        for (const auto& u : units)
            fmt::print("{:<12}  {:<6}  {}\n", u.unit_id, u.type, u.location);
    });
}

}  // namespace heatloop::cli::labels
