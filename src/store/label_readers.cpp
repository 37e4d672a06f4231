// The CSV and JSON readers of label files. Both only split the text into records with line
// numbers; label_fields.cpp checks the fields.

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "heatloop/core/text.hpp"
#include "store/label_fields.hpp"

namespace heatloop::store::detail {

namespace {

// Splits CSV text into records of fields; quoted fields may hold commas, doubled quotes and
// line breaks. Each record remembers the line it starts on.
class CsvSplitter {
public:
    explicit CsvSplitter(std::string_view text) : s_(text) {
        if (s_.starts_with("\xEF\xBB\xBF")) pos_ = 3;  // UTF-8 byte-order mark
    }

    // The next non-blank record; false at the end. `error` is set for an unclosed quote.
    bool next(std::vector<std::string>& fields, long& line, std::string& error) {
        for (;;) {
            if (pos_ >= s_.size()) return false;
            fields.clear();
            line = line_;
            bool blank = read_record(fields, error);
            if (!blank || !error.empty()) return true;
        }
    }

private:
    // Reads one record; true when it was an empty line.
    bool read_record(std::vector<std::string>& fields, std::string& error) {
        std::string field;
        bool quoted = false, any = false;
        while (pos_ < s_.size()) {
            char c = s_[pos_++];
            if (quoted) {
                if (c == '"') {
                    if (pos_ < s_.size() && s_[pos_] == '"') {
                        field += '"';
                        ++pos_;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') ++line_;
                    field += c;
                }
            } else if (c == '"' && field.empty()) {
                quoted = any = true;
            } else if (c == ',') {
                fields.push_back(std::move(field));
                field.clear();
                any = true;
            } else if (c == '\n') {
                ++line_;
                break;
            } else if (c != '\r') {
                field += c;
                any = true;
            }
        }
        if (quoted) error = "a quoted field is not closed";
        if (!any && field.empty()) return true;
        fields.push_back(std::move(field));
        return false;
    }

    std::string_view s_;
    std::size_t pos_ = 0;
    long line_ = 1;
};

// Line numbers on which the elements of the top-level JSON array start.
std::vector<long> element_lines(std::string_view text) {
    std::vector<long> lines;
    long line = 1;
    int depth = 0;
    bool in_string = false, escape = false, expect = false;
    for (char c : text) {
        if (c == '\n') ++line;
        if (in_string) {
            if (escape)
                escape = false;
            else if (c == '\\')
                escape = true;
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
        if (expect && depth == 1 && c != ']') lines.push_back(line);
        expect = false;
        if (c == '"')
            in_string = true;
        else if (c == '[' || c == '{') {
            ++depth;
            if (depth == 1 && c == '[') expect = true;
        } else if (c == ']' || c == '}')
            --depth;
        else if (c == ',' && depth == 1)
            expect = true;
    }
    return lines;
}

// "file:line:column" of byte `at`; the column counts characters (UTF-8 sequences) from 1.
SourceLocation location_of(std::string_view text, std::size_t at, const std::string& name) {
    at = std::min(at, text.size());
    const std::size_t line_start = text.rfind('\n', at == 0 ? 0 : at - 1);
    const std::size_t from = line_start == std::string_view::npos || at == 0 ? 0 : line_start + 1;
    long column = 1;
    for (std::size_t i = from; i < at; ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
    const long line = 1 + static_cast<long>(std::count(text.begin(), text.begin() + at, '\n'));
    return {name, line, column};
}

// The text between the first and the last single quote of a message ("" when none).
std::string quoted_token(std::string_view message) {
    const std::size_t a = message.find('\''), b = message.rfind('\'');
    if (a == std::string_view::npos || b <= a) return {};
    return std::string(message.substr(a + 1, b - a - 1));
}

// Where `token` first stands as a number outside any JSON string (text.size() when nowhere).
std::size_t number_offset(std::string_view text, std::string_view token) {
    if (token.empty()) return text.size();
    bool in_string = false, escape = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (escape)
                escape = false;
            else if (c == '\\')
                escape = true;
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
            continue;
        }
        const bool starts =
            i == 0 || std::string_view(",[:{ \t\r\n").find(text[i - 1]) != std::string_view::npos;
        if (starts && text.substr(i).starts_with(token)) return i;
    }
    return text.size();
}

}  // namespace

void parse_csv_rows(std::string_view text, LabelFile& file, std::string_view default_source) {
    CsvSplitter split(text);
    std::vector<std::string> header, fields;
    long line = 0;
    std::string error;
    if (!split.next(header, line, error)) {
        SourceLocation first{file.name, 1, 0};
        file.problems.push_back({first, "empty file: expected a header line with " +
                                            std::string(k_label_file_columns)});
        return;
    }
    for (auto& h : header) {
        while (!h.empty() && (h.back() == ' ' || h.back() == '\r')) h.pop_back();
        while (!h.empty() && h.front() == ' ') h.erase(h.begin());
    }
    std::size_t before = file.problems.size();
    check_columns(header, {file.name, line, 0}, file, true);
    if (file.problems.size() != before) return;  // rows cannot be read without their columns
    while (split.next(fields, line, error)) {
        SourceLocation where{file.name, line, 0};
        if (!error.empty()) {
            file.problems.push_back({where, error});
            return;
        }
        if (fields.size() != header.size()) {
            file.problems.push_back(
                {where, fmt::format("expected {} fields, got {}", header.size(), fields.size())});
            file.rows.push_back({where, {}, false});
            continue;
        }
        Record rec{where, {}};
        for (std::size_t i = 0; i < header.size(); ++i) {
            rec.fields.emplace_back(header[i], std::move(fields[i]));
            rec.columns.push_back(static_cast<long>(i) + 1);
        }
        add_record(rec, default_source, file);
    }
}

void parse_json_rows(std::string_view text, LabelFile& file, std::string_view default_source) {
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        // e.byte counts the bytes read, the bad one included. For ill-formed UTF-8 that is
        // the byte after the sequence; the sequence itself is the better place to point at.
        const std::size_t at = e.byte > 0 ? std::min<std::size_t>(e.byte - 1, text.size()) : 0;
        if (auto bad = invalid_utf8_at(text); bad && *bad <= at) {
            file.problems.push_back({location_of(text, *bad, file.name),
                                     fmt::format("not valid UTF-8 (byte 0x{:02X})",
                                                 static_cast<unsigned char>(text[*bad]))});
            return;
        }
        file.problems.push_back({location_of(text, at, file.name),
                                 fmt::format("not valid JSON: {}", visible(e.what()))});
        return;
    } catch (const nlohmann::json::out_of_range& e) {
        // A number beyond double's range (1e309): the lexer names the text, not its place.
        const std::string token = quoted_token(e.what());
        const std::size_t at = number_offset(text, token);
        file.problems.push_back({location_of(text, at, file.name),
                                 fmt::format("number {} is out of range", visible(token))});
        return;
    } catch (const nlohmann::json::exception& e) {
        const SourceLocation first{file.name, 1, 0};
        file.problems.push_back({first, fmt::format("not valid JSON: {}", visible(e.what()))});
        return;
    }
    std::vector<long> lines = element_lines(text);
    if (doc.is_object() && doc.contains("labels")) {
        doc = doc["labels"];
        lines.clear();  // positions are only tracked for a top-level array
    }
    if (!doc.is_array()) {
        SourceLocation first{file.name, 1, 0};
        file.problems.push_back({first, "expected a JSON array of label objects"});
        return;
    }
    for (std::size_t i = 0; i < doc.size(); ++i) {
        SourceLocation where{file.name, i < lines.size() ? lines[i] : 0, 0};
        const auto& obj = doc[i];
        if (!obj.is_object()) {
            file.problems.push_back({where, fmt::format("item {} is not an object", i + 1)});
            file.rows.push_back({where, {}, false});
            continue;
        }
        Record rec{where, {}};
        std::vector<std::string> keys;
        for (auto& [k, v] : obj.items()) {
            keys.push_back(k);
            if (v.is_null())
                rec.fields.emplace_back(k, std::nullopt);
            else if (v.is_string())
                rec.fields.emplace_back(k, v.get<std::string>());
            else
                rec.fields.emplace_back(k, v.dump());
        }
        std::size_t before = file.problems.size();
        check_columns(keys, where, file, false);
        add_record(rec, default_source, file);
        if (file.problems.size() != before) file.rows.back().ok = false;
    }
}

}  // namespace heatloop::store::detail
