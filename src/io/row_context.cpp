#include "io/row_context.hpp"

#include <fmt/format.h>

namespace heatloop::io {

bool RowContext::check_record(std::size_t expected) {
    const SplitResult& st = csv.status();
    if (st.error != SplitError::none) {
        problems.add(csv.line(), static_cast<long>(st.column),
                     [&] { return std::string(describe(st.error)); });
        return false;
    }
    const std::size_t got = csv.fields().size();
    if (got == expected) return true;
    problems.add(csv.line(), 0, [&] {
        return fmt::format("expected {} fields ({}), got {}", expected, header.names(), got);
    });
    return false;
}

bool RowContext::parse_time(std::size_t col, Timestamp& out) {
    TimeParseError err{};
    std::string_view text = csv.fields()[col];
    if (auto t = timestamps.parse(text, err)) {
        out = *t;
        return true;
    }
    problems.add(csv.line(), static_cast<long>(col + 1), [&] {
        if (text.empty()) return std::string("timestamp is empty");
        return fmt::format("timestamp {}: {}", quote_field(text), describe(err));
    });
    return false;
}

bool RowContext::key(std::size_t col, std::string_view what, std::string_view& out) {
    out = csv.fields()[col];
    if (!out.empty()) return true;
    problems.add(csv.line(), static_cast<long>(col + 1),
                 [&] { return fmt::format("{} is empty", what); });
    return false;
}

void RowContext::bad_value(std::size_t col, std::string_view channel, NumberStatus status) {
    std::string_view text = csv.fields()[col];
    problems.add(csv.line(), static_cast<long>(col + 1), [&] {
        if (status == NumberStatus::non_finite)
            return fmt::format(
                "channel {}: non-finite value {} (leave the field empty or write NaN for a "
                "missing value)",
                channel, quote_field(text));
        return fmt::format("channel {}: expected a number, got {}", channel, quote_field(text));
    });
}

}  // namespace heatloop::io
