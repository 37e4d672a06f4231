#pragma once
/// Splitting CSV records into fields without copying them.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace heatloop::io {

/// The delimiter of a header line: whichever of ',', ';' and tab occurs most often outside
/// quotes (',' when none does or on a tie with ',').
char detect_delimiter(std::string_view header_line) noexcept;

/// Why a record could not be split.
enum class SplitError {
    none,
    unterminated_quote,  ///< a quoted field does not end on this record
    text_after_quote,    ///< characters between a closing quote and the next delimiter
};

/// Outcome of splitting one record.
struct SplitResult {
    SplitError error = SplitError::none;
    std::size_t column = 0;  ///< 1-based field where the error is
};

/// Splits records on one delimiter. Fields are views into the record, except quoted fields
/// containing "" escapes, which are unescaped into an internal buffer; either way they stay
/// valid until the next split(). Spaces around unquoted fields and around quotes are
/// trimmed. A quote inside an unquoted field is an ordinary character.
class CsvTokenizer {
public:
    /// A tokenizer for `delimiter` (',', ';' or '\t').
    explicit CsvTokenizer(char delimiter) noexcept : delim_(delimiter) {}

    /// Splits `record` into `fields` (cleared first).
    SplitResult split(std::string_view record, std::vector<std::string_view>& fields);

    /// The delimiter.
    char delimiter() const noexcept { return delim_; }

private:
    SplitResult split_quoted(std::string_view record, std::vector<std::string_view>& fields);

    char delim_;
    std::string scratch_;
};

/// `field` without the spaces and tabs around it (a tab is kept when it is the delimiter),
/// as split() trims unquoted fields.
std::string_view trim_field(std::string_view field, char delimiter) noexcept;

/// Human-readable reason for a SplitError.
std::string_view describe(SplitError e) noexcept;

}  // namespace heatloop::io
