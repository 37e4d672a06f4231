// `heatloop runs note RUN`: print a run's note, or save a new version of it from --set TEXT or
// --file F ("-" for stdin), based on --version (the version edited; default the current one).
// Every version stays in the store (--history lists them).
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <iterator>

#include "commands/labels/labels_common.hpp"
#include "commands/runs/runs_common.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/tracking/run_json.hpp"

namespace heatloop::cli::runs {

namespace {

struct NoteOptions {
    std::string workspace;
    std::string run;
    std::string set;
    bool has_set = false;  // --set was given ("" clears the note)
    std::string file;
    std::optional<std::int64_t> version;
    std::string user;
    bool history = false;
};

// At most one byte over the limit is read, so a huge file costs no memory: the store refuses
// it naming the limit.
std::string read_note_file(const std::string& file) {
    constexpr std::size_t cap = tracking::RunStore::k_max_note_bytes + 1;
    std::string text;
    auto read = [&](std::istream& in) {
        text.resize(cap);
        in.read(text.data(), static_cast<std::streamsize>(cap));
        text.resize(static_cast<std::size_t>(in.gcount()));
        if (in.bad()) throw IoError(fmt::format("{}: read failed", file));
    };
    if (file == "-") {
        read(std::cin);
        return text;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) throw NotFoundError(fmt::format("{}: cannot open the note file", file));
    read(in);
    return text;
}

void print_note(const tracking::RunNote& n) {
    if (n.version == 0) {
        fmt::print("run {} has no note\n", n.run_id);
        return;
    }
    fmt::print("version {}, saved by {} at {}\n\n{}\n", n.version, n.author,
               format_iso(n.written_at), n.text.empty() ? "(cleared)" : n.text);
}

void run_note(const NoteOptions& o, const GlobalOptions& global) {
    auto tracker = open_tracker(o.workspace, global, true, false);
    auto& store = tracker->store();
    const tracking::RunInfo run = store.get_run(o.run);
    if (o.history) {
        const auto versions = store.note_history(run.id);
        if (global.json) {
            auto out = nlohmann::json::array();
            for (const auto& n : versions) out.push_back(tracking::to_json(n));
            std::cout << out.dump(2) << "\n";
        } else if (versions.empty()) {
            fmt::print("run {} has no note\n", run.id);
        } else {
            for (const auto& n : versions) {
                print_note(n);
                fmt::print("\n");
            }
        }
        return;
    }
    tracking::RunNote note = store.note(run.id);
    const bool saving = o.has_set || !o.file.empty();
    if (saving) {
        const std::string text = o.has_set ? o.set : read_note_file(o.file);
        labels::CommonOptions who;
        who.user = o.user;
        note =
            store.set_note(run.id, o.version.value_or(note.version), text, labels::actor(who).who);
        // With --mlflow an ended run's note goes out now; else at the next `runs sync`.
        if (!global.mlflow.empty() && run.status != tracking::RunStatus::running) {
            try {
                tracking::MlflowMirror(store, o.workspace, global.mlflow).sync_run(run.id);
            } catch (const Error& e) {
                fmt::print(stderr,
                           "warning: run {}: note saved, not mirrored ({}); `heatloop runs sync "
                           "--mlflow {}` sends it later\n",
                           run.id, e.what(), global.mlflow);
            }
        }
    }
    if (global.json)
        std::cout << tracking::to_json(note).dump(2) << "\n";
    else if (saving)
        fmt::print("run {}: note version {} saved by {}\n", run.id, note.version, note.author);
    else
        print_note(note);
}

}  // namespace

void add_note(CLI::App& runs, const GlobalOptions& global) {
    auto o = std::make_shared<NoteOptions>();
    auto* cmd = runs.add_subcommand(
        "note",
        "print a run's note (its description, MLflow's mlflow.note.content), or save a "
        "new version of it; every version is kept");
    cmd->add_option("run", o->run, "run id or a unique prefix of it (at least 4 digits)")
        ->required();
    add_workspace_option(*cmd, o->workspace);
    auto* set = cmd->add_option("--set", o->set, "save this text as the note (\"\" clears it)");
    auto* file = cmd->add_option("--file", o->file,
                                 "save the contents of this file as the note (- for stdin)")
                     ->excludes(set);
    cmd->add_option("--version", o->version,
                    "the note version this edit is based on (default: the current one); a "
                    "stale version is a conflict (exit 4)")
        ->transform(labels::int64_text());
    cmd->add_option("--user", o->user, "who writes the note (default: $USER)");
    cmd->add_flag("--history", o->history, "print every saved version, oldest first")
        ->excludes(set)
        ->excludes(file);
    cmd->callback([o, set, &global] {
        o->has_set = set->count() > 0;
        run_note(*o, global);
    });
}

}  // namespace heatloop::cli::runs
