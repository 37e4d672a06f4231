#pragma once
/// Small text helpers shared by the command line, the readers and the web API.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace heatloop {

/// The items of a separated list ("a, b,,c" -> a, b, c): spaces around an item are trimmed
/// and empty items dropped.
std::vector<std::string> split_list(std::string_view text, char separator = ',');

/// The byte offset of the first byte that does not start or continue a well-formed UTF-8
/// sequence (overlong forms, surrogates and code points above U+10FFFF are ill-formed), or
/// nullopt when all of `text` is valid UTF-8.
std::optional<std::size_t> invalid_utf8_at(std::string_view text);
inline bool valid_utf8(std::string_view text) {
    return !invalid_utf8_at(text);
}

/// `text` with every ill-formed UTF-8 sequence replaced by U+FFFD, for text read back from a
/// store that predates validation: reading never fails on it.
std::string repair_utf8(std::string_view text);

/// `text` as a person should see it in an error message: control characters, invisible
/// and look-alike-space code points (soft hyphen, no-break and zero-width spaces, byte-order
/// mark, ...) as <U+00AD>, NUL as <U+0000>, bytes of ill-formed UTF-8 as <0xFF>. Visible text
/// is unchanged, so "t_supply" stays t_supply.
std::string visible(std::string_view text);

/// Whether a code point is invisible or easily mistaken for a plain space when printed.
bool invisible_code_point(char32_t cp);

}  // namespace heatloop
