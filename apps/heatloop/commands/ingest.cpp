// `heatloop ingest FILE... --workspace WS`: read exports into the workspace dataset cache,
// all or nothing (docs/workspace.md).
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands/command.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/core/text.hpp"
#include "heatloop/io/ingest.hpp"
#include "heatloop/io/workspace.hpp"
#include "heatloop/store/households.hpp"

namespace heatloop::cli {

namespace {

struct IngestArgs {
    std::vector<std::string> files;
    std::string workspace, format = "auto", meter = "total", tz, resample, ffill_max_gap, hold_max,
                           map_file, on_error = "fail";
    std::vector<std::string> maps, missing, drop;
    bool energy_per_interval = false;
    std::string signal_unit, signal_channel, time_format, date_order, utc_offset;
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
    o.meter = io::parse_meter(a.meter);
    o.energy_per_interval = a.energy_per_interval;
    o.tz = a.tz;
    if (!a.resample.empty()) o.step = parse_duration(a.resample);
    if (!a.ffill_max_gap.empty()) o.ffill_max_gap = parse_duration(a.ffill_max_gap);
    if (!a.hold_max.empty()) o.hold_max = parse_duration(a.hold_max);
    if (!a.map_file.empty()) o.column_map = io::load_column_map(a.map_file);
    for (const std::string& m : a.maps) {
        auto [from, to] = parse_map(m);
        o.column_map[from] = to;  // --map wins over --map-file
    }
    o.on_error = a.on_error == "skip" ? io::OnError::skip : io::OnError::fail;
    o.signal_unit = a.signal_unit;
    o.signal_channel = a.signal_channel;
    // Each may be given several times or as a list ("-32768,-9999").
    for (const std::string& m : a.missing)
        for (std::string& item : split_list(m)) o.missing.push_back(std::move(item));
    for (const std::string& d : a.drop)
        for (std::string& item : split_list(d)) o.drop.push_back(std::move(item));
    o.time_format = a.time_format;
    o.date_order = a.date_order;
    o.utc_offset = a.utc_offset;
    if (!a.tz.empty() && !a.utc_offset.empty())
        throw InvalidInputError(
            "--tz and --utc-offset were both given: naive times are either in a zone (with its "
            "daylight saving) or at a fixed offset (e.g. --utc-offset -08:00 or --tz Etc/GMT+8 "
            "for a logger on Pacific standard time all year); give one");
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
    if (r.hold_max > 0)
        fmt::print("  stored on change: each value held until its next reading, at most {}\n",
                   format_duration(r.hold_max));
    for (const io::FileReport& f : r.files) {
        const std::string_view noun = f.format == io::InputFormat::weather      ? "location(s)"
                                      : f.format == io::InputFormat::smartmeter ? "meter(s)"
                                      : f.format == io::InputFormat::households ? "household(s)"
                                      : f.format == io::InputFormat::household_meter
                                          ? "household(s)"
                                          : "unit(s)";
        std::string what = f.status == io::FileStatus::ingested
                               ? fmt::format("{} rows, {} {}", f.rows, f.ids.size(), noun)
                               : std::string(io::status_name(f.status));
        if (f.status == io::FileStatus::failed) what += ": " + f.error;
        if (f.format == io::InputFormat::smartmeter && f.status == io::FileStatus::ingested)
            what += fmt::format(", {} meter", io::meter_name(f.meter));
        if (f.duplicates_dropped)
            what += fmt::format(", {} duplicates dropped", f.duplicates_dropped);
        if (f.skipped_count) what += fmt::format(", {} problems skipped", f.skipped_count);
        if (f.footer_lines) what += fmt::format(", {} footer line(s) ignored", f.footer_lines);
        fmt::print("  {:<32} {:<10} {}\n", f.file.filename().string(), io::format_name(f.format),
                   what);
    }
    // One line per kind of problem with its count and first occurrence, not the same
    // message many times.
    std::size_t shown = 0;
    for (const io::FileReport& f : r.files)
        for (const io::ProblemClass& c : f.problem_classes)
            if (shown++ < 20)
                fmt::print("  skipped {} line(s): {} (first: {})\n", c.count, c.klass,
                           c.first.str());
    if (shown == 0) {
        for (const io::FileReport& f : r.files)
            for (const io::Problem& p : f.skipped)
                if (shown++ < 20) fmt::print("  skipped {}\n", p.str());
        if (r.problems_skipped > 20)
            fmt::print("  ... {} more skipped problems (--json lists up to 1000 per file)\n",
                       r.problems_skipped - 20);
    }
}

// The store keeps a copy of the workspace's households (the detection targets, also in
// PostgreSQL). Only after the ingest committed, so a failed ingest leaves the store untouched.
// Also when the households file was already ingested: the copy is idempotent, so running the
// same ingest again repairs a copy that failed.
void sync_households(const io::IngestReport& r, const std::string& workspace,
                     const GlobalOptions& global) {
    const bool any = std::any_of(r.files.begin(), r.files.end(), [](const io::FileReport& f) {
        return f.format == io::InputFormat::households && f.status != io::FileStatus::failed;
    });
    if (!any) return;
    const auto households = io::Workspace::open(workspace).households();
    if (households.empty()) return;
    try {
        auto db = store::open_workspace_db(workspace, global.db);
        store::sync_households(*db, households);
    } catch (const Error& e) {
        throw IoError(fmt::format(
            "the ingest into {} succeeded, but copying its {} household(s) into the store "
            "failed: {}; run the same ingest again to retry the copy",
            workspace, households.size(), e.what()));
    }
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
        ->check(CLI::IsMember({"auto", "wide", "long", "smartmeter", "weather", "units", "signal",
                               "households", "household_meter"}));
    cmd->add_option("--meter", args->meter,
                    "which meter the smart-meter files hold: total (the household meter, "
                    "channel load), heat_pump or other (sub-meters, channels load_heat_pump, "
                    "load_other; never overwrite the total)")
        ->check(CLI::IsMember({"total", "heat_pump", "other"}));
    cmd->add_flag("--energy-per-interval", args->energy_per_interval,
                  "the meter values of smartmeter and household_meter files are energy per "
                  "interval (kWh of the interval ending at the timestamp), stored as kW; "
                  "without it (or a unit in --map) a column that says kWh is refused");
    cmd->add_option("--tz", args->tz, "IANA zone of naive local timestamps (e.g. Europe/Zurich)");
    cmd->add_option("--resample", args->resample,
                    "grid step of unit data (default: the workspace's, 1min for a new one)");
    cmd->add_option("--ffill-max-gap", args->ffill_max_gap,
                    "longest span a value is carried forward (default: the workspace's, 30min)");
    cmd->add_option("--hold-max", args->hold_max,
                    "the unit data is stored on change (a row only when a value changes): hold "
                    "each value until its channel's next reading, at most this long (e.g. 6h); "
                    "a longer silence stays missing");
    cmd->add_option("--map", args->maps,
                    "rename a vendor column: \"Vendor name=channel\" "
                    "(repeatable)")
        ->allow_extra_args(false);  // one value per --map, so FILE... may follow it
    cmd->add_option("--map-file", args->map_file, "file of \"Vendor name=channel\" lines")
        ->check(CLI::ExistingFile);
    cmd->add_option("--signal-unit", args->signal_unit,
                    "unit of signal files (timestamp,value) and of wide files without a unit "
                    "column (default: from the file name <unit>__<channel>.csv)");
    cmd->add_option("--signal-channel", args->signal_channel,
                    "channel of signal files (default: from the file name or the value column)");
    cmd->add_option("--missing", args->missing,
                    "a value that means missing, e.g. -32768 (repeatable, or a list)")
        ->allow_extra_args(false);
    cmd->add_option("--drop", args->drop,
                    "leave out a column: its name or #N for the N-th (repeatable, or a list)")
        ->allow_extra_args(false);
    cmd->add_option("--time-format", args->time_format,
                    "strftime-like format of the timestamps, e.g. \"%m/%d/%Y %H:%M\" "
                    "(docs/formats.md)");
    cmd->add_option("--date-order", args->date_order,
                    "order of day and month in dates such as 03/11/2017: dmy or mdy")
        ->check(CLI::IsMember({"dmy", "mdy"}));
    cmd->add_option("--utc-offset", args->utc_offset,
                    "fixed UTC offset of naive local times, for loggers without daylight saving "
                    "(e.g. -08:00)");
    cmd->add_option("--on-error", args->on_error,
                    "fail: any bad line aborts, workspace untouched; skip: skip and report")
        ->check(CLI::IsMember({"fail", "skip"}));
    cmd->callback([args, &global] {
        io::IngestOptions options = to_options(*args, global.json);
        std::vector<std::filesystem::path> files(args->files.begin(), args->files.end());
        const io::IngestReport report = io::ingest(files, options, args->workspace);
        sync_households(report, args->workspace, global);
        if (global.json)
            fmt::print("{}\n", io::to_json(report).dump(2, ' ', false,
                                                        nlohmann::json::error_handler_t::replace));
        else
            print_summary(report);
    });
}

}  // namespace heatloop::cli
