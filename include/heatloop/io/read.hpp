#pragma once
/// Reading telemetry exports: every format of DESIGN.md "Inputs", auto-detected, streamed
/// unit by unit. Readers turn text into raw (irregular) per-unit frames; resampling and
/// storage happen later (prep/resample.hpp, io/workspace.hpp).

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "heatloop/core/error.hpp"
#include "heatloop/core/frame.hpp"
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
};

/// "wide", "long", "smartmeter", ... (the --format spelling).
std::string_view format_name(InputFormat f);
/// Parse a --format value; throws InvalidInputError listing the valid names.
InputFormat parse_format(std::string_view name);

/// What to do with a bad line: fail the whole ingest, or skip the line and report it.
enum class OnError { fail, skip };

/// One rejected value or line: where, and why.
struct Problem {
    SourceLocation where;
    std::string reason;
    /// "sensors.csv:5:3: channel t_supply: expected a number, got 'abc'".
    std::string str() const;
};

/// How to read a file.
struct ReadOptions {
    InputFormat format = InputFormat::auto_detect;
    std::string tz;                                  ///< zone for naive local times
    std::map<std::string, std::string> column_map;   ///< vendor column name -> channel name
    OnError on_error = OnError::fail;
    /// For InputFormat::signal: the unit and channel the file holds (from the file name
    /// "<unit>__<channel>.csv" when empty).
    std::string signal_unit, signal_channel;
};

/// What one file produced besides its frames.
struct ReadSummary {
    std::filesystem::path file;
    InputFormat format = InputFormat::auto_detect;
    std::size_t rows = 0;               ///< data rows read
    std::size_t values = 0;             ///< values accepted
    std::size_t duplicates_dropped = 0; ///< identical duplicate rows dropped
    std::vector<Problem> skipped;       ///< problems skipped with OnError::skip
    std::vector<UnitInfo> units;        ///< rows of a units file
};

/// Receives one chunk of one unit's raw data: times sorted ascending and unique, channels
/// aligned with NaN where a channel had no value. A unit whose rows are not contiguous in
/// the file arrives in several chunks. For weather files the "unit" is the location; for
/// smart-meter files it is the meter id and the channel is "load".
using FrameSink = std::function<void(UnitFrame&& chunk)>;

/// Read one file (plain or gzip), detecting its format unless given. Streams: memory holds
/// one unit's rows at a time when the file is grouped by unit. Throws InvalidInputError with
/// every problem ("file:line:column: reason") when OnError::fail and anything is wrong.
ReadSummary read_file(const std::filesystem::path& file, const ReadOptions& options,
                      const FrameSink& sink);

/// Load a column mapping file: lines "Vendor column name=channel" (or CSV with two
/// columns); '#' starts a comment.
std::map<std::string, std::string> load_column_map(const std::filesystem::path& file);

}  // namespace heatloop::io
