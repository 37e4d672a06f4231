#pragma once
// Shared pieces of the `labels` subcommands: opening the label store of a workspace (with
// its units synced from the workspace's data), the acting user, time options and printing.

#include <memory>
#include <optional>
#include <span>
#include <string>

#include "commands/command.hpp"
#include "heatloop/store/db.hpp"
#include "heatloop/store/label_service.hpp"

namespace heatloop::cli::labels {

// Subcommand setup functions, one group per file.
void add_import(CLI::App& labels, const GlobalOptions& global);
void add_export(CLI::App& labels, const GlobalOptions& global);
void add_list(CLI::App& labels, const GlobalOptions& global);
void add_history(CLI::App& labels, const GlobalOptions& global);
void add_add(CLI::App& labels, const GlobalOptions& global);
void add_edit(CLI::App& labels, const GlobalOptions& global);
void add_review(CLI::App& labels, const GlobalOptions& global);  // confirm, reject, split
void add_categories(CLI::App& labels, const GlobalOptions& global);
void add_units(CLI::App& labels, const GlobalOptions& global);
void add_propose(CLI::App& labels, const GlobalOptions& global);  // a run's alarms
void add_similar(CLI::App& labels, const GlobalOptions& global);  // windows like a label

// Options every labels subcommand takes.
struct CommonOptions {
    std::string workspace;
    std::string user;  // who makes a change ($USER when empty)
    std::string why;   // recorded in the history
};

// Checks an integer option's text before CLI11 converts it (use with ->transform()): decimal
// digits (with an optional sign) within the range of int64, rewritten without leading zeros.
// CLI11 alone reads "010" as octal and turns 99999999999999999999 into 9223372036854775807
// without a word.
const CLI::Validator& int64_text();

// Adds --workspace (required), --user and --why to a subcommand.
void add_common_options(CLI::App& cmd, CommonOptions& o, bool changes = true);

// The label store of a workspace, open and migrated.
struct Store {
    std::unique_ptr<store::Db> db;
    std::unique_ptr<store::LabelService> service;
};

// Opens the store (PostgreSQL with --db, else <workspace>/heatloop.db). With `sync_units`,
// the units the workspace has data for are upserted first, so labels can refer to them.
// NotFoundError when the workspace directory does not exist and no --db is given.
Store open_store(const CommonOptions& o, const GlobalOptions& global, bool sync_units);

// The acting user: --user, else $USER, else the login name; InvalidInputError when none.
store::Actor actor(const CommonOptions& o);

// A time option ("2024-01-01T06:00:00Z", a date, or epoch seconds/ms); InvalidInputError
// naming the option.
Timestamp parse_time_option(const std::string& text, std::string_view option);

// The read options of list and export.
struct ReadOptions {
    std::optional<std::int64_t> revision;
    std::string as_of;
    std::string unit;
    std::string status;
};
void add_read_options(CLI::App& cmd, ReadOptions& o, bool filters);
store::LabelQuery make_query(const ReadOptions& o);

// Prints labels as a table on stdout.
void print_table(std::span<const store::Label> labels);
// Prints one changed label: its JSON object with --json, else "label 3 confirmed: ...".
void print_change(const store::Label& l, std::string_view verb, const GlobalOptions& global);

}  // namespace heatloop::cli::labels
