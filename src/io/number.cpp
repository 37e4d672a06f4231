#include "io/number.hpp"

#include <fast_float/fast_float.h>

#include <cmath>

namespace heatloop::io {

namespace {

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != b[i]) return false;
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Classifies a value fast_float accepted: NaN spelled out is "missing", infinities are not
// data (and neither is an overflow, which fast_float turns into an infinity).
NumberStatus classify(double v, double& out) {
    if (std::isnan(v)) return NumberStatus::missing;
    if (std::isinf(v)) return NumberStatus::non_finite;
    out = v;
    return NumberStatus::ok;
}

// Parses the whole of s with the given decimal point; false if anything is left over.
bool parse_all(std::string_view s, char point, double& v) {
    const char* end = s.data() + s.size();
    auto r = fast_float::from_chars_advanced(
        s.data(), end, v, fast_float::parse_options(fast_float::chars_format::general, point));
    return r.ec == std::errc() && r.ptr == end;
}

}  // namespace

bool is_missing_token(std::string_view text) noexcept {
    std::string_view s = trim(text);
    return s.empty() || iequals(s, "nan") || iequals(s, "na") || iequals(s, "n/a") ||
           iequals(s, "null") || iequals(s, "none");
}

MissingValues::MissingValues(const std::vector<std::string>& tokens) {
    for (const std::string& t : tokens) {
        double v = 0;
        if (parse_number(t, false, v) == NumberStatus::ok)
            numbers_.push_back(v);
        else if (!trim(t).empty())
            texts_.emplace_back(trim(t));
    }
}

bool MissingValues::text(std::string_view field) const noexcept {
    const std::string_view s = trim(field);
    for (const std::string& t : texts_)
        if (s == t) return true;
    return false;
}

NumberStatus parse_number_slow(std::string_view text, bool decimal_comma, double& out) noexcept {
    if (text.empty()) return NumberStatus::missing;
    double v = 0;
    // Exponents, long mantissas, "nan"/"inf": fast_float when it consumes the whole field.
    if (parse_all(text, '.', v)) return classify(v, out);

    std::string_view s = trim(text);
    if (is_missing_token(s)) return NumberStatus::missing;
    if (s.size() > 1 && s.front() == '+' && s[1] != '-' && s[1] != '+') s.remove_prefix(1);
    if (parse_all(s, '.', v)) return classify(v, out);
    if (decimal_comma && s.find(',') != std::string_view::npos && parse_all(s, ',', v))
        return classify(v, out);
    return NumberStatus::not_a_number;
}

}  // namespace heatloop::io
