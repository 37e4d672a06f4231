#pragma once
/// Ingest: read telemetry exports, resample them onto the workspace grid and merge them into
/// the workspace dataset cache, all or nothing (DESIGN.md "Data flow", docs/workspace.md).

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "heatloop/core/time.hpp"
#include "heatloop/io/read.hpp"

namespace heatloop::io {

/// How to ingest.
struct IngestOptions {
    InputFormat format = InputFormat::auto_detect;  ///< for every file (auto: per file)
    std::string tz;                                 ///< zone of naive local timestamps
    /// Unit grid step; nullopt = the workspace's, or 1 min for a new workspace. A step other
    /// than an existing workspace's is a ConflictError.
    std::optional<Duration> step;
    /// Forward-fill limit; nullopt = the workspace's, or 30 min for a new workspace.
    std::optional<Duration> ffill_max_gap;
    /// Unit data stored on change (a row only when a value changes): each channel's value
    /// holds until that channel's next reading, at most this long, instead of the fill limit
    /// (a longer silence, a dead sensor, stays missing and is a gap). nullopt = sampled data.
    /// Applies to the wide, long and signal files of this ingest; must be positive.
    std::optional<Duration> hold_max;
    std::map<std::string, std::string> column_map;  ///< vendor column name -> channel
    /// Passed on to ReadOptions: the unit and channel of signal files, missing-value
    /// sentinels, dropped columns, and how timestamps are written (see read.hpp).
    std::string signal_unit, signal_channel;
    std::vector<std::string> missing, drop;
    std::string time_format, date_order, utc_offset;
    /// Which meter the smart-meter files of this ingest hold: the household total (channel
    /// "load") or a sub-meter ("load_heat_pump", "load_other"), merged into the household's
    /// meter series beside the total, never over it. Other formats ignore it.
    MeterKind meter = MeterKind::total;
    /// The meter values of smartmeter and household_meter files are energy per interval
    /// (kWh of the interval ending at the timestamp), stored as kW (`--energy-per-interval`).
    bool energy_per_interval = false;
    /// fail: any problem aborts and leaves the workspace untouched. skip: bad lines are
    /// skipped and reported, a file that cannot be read at all is reported and left out.
    OnError on_error = OnError::fail;
    bool progress = true;  ///< a progress bar per file on a terminal
    /// Receives each warning (without "warning: "); default prints "warning: ..." to stderr.
    std::function<void(const std::string&)> warn;
};

/// What happened to one file.
enum class FileStatus {
    ingested,          ///< read and merged
    already_ingested,  ///< same content hash already in the workspace; nothing read
    failed,            ///< with OnError::skip: unreadable, left out (see FileReport::error)
};

/// "ingested", "already_ingested", "failed".
std::string_view status_name(FileStatus s);

/// One file's outcome.
struct FileReport {
    std::filesystem::path file;
    std::string sha256;
    FileStatus status = FileStatus::ingested;
    InputFormat format = InputFormat::auto_detect;
    MeterKind meter = MeterKind::total;  ///< for smart-meter files: the meter it held
    std::size_t rows = 0;                ///< data rows read
    std::size_t values = 0;              ///< values accepted
    std::size_t duplicates_dropped = 0;  ///< identical duplicate rows
    /// Ids the file brought data for: units (wide, long, signal, units), locations
    /// (weather), meters (smartmeter) or households (households); sorted.
    std::vector<std::string> ids;
    std::vector<Problem> skipped;  ///< problems skipped with OnError::skip (first 1000)
    std::size_t skipped_count = 0;
    std::vector<ProblemClass> problem_classes;  ///< the skipped problems by kind
    std::size_t footer_lines = 0;               ///< single-field lines after the last row
    std::string footer;                         ///< the first of them
    std::string error;                          ///< why a file failed
};

/// The most rows one series may have on its grid (2^24: 32 years at 1 min, 194 days at
/// 1 s); a file or a merge that would need more is refused before allocating.
inline constexpr std::size_t k_max_grid_rows = std::size_t{1} << 24;

/// The outcome of one ingest.
struct IngestReport {
    std::filesystem::path workspace;
    Duration step = 0;              ///< unit grid step used
    Duration ffill_max_gap = 0;     ///< forward-fill limit used
    Duration hold_max = 0;          ///< hold of on-change unit data (0: not on change)
    std::vector<FileReport> files;  ///< in processing order (units files first)
    std::size_t files_ingested = 0, files_already = 0, files_failed = 0;
    std::size_t rows = 0, values = 0, duplicates_dropped = 0, problems_skipped = 0;
    std::vector<std::string> units_created;  ///< units new to the workspace, sorted
    std::vector<std::string> units_updated;  ///< existing units that got data or metadata
    /// Units with sensor data from this ingest but no metadata (created with empty type).
    std::vector<std::string> units_without_metadata;
    std::vector<std::string> weather_locations;  ///< locations touched
    std::vector<std::string> meters;             ///< meters touched
    std::vector<std::string> households;         ///< households listed in households files
    std::vector<std::string> warnings;
    bool changed = false;  ///< false when nothing was written (e.g. all already ingested)
};

/// Ingest `files` into the workspace at `workspace` (created when missing and the ingest
/// succeeds; an existing non-empty directory must already be a workspace). Units and
/// households files are processed first; households go to Manifest::households, never among
/// the units. Each file is read in chunks, resampled (long-format files with
/// hold_while_reporting; weather and smart-meter files on their own detected median
/// interval) and merged per unit with the cached data (prep::merge_onto). Everything is
/// staged under data/.staging-<pid>/ and moved into place, manifest last, only when every
/// file succeeded: with OnError::fail any error leaves the workspace byte-identical.
/// Throws ConflictError for a step other than the workspace's or a concurrent ingest,
/// InvalidInputError, NotFoundError and IoError from reading. With OnError::skip, throws
/// InvalidInputError when every file failed (nothing is committed then). Files left by a
/// killed ingest (data/.staging-<pid>/, data/manifest.json.tmp-<pid>) are removed first.
IngestReport ingest(const std::vector<std::filesystem::path>& files, const IngestOptions& options,
                    const std::filesystem::path& workspace);

/// The report as JSON (`heatloop ingest --json`).
nlohmann::json to_json(const IngestReport& report);

}  // namespace heatloop::io
