// `heatloop labels add | edit | confirm | reject | split`: one change, one revision. Every
// change of an existing label names the version it is based on (--version).
#include <fmt/format.h>

#include "commands/labels/labels_common.hpp"

namespace heatloop::cli::labels {

namespace {

struct AddOptions {
    CommonOptions common;
    std::string unit, start, end, category, notes, reviewer, status = "proposed", source = "human";
    double confidence = 1.0;
};

void run_add(const AddOptions& o, const GlobalOptions& global) {
    store::Actor who = actor(o.common);
    store::LabelDraft d;
    d.unit_id = o.unit;
    d.start = parse_time_option(o.start, "--start");
    d.end = parse_time_option(o.end, "--end");
    d.category = o.category;
    d.confidence = o.confidence;
    d.status = store::parse_status(o.status);
    d.source = o.source;
    d.reviewer = o.reviewer.empty() ? who.who : o.reviewer;
    d.notes = o.notes;
    Store s = open_store(o.common, global, true);
    print_change(s.service->add(d, who), "added", global);
}

struct EditOptions {
    CommonOptions common;
    std::int64_t id = 0, version = 0;
    std::optional<std::string> start, end, category, notes, reviewer;
    std::optional<double> confidence;
};

void run_edit(const EditOptions& o, const GlobalOptions& global) {
    store::Actor who = actor(o.common);
    store::LabelPatch p;
    if (o.start) p.start = parse_time_option(*o.start, "--start");
    if (o.end) p.end = parse_time_option(*o.end, "--end");
    p.category = o.category;
    p.confidence = o.confidence;
    p.notes = o.notes;
    p.reviewer = o.reviewer;
    Store s = open_store(o.common, global, false);
    print_change(s.service->edit(o.id, o.version, p, who), "edited", global);
}

struct ReviewOptions {
    CommonOptions common;
    std::int64_t id = 0, version = 0;
    std::string at;
};

void add_id_version(CLI::App& cmd, ReviewOptions& o) {
    cmd.add_option("id", o.id, "label id")->required()->transform(int64_text());
    cmd.add_option("--version", o.version, "the label version this change is based on")
        ->required()
        ->transform(int64_text());
    add_common_options(cmd, o.common);
}

}  // namespace

void add_add(CLI::App& labels, const GlobalOptions& global) {
    auto o = std::make_shared<AddOptions>();
    auto* cmd = labels.add_subcommand("add", "create one label");
    add_common_options(*cmd, o->common);
    cmd->add_option("--unit", o->unit, "unit id")->required();
    cmd->add_option("--start", o->start, "start (ISO 8601 UTC, inclusive)")->required();
    cmd->add_option("--end", o->end, "end (ISO 8601 UTC, exclusive)")->required();
    cmd->add_option("--category", o->category, "category (see `labels categories`)")->required();
    cmd->add_option("--confidence", o->confidence, "0..1")->capture_default_str();
    cmd->add_option("--status", o->status, "proposed, confirmed or rejected")
        ->capture_default_str()
        ->check(CLI::IsMember({"proposed", "confirmed", "rejected"}));
    cmd->add_option("--source", o->source,
                    "provenance: human, field_visit, service_ticket, import or run:<id>")
        ->capture_default_str();
    cmd->add_option("--notes", o->notes, "free text");
    cmd->add_option("--reviewer", o->reviewer, "reviewer (default: the user)");
    cmd->callback([o, &global] { run_add(*o, global); });
}

void add_edit(CLI::App& labels, const GlobalOptions& global) {
    auto o = std::make_shared<EditOptions>();
    auto* cmd = labels.add_subcommand("edit", "change fields of a label");
    cmd->add_option("id", o->id, "label id")->required()->transform(int64_text());
    cmd->add_option("--version", o->version, "the label version this edit is based on")
        ->required()
        ->transform(int64_text());
    add_common_options(*cmd, o->common);
    cmd->add_option("--start", o->start, "new start");
    cmd->add_option("--end", o->end, "new end");
    cmd->add_option("--category", o->category, "new category");
    cmd->add_option("--confidence", o->confidence, "new confidence (0..1)");
    cmd->add_option("--notes", o->notes, "new notes");
    cmd->add_option("--reviewer", o->reviewer, "new reviewer");
    cmd->callback([o, &global] { run_edit(*o, global); });
}

void add_review(CLI::App& labels, const GlobalOptions& global) {
    auto c = std::make_shared<ReviewOptions>();
    auto* confirm = labels.add_subcommand("confirm", "confirm a label (you become its reviewer)");
    add_id_version(*confirm, *c);
    confirm->callback([c, &global] {
        Store s = open_store(c->common, global, false);
        print_change(s.service->confirm(c->id, c->version, actor(c->common)), "confirmed", global);
    });
    auto r = std::make_shared<ReviewOptions>();
    auto* reject = labels.add_subcommand("reject", "reject a label (you become its reviewer)");
    add_id_version(*reject, *r);
    reject->callback([r, &global] {
        Store s = open_store(r->common, global, false);
        print_change(s.service->reject(r->id, r->version, actor(r->common)), "rejected", global);
    });
    auto p = std::make_shared<ReviewOptions>();
    auto* split =
        labels.add_subcommand("split", "supersede a label by two labels that meet at --at");
    add_id_version(*split, *p);
    split->add_option("--at", p->at, "where the first part ends and the second starts")->required();
    split->callback([p, &global] {
        Timestamp at = parse_time_option(p->at, "--at");
        Store s = open_store(p->common, global, false);
        auto [a, b] = s.service->split(p->id, p->version, at, actor(p->common));
        print_change(a, fmt::format("split from label {}", p->id), global);
        print_change(b, fmt::format("split from label {}", p->id), global);
    });
}

}  // namespace heatloop::cli::labels
