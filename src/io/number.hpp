#pragma once
/// Parsing one numeric CSV field: fast_float on the hot path, then the spellings of
/// "missing" and the decimal comma of semicolon-separated exports.

#include <string>
#include <string_view>
#include <vector>

namespace heatloop::io {

/// What a numeric field turned out to be.
enum class NumberStatus {
    ok,            ///< a finite number
    missing,       ///< empty, NaN, NA, N/A, null, None (any case): a missing value
    not_a_number,  ///< anything else that is not a number
    non_finite,    ///< inf, -inf, Infinity, or a value too large for a double
};

/// The general case of parse_number: everything but plain short decimals.
NumberStatus parse_number_slow(std::string_view text, bool decimal_comma, double& out) noexcept;

/// Parses a plain decimal of at most 15 digits at [p, end) ("-12.75", "3", ".5"; with
/// `decimal_comma` also "12,75"): the bulk of telemetry. Such a mantissa and the power of ten
/// are exact doubles, so one division rounds correctly (Clinger's fast path) and the result
/// equals fast_float's. Returns where the number ends (the caller checks that a delimiter or
/// the end follows), or nullptr when [p, ...) does not start with such a number.
inline const char* parse_plain_prefix(const char* p, const char* end, bool decimal_comma,
                                      double& out) noexcept {
    static constexpr double k_pow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                         1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    const bool negative = p != end && *p == '-';
    p += negative;
    unsigned long long mantissa = 0;
    const char* digits_start = p;
    while (p != end && static_cast<unsigned char>(*p - '0') < 10)
        mantissa = mantissa * 10 + static_cast<unsigned>(*p++ - '0');
    int digits = static_cast<int>(p - digits_start);
    int fraction = 0;
    if (p != end && (*p == '.' || (decimal_comma && *p == ','))) {
        const char* fraction_start = ++p;
        while (p != end && static_cast<unsigned char>(*p - '0') < 10)
            mantissa = mantissa * 10 + static_cast<unsigned>(*p++ - '0');
        fraction = static_cast<int>(p - fraction_start);
        digits += fraction;
    }
    if (digits == 0 || digits > 15) return nullptr;
    double v = static_cast<double>(mantissa);
    if (fraction > 0) v /= k_pow10[fraction];
    out = negative ? -v : v;
    return p;
}

/// parse_plain_prefix over the whole of `s`: false unless all of it is a plain decimal.
inline bool parse_plain_decimal(std::string_view s, bool decimal_comma, double& out) noexcept {
    const char* end = s.data() + s.size();
    double v = 0;
    if (parse_plain_prefix(s.data(), end, decimal_comma, v) != end) return false;
    out = v;
    return true;
}

/// Parse `text` (surrounding spaces allowed, a leading '+' allowed). With
/// `decimal_comma`, "21,5" is read as 21.5 (and "21.5" still as 21.5). On `ok` the value is
/// in `out`; otherwise `out` is untouched.
inline NumberStatus parse_number(std::string_view text, bool decimal_comma, double& out) noexcept {
    if (text.empty()) return NumberStatus::missing;
    if (parse_plain_decimal(text, decimal_comma, out)) return NumberStatus::ok;
    return parse_number_slow(text, decimal_comma, out);
}

/// True when `text` is one of the spellings of a missing value (empty included).
bool is_missing_token(std::string_view text) noexcept;

/// Further spellings of a missing value (ReadOptions::missing, `--missing -32768`): numbers
/// match by value, other text exactly (after trimming).
class MissingValues {
public:
    MissingValues() = default;
    /// From the declared tokens; a token that parses as a number is a numeric sentinel.
    explicit MissingValues(const std::vector<std::string>& tokens);

    /// True when nothing was declared.
    bool empty() const noexcept { return numbers_.empty() && texts_.empty(); }
    /// True when the parsed value `v` is a sentinel.
    bool number(double v) const noexcept {
        for (double n : numbers_)
            if (v == n) return true;
        return false;
    }
    /// True when the field text (not a number) is a sentinel.
    bool text(std::string_view field) const noexcept;

private:
    std::vector<double> numbers_;
    std::vector<std::string> texts_;
};

}  // namespace heatloop::io
