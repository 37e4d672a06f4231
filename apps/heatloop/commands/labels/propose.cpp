// `heatloop labels propose --run RUN`: every alarm of a detector run as a proposed label
// (source run:<id>), in one revision, for reviewers to confirm or reject in the web app.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "commands/labels/labels_common.hpp"
#include "commands/runs/runs_common.hpp"
#include "heatloop/alarms/alarm_event.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/core/text.hpp"
#include "heatloop/runner/run_outputs.hpp"

namespace heatloop::cli::labels {

namespace {

struct ProposeOptions {
    CommonOptions common;
    std::string run;
    std::string category = "shower_event";
    std::string units;  // comma-separated; empty = every unit of the run
    double confidence = 0.5;
};

// The alarms of a detector run; InvalidInputError for a run of another kind.
std::vector<alarms::AlarmEvent> run_alarms(const std::filesystem::path& dir,
                                           const std::string& run_id) {
    const nlohmann::json summary = runner::read_json(dir / "summary.json");
    const std::string kind = summary.is_object() ? summary.value("kind", "detector") : "";
    if (kind != "detector")
        throw InvalidInputError(fmt::format(
            "labels propose: run {} is a {} run; only a detector run has alarms to propose", run_id,
            kind.empty() ? "malformed" : kind));
    const nlohmann::json doc = runner::read_json(dir / "alarms.json");
    if (!doc.is_array())
        throw InvalidInputError(
            fmt::format("{}: expected an array of alarms", (dir / "alarms.json").string()));
    std::vector<alarms::AlarmEvent> out;
    for (const auto& a : doc) out.push_back(alarms::alarm_from_json(a));
    return out;
}

// What a proposed label's notes say: the run and the alarm's peak.
std::string alarm_notes(const std::string& run_id, const alarms::AlarmEvent& a) {
    return fmt::format("alarm of run {}: peak score {:.4g} at {}", run_id, a.peak_score,
                       format_iso(a.peak_time));
}

void run_propose(const ProposeOptions& o, const GlobalOptions& global) {
    const store::Actor who = actor(o.common);
    auto tracker = runs::open_tracker(o.common.workspace, global, /*must_exist=*/true,
                                      /*mirror=*/false);
    const tracking::RunInfo info = tracker->store().get_run(o.run);
    std::vector<alarms::AlarmEvent> alarms = run_alarms(tracker->artifact_dir(info.id), info.id);
    if (!o.units.empty()) {
        const auto wanted = split_list(o.units);
        const std::set<std::string> units(wanted.begin(), wanted.end());
        std::erase_if(alarms, [&](const auto& a) { return !units.contains(a.unit_id); });
    }
    const std::string source = "run:" + info.id;
    store::check_source(source);

    Store s = open_store(o.common, global, true);
    // Idempotent: an alarm already proposed from this run is not proposed again, whatever
    // became of its label since (confirmed, rejected, moved or recategorised): a label of this
    // source with the alarm's span and category, or with the alarm's peak in its notes, counts.
    using Key = std::tuple<std::string, Timestamp, Timestamp, std::string>;
    std::set<Key> existing;
    std::set<std::pair<std::string, std::string>> noted;  // (unit, notes)
    for (const store::Label& l : s.service->list())
        if (l.source == source) {
            existing.insert({l.unit_id, l.start, l.end, l.category});
            noted.insert({l.unit_id, l.notes});
        }
    store::LabelFile file;
    file.name = fmt::format("run {}", info.id);
    std::size_t already = 0;
    for (const auto& a : alarms) {
        const std::string notes = alarm_notes(info.id, a);
        if (existing.contains({a.unit_id, a.start, a.end, o.category}) ||
            noted.contains({a.unit_id, notes})) {
            ++already;
            continue;
        }
        store::LabelDraft d;
        d.unit_id = a.unit_id;
        d.start = a.start;
        d.end = a.end;
        d.category = o.category;
        d.confidence = o.confidence;
        d.status = store::LabelStatus::proposed;
        d.source = source;
        d.notes = notes;
        file.rows.push_back(
            {{file.name, static_cast<long>(file.rows.size() + 1), 0}, std::move(d), true});
        existing.insert({a.unit_id, a.start, a.end, o.category});
    }
    std::int64_t revision = s.service->current_revision();
    std::size_t added = 0;
    if (!file.rows.empty()) {
        const store::ImportResult r = s.service->import_labels(file, who);
        revision = r.revision;
        added = r.imported;
    }
    if (global.json)
        std::cout << nlohmann::json{{"run_id", info.id},
                                    {"alarms", alarms.size()},
                                    {"proposed", added},
                                    {"already_proposed", already},
                                    {"revision", revision}}
                         .dump()
                  << "\n";
    else if (added > 0)
        fmt::print("proposed {} {} labels from run {} as revision {} ({} already proposed)\n",
                   added, o.category, info.id, revision, already);
    else if (alarms.empty())
        fmt::print("nothing to propose: run {} has no alarms{}\n", info.id,
                   o.units.empty() ? std::string() : fmt::format(" on {}", o.units));
    else
        fmt::print("nothing new: the {} alarms of run {} are already proposed\n", alarms.size(),
                   info.id);
}

}  // namespace

void add_propose(CLI::App& labels, const GlobalOptions& global) {
    auto o = std::make_shared<ProposeOptions>();
    auto* cmd = labels.add_subcommand(
        "propose",
        "every alarm of a detector run as a proposed label (source run:<id>), one revision");
    cmd->add_option("--run", o->run, "the run id (or a unique prefix)")->required();
    add_common_options(*cmd, o->common);
    cmd->add_option("--category", o->category, "category of the proposed labels")
        ->capture_default_str();
    cmd->add_option("--units", o->units, "only these units (comma-separated)");
    cmd->add_option("--confidence", o->confidence, "confidence of the proposed labels")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    cmd->callback([o, &global] { run_propose(*o, global); });
}

}  // namespace heatloop::cli::labels
