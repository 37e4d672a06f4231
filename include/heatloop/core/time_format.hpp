#pragma once
/// strftime-like timestamp formats (`ingest --time-format "%m/%d/%Y %H:%M"`), and the
/// spellings of a date order and a fixed UTC offset on the command line.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/core/time.hpp"

namespace heatloop {

/// The civil fields a format read, before any zone is applied.
struct ParsedTime {
    int year = 1970;
    unsigned month = 1, day = 1, hour = 0, minute = 0, second = 0, ms = 0;
    std::optional<int> offset_minutes;  ///< from %z (or a trailing Z)
};

/// A parsed format. Directives: %Y (4-digit year), %y (2-digit year, 1969-2068), %m and %d
/// (1 or 2 digits), %H (0-23) and %I (1-12, with %p AM/PM), %M, %S (1 or 2 digits), %f
/// (fraction of a second, 1-9 digits), %b (Jan, January, any case), %z (Z, +hh, +hhmm,
/// +hh:mm), %T (%H:%M:%S), %F (%Y-%m-%d), %% (a percent sign). A space matches one or more
/// spaces; any other character matches itself. The whole field must match.
class TimeFormat {
public:
    /// Throws InvalidInputError naming the format for an unknown directive, a directive
    /// given twice, or a format without year, month and day (%F counts as all three).
    explicit TimeFormat(std::string_view format);

    /// Reads `text`; false when it does not match or names an impossible date or time.
    bool parse(std::string_view text, ParsedTime& out) const;

    /// The format as given.
    const std::string& text() const noexcept { return text_; }

private:
    struct Item {
        char directive;  // 0 = a literal
        char literal;
    };
    std::string text_;
    std::vector<Item> items_;
};

/// "dmy", "mdy" (any case; also "day-first", "month-first") -> DateOrder; throws
/// InvalidInputError listing the choices.
DateOrder parse_date_order(std::string_view text);
/// "dmy" or "mdy".
std::string_view date_order_name(DateOrder order);

/// "-08:00", "+0530", "+1", "UTC", "Z" -> minutes east of UTC; throws InvalidInputError.
int parse_utc_offset(std::string_view text);

}  // namespace heatloop
