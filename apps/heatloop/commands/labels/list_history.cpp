// `heatloop labels list` and `heatloop labels history ID`.
#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "commands/labels/labels_common.hpp"

namespace heatloop::cli::labels {

namespace {

struct ListOptions {
    CommonOptions common;
    ReadOptions read;
};

void run_list(const ListOptions& o, const GlobalOptions& global) {
    Store s = open_store(o.common, global, false);
    auto q = make_query(o.read);
    auto labels = s.service->list(q);
    if (global.json) {
        auto out = nlohmann::json::array();
        for (const auto& l : labels) out.push_back(store::to_json(l));
        std::cout << out.dump(2) << "\n";
        return;
    }
    std::int64_t revision = q.revision ? *q.revision
                            : q.as_of  ? s.service->revision_at(*q.as_of)
                                       : s.service->current_revision();
    if (!labels.empty()) print_table(labels);
    fmt::print("{} label{} at revision {}\n", labels.size(), labels.size() == 1 ? "" : "s",
               revision);
}

struct HistoryOptions {
    CommonOptions common;
    std::int64_t id = 0;
};

// "notes: 'a' -> 'b'; status: proposed -> confirmed" for the fields a change touched.
std::string describe_change(const store::HistoryEntry& e) {
    if (!e.before) return "created";
    nlohmann::json a = store::to_json(*e.before), b = store::to_json(e.after);
    std::string out;
    for (auto& [key, value] : b.items()) {
        if (key == "version" || key == "revision" || key == "updated_at" || a[key] == value)
            continue;
        if (!out.empty()) out += "; ";
        out += fmt::format("{}: {} -> {}", key, a[key].dump(), value.dump());
    }
    return out;
}

void run_history(const HistoryOptions& o, const GlobalOptions& global) {
    Store s = open_store(o.common, global, false);
    auto entries = s.service->history(o.id);
    if (global.json) {
        auto out = nlohmann::json::array();
        for (const auto& e : entries) out.push_back(store::to_json(e));
        std::cout << out.dump(2) << "\n";
        return;
    }
    for (const auto& e : entries)
        fmt::print("revision {:<5} version {:<3} {}  {:<10} {:<9} {}{}\n", e.revision, e.version,
                   format_iso(e.at), e.who, e.action, describe_change(e),
                   e.why.empty() ? "" : fmt::format("  (why: {})", e.why));
}

}  // namespace

void add_list(CLI::App& labels, const GlobalOptions& global) {
    auto o = std::make_shared<ListOptions>();
    auto* cmd = labels.add_subcommand("list", "list labels (now or at a past revision or time)");
    add_common_options(*cmd, o->common, false);
    add_read_options(*cmd, o->read, true);
    cmd->callback([o, &global] { run_list(*o, global); });
}

void add_history(CLI::App& labels, const GlobalOptions& global) {
    auto o = std::make_shared<HistoryOptions>();
    auto* cmd = labels.add_subcommand("history", "every change of one label: who, when, what");
    cmd->add_option("id", o->id, "label id")->required()->transform(int64_text());
    add_common_options(*cmd, o->common, false);
    cmd->callback([o, &global] { run_history(*o, global); });
}

}  // namespace heatloop::cli::labels
