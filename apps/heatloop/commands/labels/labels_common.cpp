#include "commands/labels/labels_common.hpp"

#include <fmt/format.h>
#include <pwd.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <nlohmann/json.hpp>

#include "heatloop/core/error.hpp"
#include "heatloop/core/text.hpp"
#include "heatloop/io/workspace.hpp"
#include "heatloop/store/households.hpp"

namespace heatloop::cli::labels {

const CLI::Validator& int64_text() {
    static const CLI::Validator v(
        [](std::string& text) -> std::string {
            std::int64_t value = 0;
            const char* first = text.data();
            const char* last = text.data() + text.size();
            if (first != last && *first == '+') ++first;
            auto [end, ec] = std::from_chars(first, last, value);
            if (ec == std::errc::result_out_of_range)
                return fmt::format("{} is out of range (at most {})", visible(text),
                                   std::numeric_limits<std::int64_t>::max());
            if (ec != std::errc() || end != last || first == last)
                return fmt::format("'{}' is not a whole number", visible(text));
            text = std::to_string(value);  // canonical, so CLI11 reads "010" as ten
            return {};
        },
        "INT");
    return v;
}

void add_common_options(CLI::App& cmd, CommonOptions& o, bool changes) {
    add_workspace_option(cmd, o.workspace);
    if (!changes) return;
    // --user and --why are checked (valid UTF-8, no NUL) by the store before anything is
    // written: they go into the append-only history.
    cmd.add_option("--user", o.user, "who makes the change (default: $USER)");
    cmd.add_option("--why", o.why, "the reason, kept in the label history");
}

Store open_store(const CommonOptions& o, const GlobalOptions& global, bool sync_units) {
    const std::filesystem::path ws = o.workspace;
    const bool has_dir = std::filesystem::is_directory(ws);
    if (!has_dir && !store::is_postgres_url(global.db))
        throw NotFoundError(fmt::format(
            "workspace {}: no such directory (create it with `heatloop ingest ... --workspace {}`)",
            o.workspace, o.workspace));
    Store s;
    s.db = store::open_workspace_db(ws, global.db);
    s.service = std::make_unique<store::LabelService>(*s.db);
    // Units come from the workspace's ingested data; the store keeps its own copy so that
    // labels (also in PostgreSQL) can be checked against them.
    if (sync_units && has_dir && std::filesystem::exists(ws / "data" / "manifest.json")) {
        const io::Workspace workspace = io::Workspace::open(ws);
        auto units = workspace.units();
        if (!units.empty()) s.service->sync_units(units);
        auto households = workspace.households();
        if (!households.empty()) store::sync_households(*s.db, households);
    }
    return s;
}

store::Actor actor(const CommonOptions& o) {
    std::string who = o.user;
    if (who.empty())
        if (const char* u = std::getenv("USER"); u && *u) who = u;
    if (who.empty())
        if (const passwd* pw = getpwuid(geteuid()); pw && pw->pw_name) who = pw->pw_name;
    if (who.empty()) throw InvalidInputError("user: cannot tell who you are; pass --user NAME");
    return {who, o.why};
}

Timestamp parse_time_option(const std::string& text, std::string_view option) {
    try {
        return parse_utc(text);
    } catch (const InvalidInputError& e) {
        throw InvalidInputError(fmt::format("{}: {}", option, e.what()));
    }
}

void add_read_options(CLI::App& cmd, ReadOptions& o, bool filters) {
    auto* rev = cmd.add_option("--revision", o.revision, "the labels as of this revision")
                    ->transform(int64_text())
                    ->check(CLI::NonNegativeNumber);
    cmd.add_option("--as-of", o.as_of, "the labels as of this time (ISO 8601 UTC)")->excludes(rev);
    if (!filters) return;
    cmd.add_option("--unit", o.unit, "only labels of this unit");
    cmd.add_option("--status", o.status, "only labels with this status")
        ->check(CLI::IsMember({"proposed", "confirmed", "rejected", "superseded"}));
}

store::LabelQuery make_query(const ReadOptions& o) {
    store::LabelQuery q;
    q.revision = o.revision;
    if (!o.as_of.empty()) q.as_of = parse_time_option(o.as_of, "--as-of");
    if (!o.unit.empty()) q.unit_id = o.unit;
    if (!o.status.empty()) q.status = store::parse_status(o.status);
    return q;
}

void print_table(std::span<const store::Label> labels) {
    fmt::print("{:>6}  {:<10}  {:<20}  {:<20}  {:<20}  {:>4}  {:<10}  {:<12}  {:<10}  {:>3}  {}\n",
               "ID", "UNIT", "START", "END", "CATEGORY", "CONF", "STATUS", "SOURCE", "REVIEWER",
               "VER", "NOTES");
    for (const auto& l : labels)
        fmt::print(
            "{:>6}  {:<10}  {:<20}  {:<20}  {:<20}  {:>4.2f}  {:<10}  {:<12.12}  {:<10.10}  {:>3}  "
            "{}\n",
            l.id, l.unit_id, format_iso(l.start), format_iso(l.end), l.category, l.confidence,
            store::status_name(l.status), l.source, l.reviewer, l.version, l.notes);
}

void print_change(const store::Label& l, std::string_view verb, const GlobalOptions& global) {
    if (global.json) {
        std::cout << store::to_json(l).dump(2) << "\n";
        return;
    }
    fmt::print("label {} {}: {} {} .. {} {} ({}), version {}, revision {}\n", l.id, verb, l.unit_id,
               format_iso(l.start), format_iso(l.end), l.category, store::status_name(l.status),
               l.version, l.revision);
}

}  // namespace heatloop::cli::labels
