// read_file: open, read the header, pick the format, run its reader, report problems.
#include "heatloop/io/read.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <thread>

#include "heatloop/core/enum_names.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/core/time_format.hpp"
#include "io/column_map.hpp"
#include "io/csv_reader.hpp"
#include "io/date_order.hpp"
#include "io/detect_format.hpp"
#include "io/read_context.hpp"
#include "io/read_tuning.hpp"

namespace heatloop::io {

namespace {

constexpr std::array k_formats{std::pair{InputFormat::auto_detect, "auto"},
                               std::pair{InputFormat::wide, "wide"},
                               std::pair{InputFormat::long_form, "long"},
                               std::pair{InputFormat::smartmeter, "smartmeter"},
                               std::pair{InputFormat::weather, "weather"},
                               std::pair{InputFormat::units, "units"},
                               std::pair{InputFormat::signal, "signal"},
                               std::pair{InputFormat::households, "households"},
                               std::pair{InputFormat::household_meter, "household_meter"}};

constexpr std::array k_meters{std::pair{MeterKind::total, "total"},
                              std::pair{MeterKind::heat_pump, "heat_pump"},
                              std::pair{MeterKind::other, "other"}};

// The channel each meter's readings become.
constexpr std::array k_meter_channels{std::pair{MeterKind::total, "load"},
                                      std::pair{MeterKind::heat_pump, "load_heat_pump"},
                                      std::pair{MeterKind::other, "load_other"}};

}  // namespace

std::string_view format_name(InputFormat f) {
    return enum_name(k_formats, f);
}

InputFormat parse_format(std::string_view name) {
    // Forgiving of case and spaces: the name may come from a config file or the manifest.
    if (auto f = find_enum(k_formats, lower_trim(name))) return *f;
    throw unknown_enum_error(k_formats, name, "input format");
}

std::string_view meter_name(MeterKind m) {
    return enum_name(k_meters, m);
}

MeterKind parse_meter(std::string_view name) {
    if (auto m = find_enum(k_meters, lower_trim(name))) return *m;
    throw unknown_enum_error(k_meters, name, "meter");
}

std::string_view meter_channel(MeterKind m) {
    return enum_name(k_meter_channels, m);
}

std::optional<MeterKind> meter_of_channel(std::string_view channel) {
    return find_enum(k_meter_channels, channel);
}

InputFormat detect_format(const std::filesystem::path& file, const ReadOptions& options) {
    if (options.format != InputFormat::auto_detect) return options.format;
    LineSource src(file, 1 << 16);
    CsvReader csv(src);
    const ColumnMapper mapper = ColumnMapper::of(options);
    return detect_format(analyze_header(csv.header(), mapper, src.name()), src.name());
}

TimeSyntax time_syntax(const ReadOptions& options) {
    TimeSyntax s;
    s.format = options.time_format;
    if (!options.date_order.empty()) s.date_order = parse_date_order(options.date_order);
    if (!options.utc_offset.empty()) s.utc_offset_minutes = parse_utc_offset(options.utc_offset);
    return s;
}

ReadSummary read_file(const std::filesystem::path& file, const ReadOptions& options,
                      const FrameSink& sink) {
    return read_file_tuned(file, options, sink, ReadTuning{});
}

ReadSummary read_file_tuned(const std::filesystem::path& file, const ReadOptions& options,
                            const FrameSink& sink, const ReadTuning& tuning) {
    TimeSyntax syntax = time_syntax(options);
    // An unknown zone or a bad format fails before any reading.
    TimestampParser timestamps(options.tz, syntax);
    ReadSummary summary;
    summary.file = file;
    LineSource src(file, tuning.block_size);
    if (options.progress) src.on_block(options.progress);
    CsvReader csv(src);
    const ColumnMapper mapper = ColumnMapper::of(options);
    const Header header = analyze_header(csv.header(), mapper, src.name());
    summary.format = options.format == InputFormat::auto_detect ? detect_format(header, src.name())
                                                                : options.format;
    // "03/11/2017": the order of day and month is given, or proven by the file, never guessed.
    if (syntax.format.empty() && syntax.date_order == DateOrder::unknown &&
        header.count(Role::time) == 1 && summary.format != InputFormat::units &&
        summary.format != InputFormat::households) {
        if (auto order = prove_date_order(file, static_cast<std::size_t>(header.find(Role::time)),
                                          src.name())) {
            syntax.date_order = *order;
            timestamps = TimestampParser(options.tz, syntax);
        }
    }

    ProblemLog problems(src.name(), options.on_error);
    // An empty sink only validates: frames are built and dropped.
    const FrameSink discard = [](UnitFrame&&) {};
    ReadContext ctx{
        options,
        src,
        csv,
        header,
        mapper,
        problems,
        summary,
        sink ? sink : discard,
        std::move(timestamps),
        /*decimal_comma=*/csv.delimiter() != ',',
        options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency()),
        tuning.buffers,
        syntax,
        MissingValues(options.missing),
        /*conversions=*/{},
        0,
        0,
        0,
        0};

    switch (summary.format) {
        case InputFormat::wide:
            read_wide(ctx);
            break;
        case InputFormat::long_form:
            read_long(ctx);
            break;
        case InputFormat::smartmeter:
            read_smartmeter(ctx);
            break;
        case InputFormat::weather:
            read_weather(ctx);
            break;
        case InputFormat::units:
            read_units(ctx);
            break;
        case InputFormat::signal:
            read_signal(ctx);
            break;
        case InputFormat::households:
            read_households(ctx);
            break;
        case InputFormat::household_meter:
            read_household_meter(ctx);
            break;
        case InputFormat::auto_detect:
            throw InternalError("read_file: format not resolved");
    }
    problems.finish(summary);  // (a footer is not a data row)
    if (summary.rows == 0)
        throw InvalidInputError(fmt::format("{}: no data rows (only a header)", src.name()));
    return summary;
}

}  // namespace heatloop::io
