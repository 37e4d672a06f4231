#include "io/row_context.hpp"

#include <fmt/format.h>

#include "heatloop/core/text.hpp"
#include "heatloop/io/read.hpp"

namespace heatloop::io {

bool RowContext::check_record(std::size_t expected) {
    const SplitResult& st = csv.status();
    if (st.error != SplitError::none) {
        problems.add_classed(csv.line(), static_cast<long>(st.column), describe(st.error),
                             [&] { return std::string(describe(st.error)); });
        return false;
    }
    const std::size_t got = csv.fields().size();
    if (got == expected) {
        problems.note_record();
        return true;
    }
    if (got == 1 && expected > 1) {  // perhaps a footer ("Wed Nov 12 2025 10:00:00 GMT+0100")
        problems.footer_candidate(csv.line(), csv.fields()[0], [&] {
            return fmt::format("a line with a single field {} (expected {} fields: {})",
                               quote_field(csv.fields()[0]), expected, header.names());
        });
        return false;
    }
    const std::string klass = fmt::format("expected {} fields", expected);
    problems.add_classed(csv.line(), 0, klass, [&] {
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
    const std::string_view klass =
        text.empty() ? std::string_view("timestamp is empty") : describe(err);
    problems.add_classed(csv.line(), static_cast<long>(col + 1), klass, [&] {
        if (text.empty()) return std::string("timestamp is empty");
        return fmt::format("timestamp {}: {}", quote_field(text), describe(err));
    });
    return false;
}

bool RowContext::key(std::size_t col, std::string_view what, std::string_view& out) {
    out = csv.fields()[col];
    if (out.empty()) {
        const std::string klass = fmt::format("{} is empty", what);
        problems.add_classed(csv.line(), static_cast<long>(col + 1), klass, [&] { return klass; });
        return false;
    }
    return check_name(col, what, out);
}

bool RowContext::check_name(std::size_t col, std::string_view what, std::string_view name) {
    if (name.size() > k_max_name_bytes) {
        const std::string klass = fmt::format("{} longer than {} bytes", what, k_max_name_bytes);
        problems.add_classed(csv.line(), static_cast<long>(col + 1), klass, [&] {
            return fmt::format("{} is {} bytes long; the limit is {} ({})", what, name.size(),
                               k_max_name_bytes, quote_field(name));
        });
        return false;
    }
    if (auto bad = invalid_utf8_at(name)) {
        const std::string klass = fmt::format("{} is not valid UTF-8", what);
        problems.add_classed(csv.line(), static_cast<long>(col + 1), klass, [&] {
            return fmt::format("{} {} is not valid UTF-8 (byte {}); save the file as UTF-8", what,
                               quote_field(name), *bad + 1);
        });
        return false;
    }
    return true;
}

void RowContext::bad_value(std::size_t col, std::string_view channel, NumberStatus status) {
    std::string_view text = csv.fields()[col];
    const bool non_finite = status == NumberStatus::non_finite;
    const std::string klass = fmt::format("channel {}: {}", visible(channel),
                                          non_finite ? "non-finite value" : "expected a number");
    problems.add_classed(csv.line(), static_cast<long>(col + 1), klass, [&] {
        if (non_finite)
            return fmt::format(
                "channel {}: non-finite value {} (leave the field empty or write NaN for a "
                "missing value)",
                visible(channel), quote_field(text));
        return fmt::format("channel {}: expected a number, got {}", visible(channel),
                           quote_field(text));
    });
}

}  // namespace heatloop::io
