// The ingest pipeline: plan (units files first), read each file into staged series, then
// commit everything at once or nothing at all.

#include "heatloop/io/ingest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <future>
#include <set>

#include "heatloop/core/error.hpp"
#include "heatloop/core/progress.hpp"
#include "heatloop/core/sha256.hpp"
#include "io/household_meter.hpp"
#include "io/ingest_guard.hpp"
#include "io/ingest_series.hpp"
#include "io/ingest_staging.hpp"
#include "io/workspace_manifest.hpp"

namespace heatloop::io {

namespace fs = std::filesystem;

namespace {

// One input file, in processing order, with its format known up front.
struct Planned {
    fs::path file;
    InputFormat format = InputFormat::auto_detect;
    std::exception_ptr error;  // the header could not be read; rethrown when processed
};

std::vector<Planned> plan(const std::vector<fs::path>& files, const ReadOptions& ro) {
    std::vector<Planned> out;
    for (const fs::path& f : files) {
        Planned p;
        p.file = f;
        try {
            p.format = detect_format(f, ro);
        } catch (const Error&) {
            p.error = std::current_exception();
        }
        out.push_back(std::move(p));
    }
    // Metadata (units, then households) first so it is known; otherwise keep the order given.
    std::stable_partition(out.begin(), out.end(), [](const Planned& p) {
        return !p.error && p.format == InputFormat::units;
    });
    std::stable_partition(out.begin(), out.end(), [](const Planned& p) {
        return !p.error && (p.format == InputFormat::units || p.format == InputFormat::households);
    });
    return out;
}

SeriesKind kind_of(InputFormat f) {
    switch (f) {
        case InputFormat::weather:
            return SeriesKind::weather;
        case InputFormat::smartmeter:
        case InputFormat::household_meter:
            return SeriesKind::meter;
        default:
            return SeriesKind::unit;
    }
}

std::string now_iso() {
    using namespace std::chrono;
    return format_iso(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

// Metadata rows of a units file: later files and rows win, empty fields keep what is known.
void apply_units(Manifest& next, const std::vector<UnitInfo>& rows) {
    for (const UnitInfo& row : rows) {
        UnitEntry& e = next.units[row.unit_id];
        e.info.unit_id = row.unit_id;
        if (!row.type.empty()) e.info.type = row.type;
        if (!row.location.empty()) e.info.location = row.location;
        for (const auto& [k, v] : row.extra) e.info.extra[k] = v;
        e.has_metadata = true;
    }
}

// Rows of a households file, merged like units: later rows win, empty fields (and an unknown
// has_heat_pump) keep what is known.
void apply_households(Manifest& next, const std::vector<HouseholdInfo>& rows) {
    for (const HouseholdInfo& row : rows) {
        HouseholdInfo& h = next.households[row.household_id];
        h.household_id = row.household_id;
        if (row.has_heat_pump) h.has_heat_pump = row.has_heat_pump;
        if (!row.heat_pump_type.empty()) h.heat_pump_type = row.heat_pump_type;
        if (!row.unit_id.empty()) h.unit_id = row.unit_id;
        if (!row.location.empty()) h.location = row.location;
        for (const auto& [k, v] : row.extra) h.extra[k] = v;
    }
}

// Grid step and fill limit: the workspace's unless given; a different step is a conflict.
void resolve_grid(const IngestOptions& o, const Manifest& current, const fs::path& root,
                  Duration& step, Duration& ffill) {
    step = o.step.value_or(current.step > 0 ? current.step : k_minute_ms);
    ffill = o.ffill_max_gap.value_or(current.step > 0 ? current.ffill_max_gap : 30 * k_minute_ms);
    if (step <= 0)
        throw InvalidInputError(fmt::format("resample step {} ms: must be positive", step));
    if (ffill < 0)
        throw InvalidInputError(fmt::format("ffill max gap {} ms: must not be negative", ffill));
    if (current.step > 0 && step != current.step)
        throw ConflictError(fmt::format(
            "workspace {} is on a {} grid but --resample {} was given; ingest with --resample "
            "{} (or leave it out), or use a new workspace for the {} grid",
            root.string(), format_duration(current.step), format_duration(step),
            format_duration(current.step), format_duration(step)));
}

// Everything one ingest run works with.
struct Run {
    const IngestOptions& options;
    const Manifest& current;
    Manifest& next;
    Staging& staging;
    IngestReport& report;
    std::set<std::string> seen_hashes;
    std::set<std::uint64_t> seen_sizes;
    std::set<std::string> unit_data_ids, metadata_ids;
    std::set<std::string> weather_ids, meter_ids, household_ids;
    /// Data stored on change: per unit and channel, its last reading in this ingest.
    std::map<std::string, std::map<std::string, Timestamp>> last_readings;

    void warn(const std::string& message) {
        report.warnings.push_back(message);
        if (options.warn)
            options.warn(message);
        else
            fmt::print(stderr, "warning: {}\n", message);
    }

    void process(const Planned& p, FileReport& fr);
    void read(const Planned& p, FileReport& fr);
};

void Run::process(const Planned& p, FileReport& fr) {
    // A file whose size some ingested file has may be a repeat: hash it first and skip it if
    // it is. A file of any other size is new whatever its hash, so it is hashed on another
    // thread while it is read (hashing alone takes about a quarter of a cold ingest).
    // A file whose header could not be read (missing, a directory, no format fits) was never
    // ingested, so there is nothing to look up first.
    if (p.error) std::rethrow_exception(p.error);
    std::error_code ec;
    const std::uint64_t size = fs::file_size(p.file, ec);
    const bool maybe_repeat = ec || seen_sizes.count(size) ||
                              std::any_of(current.files.begin(), current.files.end(),
                                          [size](const IngestedFile& f) { return f.size == size; });
    // A smart-meter file's identity includes its meter: the same bytes as another meter are
    // another series.
    const std::string meter =
        p.format == InputFormat::smartmeter ? std::string(meter_name(options.meter)) : "";
    std::future<FileDigest> digest;
    if (maybe_repeat) {
        fr.sha256 = sha256_file(p.file).sha256;
        if (const IngestedFile* f = current.find_file(fr.sha256, meter);
            f || seen_hashes.count(fr.sha256)) {
            fr.status = FileStatus::already_ingested;
            if (f) fr.format = parse_format(f->format);
            if (fr.format == InputFormat::smartmeter) fr.meter = options.meter;
            return;
        }
    } else {
        digest = std::async(std::launch::async, [file = p.file] { return sha256_file(file); });
    }
    staging.begin_file();
    try {
        read(p, fr);
        if (digest.valid()) fr.sha256 = digest.get().sha256;
        staging.end_file();
    } catch (...) {
        staging.rollback_file();
        throw;
    }
    next.files.push_back(IngestedFile{p.file.string(), fr.sha256, ec ? 0 : size,
                                      std::string(format_name(fr.format)), fr.rows, now_iso(),
                                      meter});
    seen_hashes.insert(fr.sha256);
    seen_sizes.insert(size);
}

// The read options every file of an ingest shares.
ReadOptions read_options(const IngestOptions& o) {
    ReadOptions ro;
    ro.format = o.format;
    ro.meter = o.meter;
    ro.energy_per_interval = o.energy_per_interval;
    ro.tz = o.tz;
    ro.column_map = o.column_map;
    ro.on_error = o.on_error;
    ro.signal_unit = o.signal_unit;
    ro.signal_channel = o.signal_channel;
    ro.missing = o.missing;
    ro.drop = o.drop;
    ro.time_format = o.time_format;
    ro.date_order = o.date_order;
    ro.utc_offset = o.utc_offset;
    return ro;
}

void Run::read(const Planned& p, FileReport& fr) {
    fr.format = p.format;
    if (p.format == InputFormat::smartmeter) fr.meter = options.meter;
    ReadOptions ro = read_options(options);
    ro.format = p.format;
    // Unit data goes onto the workspace grid: its span must fit k_max_grid_rows. Weather and
    // meter series keep their own (often hourly) grid, which SeriesWriter checks instead: a
    // weather history may span decades.
    if (kind_of(p.format) == SeriesKind::unit)
        ro.max_span = std::min<Duration>(ro.max_span,
                                         report.step * static_cast<Duration>(k_max_grid_rows - 1));
    else
        ro.max_span = k_max_timestamp - k_min_timestamp;
    std::error_code ec;
    const auto size = fs::file_size(p.file, ec);
    Progress progress(p.file.filename().string(), ec ? 0 : size, options.progress);
    ro.progress = [&progress](std::uint64_t done, std::uint64_t) { progress.set(done); };

    // Unit data stored on change holds each value up to --hold-max; long-format files hold
    // while the unit reports; everything else is forward-filled.
    const bool on_change = report.hold_max > 0 && kind_of(p.format) == SeriesKind::unit;
    const FillMode fill = on_change                            ? FillMode::on_change
                          : p.format == InputFormat::long_form ? FillMode::hold_while_reporting
                                                               : FillMode::forward;
    SeriesWriter writer(staging, kind_of(p.format), report.step,
                        on_change ? report.hold_max : report.ffill_max_gap, fill, p.file.string());
    // A households' meter file: its meters go to the household's meter series, its
    // temperatures to the household's weather (keyed by the household id).
    std::optional<SeriesWriter> weather_writer;
    if (p.format == InputFormat::household_meter)
        weather_writer.emplace(staging, SeriesKind::weather, report.step, report.ffill_max_gap,
                               FillMode::forward, p.file.string());
    ReadSummary s = read_file(p.file, ro, [&](UnitFrame&& c) {
        if (!weather_writer) return writer.add(std::move(c));
        auto [meters, weather] = split_household_meter_chunk(std::move(c));
        if (!meters.channels().empty()) writer.add(std::move(meters));
        if (!weather.channels().empty()) weather_writer->add(std::move(weather));
    });
    progress.finish();

    fr.rows = s.rows;
    fr.values = s.values;
    fr.duplicates_dropped = s.duplicates_dropped;
    fr.skipped = std::move(s.skipped);
    fr.skipped_count = s.skipped_count;
    fr.problem_classes = std::move(s.problem_classes);
    fr.footer_lines = s.footer_lines;
    fr.footer = std::move(s.footer);
    if (s.footer_lines)
        warn(fmt::format("{}: {} line(s) after the last row taken as a footer and ignored: '{}'",
                         p.file.string(), s.footer_lines, s.footer));
    std::set<std::string> ids = writer.ids();
    if (p.format == InputFormat::units) {
        apply_units(next, s.units);
        for (const UnitInfo& u : s.units) {
            ids.insert(u.unit_id);
            metadata_ids.insert(u.unit_id);
        }
    }
    if (p.format == InputFormat::households) {
        apply_households(next, s.households);
        for (const HouseholdInfo& h : s.households) {
            ids.insert(h.household_id);
            household_ids.insert(h.household_id);
        }
    }
    auto& bucket = p.format == InputFormat::weather         ? weather_ids
                   : kind_of(p.format) == SeriesKind::meter ? meter_ids
                                                            : unit_data_ids;
    for (const std::string& id : writer.ids()) bucket.insert(id);
    if (weather_writer)
        for (const std::string& id : weather_writer->ids()) {
            weather_ids.insert(id);
            ids.insert(id);
        }
    fr.ids.assign(ids.begin(), ids.end());
    for (const auto& [id, channels] : writer.last_readings())
        for (const auto& [channel, t] : channels) {
            auto [at, fresh] = last_readings[id].try_emplace(channel, t);
            if (!fresh) at->second = std::max(at->second, t);
        }
}

// Data stored on change: each channel's last value holds past the end of its own file into
// the cells the unit's other files of this ingest brought, up to --hold-max (hold_after).
void hold_past_file_ends(Run& run) {
    if (run.report.hold_max <= 0 || run.last_readings.empty()) return;
    run.staging.begin_file();
    for (const auto& [id, channels] : run.last_readings) {
        UnitFrame& series = run.staging.checkout(SeriesKey{SeriesKind::unit, id});
        for (const auto& [channel, t] : channels)
            hold_after(series, channel, t, run.report.hold_max);
    }
    run.staging.end_file();
}

// Totals, created/updated units and the warning about units without metadata.
void summarize(Run& run) {
    IngestReport& r = run.report;
    for (const FileReport& f : r.files) {
        r.files_ingested += f.status == FileStatus::ingested;
        r.files_already += f.status == FileStatus::already_ingested;
        r.files_failed += f.status == FileStatus::failed;
        r.rows += f.rows;
        r.values += f.values;
        r.duplicates_dropped += f.duplicates_dropped;
        r.problems_skipped += f.skipped_count;
    }
    std::set<std::string> touched = run.unit_data_ids;
    touched.insert(run.metadata_ids.begin(), run.metadata_ids.end());
    for (const std::string& id : touched) {
        if (run.current.units.count(id))
            r.units_updated.push_back(id);
        else
            r.units_created.push_back(id);
    }
    for (const std::string& id : run.unit_data_ids) {
        UnitEntry& e = run.next.units[id];
        e.info.unit_id = id;
        if (!e.has_metadata) r.units_without_metadata.push_back(id);
    }
    r.weather_locations.assign(run.weather_ids.begin(), run.weather_ids.end());
    r.meters.assign(run.meter_ids.begin(), run.meter_ids.end());
    r.households.assign(run.household_ids.begin(), run.household_ids.end());
    if (!r.units_without_metadata.empty()) {
        std::string names;
        for (std::size_t i = 0; i < r.units_without_metadata.size() && i < 20; ++i)
            names += (i ? ", " : "") + r.units_without_metadata[i];
        if (r.units_without_metadata.size() > 20) names += ", ...";
        run.warn(
            fmt::format("{} unit(s) have sensor data but no unit metadata and were created "
                        "with an empty type: {}; ingest a units file "
                        "(unit_id,type,location,...) to describe them",
                        r.units_without_metadata.size(), names));
    }
    r.changed = r.files_ingested > 0;
}

}  // namespace

IngestReport ingest(const std::vector<fs::path>& files, const IngestOptions& options,
                    const fs::path& workspace) {
    if (files.empty()) throw InvalidInputError("ingest: no input files given");
    IngestReport report;
    report.workspace = workspace;
    WorkspaceGuard guard(workspace);
    const Manifest current = read_manifest(guard.data_dir() / "manifest.json");
    Manifest next = current;
    resolve_grid(options, current, workspace, report.step, report.ffill_max_gap);
    if (options.hold_max) {
        if (*options.hold_max <= 0)
            throw InvalidInputError(fmt::format(
                "--hold-max {}: must be positive (the longest a value stored on change holds, "
                "e.g. 6h)",
                format_duration(*options.hold_max)));
        report.hold_max = *options.hold_max;
    }
    if (next.step == 0) {
        next.step = report.step;
        next.ffill_max_gap = report.ffill_max_gap;
    }
    Staging staging(guard.data_dir(), current);
    Run run{options, current, next, staging, report, {}, {}, {}, {}, {}, {}, {}, {}};

    const ReadOptions ro = read_options(options);
    for (const Planned& p : plan(files, ro)) {
        FileReport fr;
        fr.file = p.file;
        fr.format = p.format;
        try {
            run.process(p, fr);
        } catch (const Error& e) {
            if (options.on_error == OnError::fail) throw;
            fr.status = FileStatus::failed;
            fr.error = e.what();
            run.warn(fmt::format("{}: left out: {}", p.file.string(), e.what()));
        }
        report.files.push_back(std::move(fr));
    }
    hold_past_file_ends(run);
    summarize(run);
    // Skip mode where nothing could be read: an error, not a report of success.
    if (report.files_failed > 0 && report.files_failed == report.files.size()) {
        std::string msg =
            fmt::format("none of the {} file(s) could be ingested:", report.files.size());
        for (const FileReport& f : report.files) msg += fmt::format("\n  {}", f.error);
        throw InvalidInputError(msg);
    }
    if (report.changed) {
        next.generation = current.generation + 1;
        staging.commit(next);
        std::error_code ec;
        fs::create_directories(workspace / "artifacts", ec);
        guard.keep();
    }
    return report;
}

}  // namespace heatloop::io
