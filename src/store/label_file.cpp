#include "heatloop/store/label_file.hpp"

#include <fmt/format.h>

#include <array>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "heatloop/core/enum_names.hpp"
#include "store/label_fields.hpp"

namespace heatloop::store {

namespace {

constexpr std::array k_formats{std::pair{LabelFileFormat::csv, "csv"},
                               std::pair{LabelFileFormat::json, "json"}};

}  // namespace

std::string_view format_name(LabelFileFormat f) {
    return enum_name(k_formats, f);
}

LabelFileFormat parse_label_format(std::string_view name) {
    return parse_enum(k_formats, name, "label file format");
}

LabelFileFormat label_format_of(const std::filesystem::path& file) {
    return file.extension() == ".json" ? LabelFileFormat::json : LabelFileFormat::csv;
}

std::string FileProblem::str() const {
    return fmt::format("{}: {}", where.str(), reason);
}

std::string duplicate_key(const LabelDraft& d) {
    // Unit separators cannot occur in ids, and fields are length-prefixed, so keys of
    // different drafts never collide.
    return fmt::format("{}:{}|{}|{}|{}:{}|{}|{}|{}:{}|{}:{}", d.unit_id.size(), d.unit_id, d.start,
                       d.end, d.category.size(), d.category, d.confidence, status_name(d.status),
                       d.reviewer.size(), d.reviewer, d.notes.size(), d.notes);
}

std::string duplicate_key(const Label& l) {
    return duplicate_key(LabelDraft{l.unit_id, l.start, l.end, l.category, l.confidence, l.status,
                                    l.source, l.reviewer, l.notes});
}

LabelFile parse_label_text(std::string_view text, LabelFileFormat format, std::string name,
                           std::string_view default_source) {
    LabelFile file;
    file.name = std::move(name);
    if (format == LabelFileFormat::csv)
        detail::parse_csv_rows(text, file, default_source);
    else
        detail::parse_json_rows(text, file, default_source);
    // Exact duplicates within the file: every later copy is reported against the first.
    std::map<std::string, long> first_line;
    for (auto& row : file.rows) {
        if (!row.ok) continue;
        auto [it, fresh] = first_line.emplace(duplicate_key(row.draft), row.where.line);
        if (!fresh) {
            row.ok = false;
            file.problems.push_back(
                {row.where, fmt::format("exact duplicate of line {}", it->second)});
        }
    }
    return file;
}

LabelFile read_label_file(const std::filesystem::path& path, std::optional<LabelFileFormat> format,
                          std::string_view default_source) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw IoError(fmt::format("label file {}: cannot be read", path.string()));
    std::ostringstream buf;
    buf << in.rdbuf();
    if (in.bad()) throw IoError(fmt::format("label file {}: read failed", path.string()));
    return parse_label_text(buf.str(), format.value_or(label_format_of(path)),
                            path.filename().string(), default_source);
}

namespace {

std::string csv_field(std::string_view s) {
    if (s.find_first_of(",\"\r\n") == std::string_view::npos &&
        (s.empty() || (s.front() != ' ' && s.back() != ' ')))
        return std::string(s);
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

}  // namespace

void write_labels(std::ostream& out, std::span<const Label> labels, LabelFileFormat format) {
    if (format == LabelFileFormat::json) {
        nlohmann::json arr = nlohmann::json::array();
        for (const Label& l : labels) arr.push_back(to_json(l));
        out << arr.dump(2) << '\n';
        return;
    }
    out << k_label_file_columns << '\n';
    for (const Label& l : labels) {
        out << csv_field(l.unit_id) << ',' << format_iso(l.start) << ',' << format_iso(l.end) << ','
            << csv_field(l.category) << ',' << detail::format_confidence(l.confidence) << ','
            << status_name(l.status) << ',' << csv_field(l.reviewer) << ',' << csv_field(l.notes)
            << '\n';
    }
}

}  // namespace heatloop::store
