#include "io/read_context.hpp"

#include <fmt/format.h>

#include "heatloop/core/error.hpp"

namespace heatloop::io {

void ReadContext::emit(UnitFrame&& frame, std::optional<std::size_t> values) {
    if (problems.failed() || frame.rows() == 0) return;
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
    for (const Column& c : header.columns)
        if (c.role == role) names += fmt::format("{}'{}'", names.empty() ? "" : ", ", c.raw);
    throw InvalidInputError(
        fmt::format("{}: several columns look like the {}: {}; rename the others with --map",
                    file(), what, names));
}

std::size_t ReadContext::require(Role role, std::string_view what) const {
    int col = optional_column(role, what);
    if (col >= 0) return static_cast<std::size_t>(col);
    throw InvalidInputError(
        fmt::format("{}: no {} column for the {} format; the header has: {}\naccepted formats:\n{}",
                    file(), what, format_name(summary.format), header.names(), accepted_formats()));
}

}  // namespace heatloop::io
