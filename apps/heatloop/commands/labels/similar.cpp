// `heatloop labels similar --label ID`: the fleet's windows most like a label's span,
// proposed as labels with source similar:<id> (docs/labels.md "Find similar").
#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "commands/labels/labels_common.hpp"
#include "heatloop/core/text.hpp"
#include "heatloop/io/workspace.hpp"
#include "heatloop/similar/label_similar.hpp"

namespace heatloop::cli::labels {

namespace {

struct SimilarOptions {
    CommonOptions common;
    std::int64_t label = 0;
    std::size_t top = 20;
    std::string channels;  // comma-separated; empty = the default channels
    std::size_t max_points = similar::SearchOptions{}.max_points;
    bool include_labelled = false;
    bool dry_run = false;
};

void print_text(const similar::LabelSearchResult& r, bool dry_run) {
    fmt::print("label {} ({}, {} {} .. {}) on {}{}: {} units searched\n", r.query.id,
               r.query.category, r.query.unit_id, format_iso(r.query.start),
               format_iso(r.query.end), fmt::join(r.channels, ", "),
               r.factor > 1 ? fmt::format(" (means of {} steps)", r.factor) : std::string(),
               r.units_searched);
    if (!r.units_skipped.empty())
        fmt::print("not searched (lacking a channel): {}\n", fmt::join(r.units_skipped, ", "));
    fmt::print("{:>4}  {:<12} {:<20} {:<20} {:>8} {:>6}  {}\n", "rank", "unit", "start", "end",
               "distance", "corr", "state");
    for (const auto& h : r.hits)
        fmt::print("{:>4}  {:<12} {:<20} {:<20} {:>8.3f} {:>6.3f}  {}{}\n", h.rank, h.hit.unit_id,
                   format_iso(h.hit.start), format_iso(h.hit.end), h.hit.distance,
                   h.hit.correlation, h.state,
                   h.label ? fmt::format(" (label {})", h.label->id) : std::string());
    if (dry_run)
        fmt::print("dry run: nothing stored\n");
    else
        fmt::print("proposed {} labels with source {} as revision {} ({} already proposed)\n",
                   r.proposed, similar::similar_source(r.query.id), r.revision, r.already_proposed);
}

void run_similar(const SimilarOptions& o, const GlobalOptions& global) {
    similar::LabelSearchOptions so;
    so.top = o.top;
    so.channels = split_list(o.channels);
    so.max_points = o.max_points;
    so.include_labelled = o.include_labelled;
    so.propose = !o.dry_run;
    so.threads = static_cast<unsigned>(std::max(0, global.threads));
    const store::Actor who =
        o.dry_run ? store::Actor{"dry-run", ""} : actor(o.common);  // no $USER needed for a look
    Store s = open_store(o.common, global, true);
    const io::Workspace ws = io::Workspace::open(o.common.workspace);
    const similar::LabelSearchResult r = similar::find_similar(ws, *s.service, o.label, so, who);
    if (global.json)
        std::cout << similar::to_json(r).dump() << "\n";
    else
        print_text(r, o.dry_run);
}

}  // namespace

void add_similar(CLI::App& labels, const GlobalOptions& global) {
    auto o = std::make_shared<SimilarOptions>();
    auto* cmd = labels.add_subcommand(
        "similar",
        "the fleet's windows most like a label (z-normalised distance on its channels), "
        "proposed as labels with source similar:<id>, once");
    cmd->add_option("--label", o->label, "the label to search from (its id)")
        ->required()
        ->transform(int64_text());
    add_common_options(*cmd, o->common);
    cmd->add_option("--top", o->top, "how many windows (1-1000)")
        ->check(CLI::Range(1, 1000))
        ->capture_default_str();
    cmd->add_option("--channels", o->channels,
                    "channels to compare, comma-separated (default: those with data throughout "
                    "the label that every unit has, except t_outdoor)");
    cmd->add_option("--max-points", o->max_points,
                    "longer labels are compared on means of several steps, at most this many "
                    "points (8-100000)")
        ->check(CLI::Range(8, 100000))
        ->capture_default_str();
    cmd->add_flag("--include-labelled", o->include_labelled,
                  "also return windows overlapping labels of the same category");
    cmd->add_flag("--dry-run", o->dry_run, "only list the windows; store nothing");
    cmd->callback([o, &global] { run_similar(*o, global); });
}

}  // namespace heatloop::cli::labels
