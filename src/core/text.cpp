#include "heatloop/core/text.hpp"

#include <algorithm>
#include <cstdint>

#include <fmt/format.h>

namespace heatloop {

std::vector<std::string> split_list(std::string_view text, char separator) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const std::size_t end = std::min(text.find(separator, pos), text.size());
        std::string_view item = text.substr(pos, end - pos);
        const std::size_t first = item.find_first_not_of(' ');
        if (first != std::string_view::npos)
            out.emplace_back(item.substr(first, item.find_last_not_of(' ') - first + 1));
        pos = end + 1;
    }
    return out;
}

namespace {

/// Decodes one well-formed UTF-8 sequence at `pos`: its code point and length, or length 0
/// when the bytes there are ill-formed (RFC 3629 / Unicode table 3-7).
struct Decoded {
    char32_t cp = 0;
    std::size_t length = 0;
};

Decoded decode(std::string_view s, std::size_t pos) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[pos + i]); };
    const unsigned char b0 = byte(0);
    if (b0 < 0x80) return {b0, 1};
    std::size_t n = 0;
    char32_t cp = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        n = 2;
        cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        n = 3;
        cp = b0 & 0x0F;
        if (b0 == 0xE0) lo = 0xA0;  // no overlong forms
        if (b0 == 0xED) hi = 0x9F;  // no surrogates
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        n = 4;
        cp = b0 & 0x07;
        if (b0 == 0xF0) lo = 0x90;
        if (b0 == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
    } else {
        return {};
    }
    if (pos + n > s.size()) return {};
    for (std::size_t i = 1; i < n; ++i) {
        const unsigned char b = byte(i);
        if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xBF)) return {};
        cp = (cp << 6) | (b & 0x3F);
    }
    return {cp, n};
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

}  // namespace

std::optional<std::size_t> invalid_utf8_at(std::string_view text) {
    for (std::size_t pos = 0; pos < text.size();) {
        if (static_cast<unsigned char>(text[pos]) < 0x80) {
            ++pos;
            continue;
        }
        const Decoded d = decode(text, pos);
        if (d.length == 0) return pos;
        pos += d.length;
    }
    return std::nullopt;
}

std::string repair_utf8(std::string_view text) {
    if (valid_utf8(text)) return std::string(text);
    std::string out;
    out.reserve(text.size() + 8);
    for (std::size_t pos = 0; pos < text.size();) {
        const Decoded d = decode(text, pos);
        if (d.length == 0) {
            append_utf8(out, U'\uFFFD');
            ++pos;
        } else {
            out.append(text.substr(pos, d.length));
            pos += d.length;
        }
    }
    return out;
}

bool invisible_code_point(char32_t cp) {
    if (cp < 0x20 || cp == 0x7F) return true;       // C0 controls, DEL
    if (cp >= 0x80 && cp <= 0x9F) return true;      // C1 controls
    if (cp == 0xA0 || cp == 0xAD) return true;      // no-break space, soft hyphen
    if (cp == 0x034F || cp == 0x061C) return true;  // combining grapheme joiner, ALM
    if (cp == 0x115F || cp == 0x1160) return true;  // Hangul fillers
    if (cp == 0x1680 || cp == 0x180E) return true;  // Ogham space, Mongolian separator
    if (cp >= 0x2000 && cp <= 0x200F) return true;  // spaces, zero-width, marks
    if (cp >= 0x2028 && cp <= 0x202F) return true;  // separators, embeddings, NNBSP
    if (cp >= 0x205F && cp <= 0x206F) return true;  // math space, invisible operators
    if (cp == 0x3000 || cp == 0x3164 || cp == 0xFEFF) return true;
    if (cp >= 0xFFF0 && cp <= 0xFFFB) return true;  // specials, annotation marks
    return false;
}

std::string visible(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t pos = 0; pos < text.size();) {
        const Decoded d = decode(text, pos);
        if (d.length == 0) {
            out += fmt::format("<0x{:02X}>", static_cast<unsigned char>(text[pos]));
            ++pos;
            continue;
        }
        if (invisible_code_point(d.cp))
            out += fmt::format("<U+{:04X}>", static_cast<std::uint32_t>(d.cp));
        else
            out.append(text.substr(pos, d.length));
        pos += d.length;
    }
    return out;
}

}  // namespace heatloop
