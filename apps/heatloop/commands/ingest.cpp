// `heatloop ingest FILE... --workspace WS`: read exports into the workspace dataset cache,
// all or nothing (docs/workspace.md).
#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "commands/command.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/io/ingest.hpp"

namespace heatloop::cli {

namespace {

struct IngestArgs {
    std::vector<std::string> files;
    std::string workspace, format = "auto", tz, resample, ffill_max_gap, map_file,
                           on_error = "fail";
    std::vector<std::string> maps;
};

// "Vendor name=channel" (split at the last '=', so a vendor name may contain one).
std::pair<std::string, std::string> parse_map(const std::string& text) {
    const auto eq = text.rfind('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
        throw InvalidInputError(
            fmt::format("--map '{}': expected \"Vendor column name=channel\"", text));
    return {text.substr(0, eq), text.substr(eq + 1)};
}

io::IngestOptions to_options(const IngestArgs& a, bool json) {
    io::IngestOptions o;
    o.format = io::parse_format(a.format);
    o.tz = a.tz;
    if (!a.resample.empty()) o.step = parse_duration(a.resample);
    if (!a.ffill_max_gap.empty()) o.ffill_max_gap = parse_duration(a.ffill_max_gap);
    if (!a.map_file.empty()) o.column_map = io::load_column_map(a.map_file);
    for (const std::string& m : a.maps) {
        auto [from, to] = parse_map(m);
        o.column_map[from] = to;  // --map wins over --map-file
    }
    o.on_error = a.on_error == "skip" ? io::OnError::skip : io::OnError::fail;
    o.progress = !json;
    return o;
}

void print_summary(const io::IngestReport& r) {
    fmt::print(
        "{} {} of {} file(s) into {} ({} grid): {} rows, {} values; {} unit(s) new, {} "
        "updated; {} weather location(s), {} meter(s)\n",
        r.changed ? "ingested" : "nothing new:", r.files_ingested, r.files.size(),
        r.workspace.string(), format_duration(r.step), r.rows, r.values, r.units_created.size(),
        r.units_updated.size(), r.weather_locations.size(), r.meters.size());
    for (const io::FileReport& f : r.files) {
        const std::string_view noun = f.format == io::InputFormat::weather      ? "location(s)"
                                      : f.format == io::InputFormat::smartmeter ? "meter(s)"
                                                                                : "unit(s)";
        std::string what = f.status == io::FileStatus::ingested
                               ? fmt::format("{} rows, {} {}", f.rows, f.ids.size(), noun)
                               : std::string(io::status_name(f.status));
        if (f.status == io::FileStatus::failed) what += ": " + f.error;
        if (f.duplicates_dropped)
            what += fmt::format(", {} duplicates dropped", f.duplicates_dropped);
        if (f.skipped_count) what += fmt::format(", {} problems skipped", f.skipped_count);
        fmt::print("  {:<32} {:<10} {}\n", f.file.filename().string(), io::format_name(f.format),
                   what);
    }
    std::size_t shown = 0;
    for (const io::FileReport& f : r.files)
        for (const io::Problem& p : f.skipped)
            if (shown++ < 20) fmt::print("  skipped {}\n", p.str());
    if (r.problems_skipped > 20)
        fmt::print("  ... {} more skipped problems (--json lists up to 1000 per file)\n",
                   r.problems_skipped - 20);
}

}  // namespace

void add_ingest(CLI::App& app, const GlobalOptions& global) {
    auto args = std::make_shared<IngestArgs>();
    auto* cmd = app.add_subcommand(
        "ingest",
        "read CSV exports (plain or gzip) into a workspace's dataset cache; all files "
        "or nothing");
    cmd->add_option("files", args->files, "input files")->required();
    add_workspace_option(*cmd, args->workspace);
    cmd->add_option("--format", args->format, "input format (default: detected per file)")
        ->check(
            CLI::IsMember({"auto", "wide", "long", "smartmeter", "weather", "units", "signal"}));
    cmd->add_option("--tz", args->tz, "IANA zone of naive local timestamps (e.g. Europe/Zurich)");
    cmd->add_option("--resample", args->resample,
                    "grid step of unit data (default: the workspace's, 1min for a new one)");
    cmd->add_option("--ffill-max-gap", args->ffill_max_gap,
                    "longest span a value is carried forward (default: the workspace's, 30min)");
    cmd->add_option("--map", args->maps,
                    "rename a vendor column: \"Vendor name=channel\" "
                    "(repeatable)")
        ->allow_extra_args(false);  // one value per --map, so FILE... may follow it
    cmd->add_option("--map-file", args->map_file, "file of \"Vendor name=channel\" lines")
        ->check(CLI::ExistingFile);
    cmd->add_option("--on-error", args->on_error,
                    "fail: any bad line aborts, workspace untouched; skip: skip and report")
        ->check(CLI::IsMember({"fail", "skip"}));
    cmd->callback([args, &global] {
        io::IngestOptions options = to_options(*args, global.json);
        std::vector<std::filesystem::path> files(args->files.begin(), args->files.end());
        const io::IngestReport report = io::ingest(files, options, args->workspace);
        if (global.json)
            fmt::print("{}\n", io::to_json(report).dump(2));
        else
            print_summary(report);
    });
}

}  // namespace heatloop::cli
