// read_file: open, read the header, pick the format, run its reader, report problems.
#include "heatloop/io/read.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <thread>

#include "heatloop/core/error.hpp"
#include "io/column_map.hpp"
#include "io/csv_reader.hpp"
#include "io/detect_format.hpp"
#include "io/read_context.hpp"
#include "io/read_tuning.hpp"

namespace heatloop::io {

namespace {

constexpr std::array<std::pair<InputFormat, std::string_view>, 8> k_format_names{{
    {InputFormat::auto_detect, "auto"},
    {InputFormat::wide, "wide"},
    {InputFormat::long_form, "long"},
    {InputFormat::smartmeter, "smartmeter"},
    {InputFormat::weather, "weather"},
    {InputFormat::units, "units"},
    {InputFormat::signal, "signal"},
    {InputFormat::households, "households"},
}};

struct MeterSpelling {
    MeterKind meter;
    std::string_view name, channel;
};

constexpr std::array k_meters{
    MeterSpelling{MeterKind::total, "total", "load"},
    MeterSpelling{MeterKind::heat_pump, "heat_pump", "load_heat_pump"},
    MeterSpelling{MeterKind::other, "other", "load_other"},
};

}  // namespace

std::string_view format_name(InputFormat f) {
    for (const auto& [format, name] : k_format_names)
        if (format == f) return name;
    return "unknown";
}

InputFormat parse_format(std::string_view name) {
    const std::string key = lower_trim(name);
    for (const auto& [format, spelling] : k_format_names)
        if (key == spelling) return format;
    std::string valid;
    for (const auto& [format, spelling] : k_format_names)
        valid += fmt::format("{}{}", valid.empty() ? "" : ", ", spelling);
    throw InvalidInputError(fmt::format("format '{}': expected one of {}", name, valid));
}

std::string_view meter_name(MeterKind m) {
    for (const MeterSpelling& s : k_meters)
        if (s.meter == m) return s.name;
    return "total";
}

MeterKind parse_meter(std::string_view name) {
    const std::string key = lower_trim(name);
    for (const MeterSpelling& s : k_meters)
        if (key == s.name) return s.meter;
    throw InvalidInputError(
        fmt::format("meter '{}': expected one of total, heat_pump, other", name));
}

std::string_view meter_channel(MeterKind m) {
    for (const MeterSpelling& s : k_meters)
        if (s.meter == m) return s.channel;
    return "load";
}

std::optional<MeterKind> meter_of_channel(std::string_view channel) {
    for (const MeterSpelling& s : k_meters)
        if (channel == s.channel) return s.meter;
    return std::nullopt;
}

InputFormat detect_format(const std::filesystem::path& file, const ReadOptions& options) {
    if (options.format != InputFormat::auto_detect) return options.format;
    LineSource src(file, 1 << 16);
    CsvReader csv(src);
    ColumnMapper mapper(options.column_map);
    return detect_format(analyze_header(csv.header(), mapper), src.name());
}

ReadSummary read_file(const std::filesystem::path& file, const ReadOptions& options,
                      const FrameSink& sink) {
    return read_file_tuned(file, options, sink, ReadTuning{});
}

ReadSummary read_file_tuned(const std::filesystem::path& file, const ReadOptions& options,
                            const FrameSink& sink, const ReadTuning& tuning) {
    TimestampParser timestamps(options.tz);  // an unknown zone fails before any reading
    ReadSummary summary;
    summary.file = file;
    LineSource src(file, tuning.block_size);
    if (options.progress) src.on_block(options.progress);
    CsvReader csv(src);
    ColumnMapper mapper(options.column_map);
    const Header header = analyze_header(csv.header(), mapper);
    summary.format = options.format == InputFormat::auto_detect ? detect_format(header, src.name())
                                                                : options.format;

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
        tuning.buffers};

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
        case InputFormat::auto_detect:
            throw InternalError("read_file: format not resolved");
    }
    if (summary.rows == 0)
        throw InvalidInputError(fmt::format("{}: no data rows (only a header)", src.name()));
    problems.finish(summary);
    return summary;
}

}  // namespace heatloop::io
