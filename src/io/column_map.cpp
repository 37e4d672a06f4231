#include "io/column_map.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "heatloop/core/channels.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/io/read.hpp"
#include "io/csv_tokenizer.hpp"
#include "io/line_source.hpp"

namespace heatloop::io {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

std::string lower_trim(std::string_view text) {
    std::string out(trim(text));
    for (char& c : out) c = lower(c);
    return out;
}

std::string alias_key(std::string_view text) {
    std::string out;
    for (char c : trim(text)) {
        if (c == ' ' || c == '-' || c == '.') {
            if (!out.empty() && out.back() != '_') out.push_back('_');
        } else {
            out.push_back(lower(c));
        }
    }
    return out;
}

std::string normalize_name(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size();) {
        const auto b = static_cast<unsigned char>(raw[i]);
        // Two- and three-byte sequences of the characters named above.
        if (b == 0xC2 && i + 1 < raw.size()) {
            const auto c = static_cast<unsigned char>(raw[i + 1]);
            if (c == 0xAD) {  // soft hyphen
                i += 2;
                continue;
            }
            if (c == 0xA0) {  // no-break space
                out.push_back(' ');
                i += 2;
                continue;
            }
        }
        if (b == 0xE2 && i + 2 < raw.size()) {
            const auto c = static_cast<unsigned char>(raw[i + 1]);
            const auto d = static_cast<unsigned char>(raw[i + 2]);
            if (c == 0x80 && (d >= 0x8B && d <= 0x8D)) {  // zero-width space, (non-)joiner
                i += 3;
                continue;
            }
            if (c == 0x81 && d == 0xA0) {  // word joiner
                i += 3;
                continue;
            }
            if (c == 0x80 && (d == 0xAF || d == 0x87)) {  // narrow / figure no-break space
                out.push_back(' ');
                i += 3;
                continue;
            }
        }
        if (b == 0xEF && i + 2 < raw.size() && static_cast<unsigned char>(raw[i + 1]) == 0xBB &&
            static_cast<unsigned char>(raw[i + 2]) == 0xBF) {  // byte-order mark
            i += 3;
            continue;
        }
        out.push_back(raw[i++]);
    }
    return std::string(trim(out));
}

namespace {

// "#3" -> 3; nullopt when the text is not '#' and digits.
std::optional<std::size_t> position_key(std::string_view text) {
    std::string_view t = trim(text);
    if (t.size() < 2 || t.front() != '#' || t.size() > 8) return std::nullopt;
    std::size_t n = 0;
    for (char c : t.substr(1)) {
        if (c < '0' || c > '9') return std::nullopt;
        n = n * 10 + static_cast<std::size_t>(c - '0');
    }
    if (n == 0)
        throw InvalidInputError(fmt::format(
            "column '{}': columns are numbered from #1 (the first column of the header)", t));
    return n;
}

bool all_letters(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
    return true;
}

}  // namespace

ColumnMapper::ColumnMapper(const std::map<std::string, std::string>& column_map) {
    add_mappings(column_map);
}

ColumnMapper ColumnMapper::of(const ReadOptions& options) {
    ColumnMapper m(options.column_map);
    m.add_drops(options.drop);
    return m;
}

void ColumnMapper::add_mappings(const std::map<std::string, std::string>& column_map) {
    for (const auto& [from, to_text] : column_map) {
        std::string to(trim(to_text));
        // "t_supply:degF": the values are in that unit and are converted.
        if (const auto colon = to.rfind(':'); colon != std::string::npos && colon > 0) {
            const std::string unit(trim(std::string_view(to).substr(colon + 1)));
            if (auto c = find_conversion(unit)) {
                to = std::string(trim(std::string_view(to).substr(0, colon)));
                conversions_[to] = *c;
                conversions_[lower_trim(to)] = *c;  // as channel_name() spells a standard one
            } else if (all_letters(unit)) {
                throw InvalidInputError(
                    fmt::format("--map '{}={}': unknown unit '{}'; known units: {} "
                                "(docs/formats.md \"Units\")",
                                from, to_text, unit, known_units()));
            }
        }
        if (auto pos = position_key(from)) {
            by_position_[*pos] = to;
            max_position_ = std::max(max_position_, *pos);
        } else {
            by_key_[lower_trim(normalize_name(from))] = to;
        }
    }
}

void ColumnMapper::add_drops(const std::vector<std::string>& drop) {
    for (const std::string& d : drop) {
        if (auto pos = position_key(d)) {
            drop_positions_.push_back(*pos);
            max_position_ = std::max(max_position_, *pos);
        } else {
            drop_keys_.push_back(lower_trim(normalize_name(d)));
        }
    }
}

std::string ColumnMapper::map(std::string_view raw, int position) const {
    if (position >= 0 && !by_position_.empty()) {
        auto it = by_position_.find(static_cast<std::size_t>(position) + 1);
        if (it != by_position_.end()) return it->second;
    }
    std::string name = normalize_name(raw);
    if (!by_key_.empty()) {
        auto it = by_key_.find(lower_trim(name));
        if (it != by_key_.end()) return it->second;
    }
    return name;
}

bool ColumnMapper::dropped(std::string_view raw, int position) const {
    if (position >= 0 && std::find(drop_positions_.begin(), drop_positions_.end(),
                                   static_cast<std::size_t>(position) + 1) != drop_positions_.end())
        return true;
    if (drop_keys_.empty()) return false;
    const std::string key = lower_trim(normalize_name(raw));
    return std::find(drop_keys_.begin(), drop_keys_.end(), key) != drop_keys_.end();
}

const Conversion* ColumnMapper::conversion(const std::string& name) const {
    auto it = conversions_.find(name);
    return it == conversions_.end() ? nullptr : &it->second;
}

std::string ColumnMapper::channel_name(std::string_view raw, int position) const {
    std::string name = map(raw, position);
    std::string key = lower_trim(name);
    if (key != name && find_channel_spec(key)) return key;
    return name;
}

std::pair<std::string, std::string> parse_column_mapping(std::string_view text) {
    size_t eq = text.rfind('=');
    std::string_view from = eq == std::string_view::npos ? text : trim(text.substr(0, eq));
    std::string_view to = eq == std::string_view::npos ? "" : trim(text.substr(eq + 1));
    if (eq == std::string_view::npos || from.empty() || to.empty())
        throw InvalidInputError(
            fmt::format("column mapping '{}': expected 'vendor column name=channel', e.g. "
                        "'Supply line (BT2)=t_supply'",
                        text));
    return {std::string(from), std::string(to)};
}

std::map<std::string, std::string> load_column_map(const std::filesystem::path& file) {
    LineSource src(file);
    std::map<std::string, std::string> out;
    std::vector<std::string_view> fields;
    std::string_view line;
    bool first = true;
    while (src.next(line)) {
        std::string_view t = trim(line);
        if (t.empty() || t.front() == '#') continue;
        std::string where = fmt::format("{}:{}", src.name(), src.line_number());
        std::pair<std::string, std::string> kv;
        if (t.find('=') != std::string_view::npos) {
            try {
                kv = parse_column_mapping(t);
            } catch (const InvalidInputError& e) {
                throw InvalidInputError(fmt::format("{}: {}", where, e.what()));
            }
        } else {
            CsvTokenizer tok(detect_delimiter(t));
            SplitResult r = tok.split(t, fields);
            bool ok = r.error == SplitError::none && fields.size() == 2 &&
                      !trim(fields[0]).empty() && !trim(fields[1]).empty();
            if (!ok)
                throw InvalidInputError(fmt::format(
                    "{}: expected 'vendor column name=channel' or two CSV columns, got '{}'", where,
                    t));
            // A CSV mapping file may start with a header such as "column,channel".
            std::string second = alias_key(fields[1]);
            bool is_header = first && (second == "channel" || second == "to" ||
                                       second == "target" || second == "channel_name");
            first = false;
            if (is_header) continue;
            kv = {std::string(trim(fields[0])), std::string(trim(fields[1]))};
        }
        first = false;
        auto [it, inserted] = out.emplace(kv.first, kv.second);
        if (!inserted && it->second != kv.second)
            throw InvalidInputError(fmt::format("{}: column '{}' mapped twice: to '{}' and '{}'",
                                                where, kv.first, it->second, kv.second));
    }
    return out;
}

}  // namespace heatloop::io
