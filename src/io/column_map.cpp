#include "io/column_map.hpp"

#include <fmt/format.h>

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

ColumnMapper::ColumnMapper(const std::map<std::string, std::string>& column_map) {
    for (const auto& [from, to] : column_map) by_key_[lower_trim(from)] = std::string(trim(to));
}

std::string ColumnMapper::map(std::string_view raw) const {
    if (!by_key_.empty()) {
        auto it = by_key_.find(lower_trim(raw));
        if (it != by_key_.end()) return it->second;
    }
    return std::string(trim(raw));
}

std::string ColumnMapper::channel_name(std::string_view raw) const {
    std::string name = map(raw);
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
