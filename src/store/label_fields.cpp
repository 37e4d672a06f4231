#include "store/label_fields.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

#include "heatloop/core/text.hpp"

namespace heatloop::store::detail {

namespace {

constexpr std::array<std::string_view, 4> k_required{"unit_id", "start", "end", "category"};
constexpr std::array<std::string_view, 5> k_optional{"confidence", "status", "reviewer", "notes",
                                                     "source"};
// Fields a JSON export carries that an import ignores (the store assigns them).
constexpr std::array<std::string_view, 5> k_ignored{"id", "version", "revision", "created_at",
                                                    "updated_at"};

bool contains(std::span<const std::string_view> set, std::string_view s) {
    return std::find(set.begin(), set.end(), s) != set.end();
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

std::optional<Timestamp> parse_time(std::string_view text) {
    if (trim(text).empty()) return std::nullopt;
    try {
        return parse_utc(text);
    } catch (const InvalidInputError&) {
        return std::nullopt;
    }
}

}  // namespace

std::string format_confidence(double c) {
    // Two decimals, as the simulator and most tools write confidences, whenever that text
    // reads back to the same number; otherwise the shortest exact text.
    std::string two = fmt::format("{:.2f}", c);
    double back = 0;
    std::from_chars(two.data(), two.data() + two.size(), back);
    return back == c ? two : fmt::format("{}", c);
}

void check_columns(const std::vector<std::string>& columns, const SourceLocation& where,
                   LabelFile& file, bool require) {
    for (std::string_view req : k_required)
        if (require)
            if (std::find(columns.begin(), columns.end(), req) == columns.end())
                file.problems.push_back({where, fmt::format("missing column '{}' (expected {})",
                                                            req, k_label_file_columns)});
    for (const std::string& c : columns)
        if (!contains(k_required, c) && !contains(k_optional, c) && !contains(k_ignored, c))
            file.problems.push_back(
                {where, fmt::format("unknown column '{}' (expected {}[,source])", visible(c),
                                    k_label_file_columns)});
}

void add_record(const Record& record, std::string_view default_source, LabelFile& file) {
    LabelFileRow row;
    row.where = record.where;
    row.draft.source = std::string(default_source);
    auto problem = [&](std::string reason) {
        row.ok = false;
        file.problems.push_back({record.where, std::move(reason)});
    };
    std::optional<std::string> start_text, end_text;
    for (std::size_t i = 0; i < record.fields.size(); ++i) {
        const auto& [key, opt] = record.fields[i];
        const std::string raw = opt.value_or("");
        // Text that is not valid UTF-8 (or holds a NUL) never reaches the store: the field
        // is named by its column (CSV) or its name (JSON), and shown with visible().
        if (auto bad = text_problem(raw)) {
            SourceLocation at = record.where;
            if (i < record.columns.size()) at.column = record.columns[i];
            row.ok = false;
            file.problems.push_back(
                {at, fmt::format("{}: {}: '{}'", visible(key), *bad, visible(raw))});
            continue;
        }
        const std::string_view v = trim(raw);
        if (key == "unit_id")
            row.draft.unit_id = std::string(v);
        else if (key == "category")
            row.draft.category = std::string(v);
        else if (key == "start")
            start_text = std::string(v);
        else if (key == "end")
            end_text = std::string(v);
        else if (key == "reviewer")
            row.draft.reviewer = raw;
        else if (key == "notes")
            row.draft.notes = raw;
        else if (key == "status" && !v.empty()) {
            if (auto s = find_status(v))
                row.draft.status = *s;
            else
                problem(fmt::format(
                    "unknown status '{}' (expected proposed, confirmed, rejected or superseded)",
                    v));
        } else if (key == "source" && !v.empty()) {
            row.draft.source = std::string(v);
            if (!is_valid_source(v))
                problem(
                    fmt::format("source '{}': expected human, import, field_visit, "
                                "service_ticket, run:<id> or similar:<label id>",
                                v));
        } else if (key == "confidence" && !v.empty()) {
            double c = 0;
            auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), c);
            if (ec != std::errc() || p != v.data() + v.size() || !std::isfinite(c))
                problem(fmt::format("confidence '{}' is not a number", v));
            else if (c < 0.0 || c > 1.0)
                problem(fmt::format("confidence {} is outside 0..1", v));
            else
                row.draft.confidence = normal_confidence(c);  // -0 is read as 0
        }
    }
    if (row.draft.unit_id.empty()) problem("unit_id is missing or empty");
    if (row.draft.category.empty()) problem("category is missing or empty");
    std::optional<Timestamp> start, end;
    if (start_text && !(start = parse_time(*start_text)))
        problem(
            fmt::format("start '{}' is not a time (expected ISO 8601 UTC, e.g. "
                        "2024-01-01T06:00:00Z)",
                        *start_text));
    if (end_text && !(end = parse_time(*end_text)))
        problem(
            fmt::format("end '{}' is not a time (expected ISO 8601 UTC, e.g. "
                        "2024-01-01T06:00:00Z)",
                        *end_text));
    if (!start_text) problem("start is missing");
    if (!end_text) problem("end is missing");
    if (start && end) {
        row.draft.start = *start;
        row.draft.end = *end;
        if (*end <= *start)
            problem(
                fmt::format("end {} is not after start {}", format_iso(*end), format_iso(*start)));
    }
    file.rows.push_back(std::move(row));
}

}  // namespace heatloop::store::detail
