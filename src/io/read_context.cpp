#include "io/read_context.hpp"

#include <fmt/format.h>

#include "heatloop/core/error.hpp"
#include "heatloop/core/text.hpp"

namespace heatloop::io {

void ReadContext::span_too_long() const {
    const double years = static_cast<double>(max_time - min_time) / (365.25 * k_day_ms);
    throw InvalidInputError(fmt::format(
        "{}: timestamps span {} (line {}) to {} (line {}), {:.1f} years; one file may span at "
        "most {} ({:.0f} years) so that its grid fits in memory (docs/formats.md \"Limits\"): "
        "check the year on line {} or line {}",
        file(), format_iso(min_time), min_line, format_iso(max_time), max_line, years,
        format_duration(options.max_span),
        static_cast<double>(options.max_span) / (365.25 * k_day_ms), min_line, max_line));
}

void ReadContext::emit(UnitFrame&& frame, std::optional<std::size_t> values) {
    if (problems.failed() || frame.rows() == 0) return;
    for (Channel& c : frame.channels()) {
        const Conversion* conv = nullptr;
        if (auto it = conversions.find(c.name); it != conversions.end())
            conv = &it->second;
        else
            conv = mapper.conversion(c.name);
        if (conv && !apply_conversion(*conv, c.values, frame.time()))
            throw InvalidInputError(fmt::format(
                "{}: {} {}: channel {} is declared in {} (energy per interval) but has fewer "
                "than two readings, so the interval is unknown",
                file(), summary.format == InputFormat::weather ? "location" : "unit",
                visible(frame.unit_id()), visible(c.name), conv->unit));
    }
    if (values) {
        summary.values += *values;
    } else {
        for (const Channel& c : frame.channels()) summary.values += count_present(c.values);
    }
    sink(std::move(frame));
}

void ReadContext::conflict(const std::string& unit, const std::string& channel, std::size_t column,
                           const Conflict& c) {
    problems.add(c.line, static_cast<long>(column), [&] {
        return fmt::format(
            "unit {}: duplicate timestamp {} with different value for {}: {} here, {} on line "
            "{} (the first is kept)",
            unit, format_iso(c.time), channel, c.rejected, c.kept, c.first_line);
    });
}

std::string unit_from_file_name(const ReadContext& ctx, bool signal) {
    if (!ctx.options.signal_unit.empty()) return ctx.options.signal_unit;
    std::filesystem::path name = std::filesystem::path(ctx.file()).filename();
    for (const char* ext : {".gz", ".csv", ".tsv", ".txt"})
        if (name.extension() == ext) name = name.stem();
    std::string out = name.string();
    size_t sep = out.find("__");
    if (signal && sep != std::string::npos && sep > 0) out.resize(sep);
    return out;
}

int ReadContext::optional_column(Role role, std::string_view what) const {
    int first = header.find(role);
    if (first < 0 || header.count(role) == 1) return first;
    std::string names;
    std::size_t last = 0;
    for (std::size_t i = 0; i < header.columns.size(); ++i)
        if (header.columns[i].role == role) {
            names += fmt::format("{}#{} '{}'", names.empty() ? "" : ", ", i + 1,
                                 visible(header.columns[i].raw));
            last = i + 1;
        }
    throw InvalidInputError(fmt::format(
        "{}: several columns look like the {}: {}; keep one: leave the others out by position "
        "(e.g. --drop \"#{}\") or rename them (e.g. --map \"#{}=other_{}\")",
        file(), what, names, last, last, last));
}

std::size_t ReadContext::require(Role role, std::string_view what) const {
    int col = optional_column(role, what);
    if (col >= 0) return static_cast<std::size_t>(col);
    throw InvalidInputError(
        fmt::format("{}: no {} column for the {} format; the header has: {}\naccepted formats:\n{}",
                    file(), what, format_name(summary.format), header.names(), accepted_formats()));
}

}  // namespace heatloop::io
