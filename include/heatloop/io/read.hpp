#pragma once
/// Reading telemetry exports: every format of DESIGN.md "Inputs", auto-detected, streamed
/// unit by unit. Readers turn text into raw (irregular) per-unit frames; resampling and
/// storage happen later (prep/resample.hpp, io/workspace.hpp).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "heatloop/core/error.hpp"
#include "heatloop/core/frame.hpp"
#include "heatloop/core/household.hpp"
#include "heatloop/core/time.hpp"
#include "heatloop/core/unit.hpp"

namespace heatloop::io {

/// The kinds of input file.
enum class InputFormat {
    auto_detect,
    wide,        ///< timestamp,unit_id,<channel>,...
    long_form,   ///< unit_id,timestamp,channel,value (values stored on change)
    smartmeter,  ///< id,datetime,load
    weather,     ///< timestamp,location_or_unit,outdoor_temp[,...]
    units,       ///< unit_id,type,location,...
    signal,      ///< one signal per file: two columns, timestamp and value
    households,  ///< household_id,has_heat_pump,heat_pump_type,unit_id,location,...
    /// timestamp,kWh_aggregated,kWh_heat_pump,kWh_other_appliances,hourly_avgtemp,... (one
    /// household per file: its meters and outdoor temperatures)
    household_meter,
};

/// "wide", "long", "smartmeter", ... (the --format spelling).
std::string_view format_name(InputFormat f);
/// Parse a --format value (case and spaces ignored); throws InvalidInputError listing the valid
/// names.
InputFormat parse_format(std::string_view name);

/// Which meter a smart-meter file holds. Each is its own channel of the household's meter
/// series, so a sub-meter never overwrites the household total.
enum class MeterKind {
    total,      ///< the household meter: channel "load"
    heat_pump,  ///< the heat pump's own sub-meter: channel "load_heat_pump"
    other,      ///< everything but the heat pump: channel "load_other"
};

/// "total", "heat_pump", "other" (the --meter spelling).
std::string_view meter_name(MeterKind m);
/// Parse a --meter value (case and spaces ignored); throws InvalidInputError listing the valid
/// names.
MeterKind parse_meter(std::string_view name);
/// The channel a meter is stored under: "load", "load_heat_pump", "load_other".
std::string_view meter_channel(MeterKind m);
/// The meter a channel of a meter series holds, or nullopt for any other channel.
std::optional<MeterKind> meter_of_channel(std::string_view channel);

/// The default ReadOptions::max_span: 20 years (a year mistyped by a decade or a century in
/// a short file would otherwise ask for a grid of millions of rows per channel).
inline constexpr Duration k_max_file_span = 20 * 36525LL * k_day_ms / 100;
/// The longest unit id, location, channel name or header name accepted, in bytes.
inline constexpr std::size_t k_max_name_bytes = 256;

/// What to do with a bad line: fail the whole ingest, or skip the line and report it.
enum class OnError { fail, skip };

/// One rejected value or line: where, and why.
struct Problem {
    SourceLocation where;
    std::string reason;
    /// "sensors.csv:5:3: channel t_supply: expected a number, got 'abc'".
    std::string str() const;
};

/// Problems of one kind in a file ("local time without a zone: pass --tz ..."): how many,
/// and the first of them.
struct ProblemClass {
    std::string klass;
    std::size_t count = 0;
    Problem first;
};

/// How to read a file.
struct ReadOptions {
    InputFormat format = InputFormat::auto_detect;
    std::string tz;                                 ///< zone for naive local times
    std::map<std::string, std::string> column_map;  ///< vendor column name -> channel name
    OnError on_error = OnError::fail;
    /// Threads parsing one file (blocks of wide, smartmeter, weather and signal files are
    /// parsed in parallel); 0 = one per core.
    unsigned threads = 0;
    /// For InputFormat::signal: the unit and channel the file holds (from the file name
    /// "<unit>__<channel>.csv" when empty). signal_unit is also the unit of a wide file
    /// without a unit column (default: the file name without extensions).
    std::string signal_unit, signal_channel;
    /// Further spellings of a missing value (`--missing -32768`): a number matches any
    /// field with the same numeric value ("-32768", "-32768.0", "-32768,0"), other text
    /// matches the field exactly (after trimming).
    std::vector<std::string> missing;
    /// Columns left out before anything else (`--drop`): names matched as the column map's
    /// (normalised, case-insensitive) or "#N" for the N-th column (1-based).
    std::vector<std::string> drop;
    /// How timestamps are written: a strftime-like format (`--time-format "%m/%d/%Y %H:%M"`),
    /// the order of day and month in "03/11/2017" (`--date-order`), a fixed UTC offset of
    /// naive times (`--utc-offset -08:00`). Empty: detected (docs/formats.md "Timestamps").
    std::string time_format, date_order, utc_offset;
    /// The longest span the timestamps of one file may cover; a file beyond it is refused
    /// before its series are allocated (naming the lines of its first and last timestamps).
    Duration max_span = k_max_file_span;
    /// For InputFormat::smartmeter: which meter the file holds (names the channel).
    MeterKind meter = MeterKind::total;
    /// For smartmeter and household_meter files: the meter values are energy per interval
    /// (kWh of the interval ending at the timestamp), stored as kW (`--energy-per-interval`).
    /// A unit declared in the column map is used instead.
    bool energy_per_interval = false;
    /// Called about once per 4 MB block with (bytes of the file consumed, file size); for
    /// gzip both count compressed bytes. Optional.
    std::function<void(std::uint64_t done, std::uint64_t total)> progress;
};

/// ReadSummary::skipped keeps at most this many problems; skipped_count counts them all.
inline constexpr std::size_t k_max_skipped_kept = 1000;

/// What one file produced besides its frames.
struct ReadSummary {
    std::filesystem::path file;
    InputFormat format = InputFormat::auto_detect;
    std::size_t rows = 0;                ///< data rows read
    std::size_t values = 0;              ///< non-missing values accepted
    std::size_t duplicates_dropped = 0;  ///< rows merged into an agreeing same-time row
    std::vector<Problem> skipped;        ///< problems skipped with OnError::skip (first 1000)
    std::size_t skipped_count = 0;       ///< all problems skipped with OnError::skip
    std::vector<ProblemClass> problem_classes;  ///< the skipped problems by kind
    std::vector<UnitInfo> units;                ///< rows of a units file
    std::vector<HouseholdInfo> households;      ///< rows of a households file
    /// Lines after the last data row with a single field (a footer such as "Wed Nov 12 2025
    /// 10:00:00 GMT+0100"): not data, not problems; the first is kept for the report.
    std::size_t footer_lines = 0;
    std::string footer;
};

/// Receives one chunk of one unit's raw data: times sorted ascending and unique, channels
/// aligned with NaN where a channel had no value. A unit whose rows are not contiguous in
/// the file (or that outgrows the read buffers) may arrive in several chunks; such chunks
/// can overlap in time, and duplicates are only resolved within a chunk, so the caller
/// merges them (a file grouped by unit gives one chunk per unit). Called on the thread that
/// called read_file. For weather files the "unit" is the location; for smart-meter files it
/// is the meter id and the channel is meter_channel(ReadOptions::meter).
using FrameSink = std::function<void(UnitFrame&& chunk)>;

/// Read one file (plain or gzip), detecting its format unless given. Streams: memory holds
/// one unit's rows at a time when the file is grouped by unit. Throws InvalidInputError with
/// every problem ("file:line:column: reason") when OnError::fail and anything is wrong; the
/// sink may already have received chunks by then, which the caller must discard. An empty
/// sink validates only. Behaviour in detail: docs/formats.md.
ReadSummary read_file(const std::filesystem::path& file, const ReadOptions& options,
                      const FrameSink& sink);

/// The format read_file would use for a file, from its header alone (options.format when it
/// is not auto_detect; options.column_map applies). Throws InvalidInputError listing the
/// accepted formats when the header fits none.
InputFormat detect_format(const std::filesystem::path& file, const ReadOptions& options = {});

/// Load a column mapping file: lines "Vendor column name=channel" (or CSV with two
/// columns); blank lines and lines starting with '#' are ignored. Throws InvalidInputError
/// naming file and line for a malformed line or a name mapped twice.
std::map<std::string, std::string> load_column_map(const std::filesystem::path& file);

/// Parse one --map value "Vendor column name=channel" (split at the last '=', both sides
/// trimmed); throws InvalidInputError when either side is empty.
std::pair<std::string, std::string> parse_column_mapping(std::string_view text);

}  // namespace heatloop::io
