// `heatloop labels`: the label store (import, export, list, add, edit, confirm, reject,
// split, history, categories, units, propose, similar). Each group of subcommands is one file in
// commands/labels/.
#include "commands/command.hpp"
#include "commands/labels/labels_common.hpp"

namespace heatloop::cli {

void add_labels(CLI::App& app, const GlobalOptions& global) {
    auto* cmd = app.add_subcommand(
        "labels", "the label store: import, export, list, add, edit, confirm, reject, history");
    cmd->require_subcommand(1);
    labels::add_import(*cmd, global);
    labels::add_export(*cmd, global);
    labels::add_list(*cmd, global);
    labels::add_add(*cmd, global);
    labels::add_edit(*cmd, global);
    labels::add_review(*cmd, global);
    labels::add_history(*cmd, global);
    labels::add_categories(*cmd, global);
    labels::add_units(*cmd, global);
    labels::add_propose(*cmd, global);
    labels::add_similar(*cmd, global);
}

}  // namespace heatloop::cli
