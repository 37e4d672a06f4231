#pragma once
// Internals of label file parsing: the CSV and JSON readers turn records into drafts
// through one field checker, so both formats accept and reject exactly the same things.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "heatloop/store/label_file.hpp"

namespace heatloop::store::detail {

// One record of a file: its place and its fields by column name (nullopt = JSON null).
// `columns` holds each field's 1-based column in a CSV file (empty for JSON, whose fields
// are named instead).
struct Record {
    SourceLocation where;
    std::vector<std::pair<std::string, std::optional<std::string>>> fields;
    std::vector<long> columns{};
};

// Checks a record's fields and appends the row (and its problems) to `file`.
void add_record(const Record& record, std::string_view default_source, LabelFile& file);

// Problems with a set of column names, reported at `where`: unknown names, and missing
// required ones when `require`.
void check_columns(const std::vector<std::string>& columns, const SourceLocation& where,
                   LabelFile& file, bool require);

// CSV: a header row naming the columns, then one label per record (RFC 4180 quoting).
void parse_csv_rows(std::string_view text, LabelFile& file, std::string_view default_source);
// JSON: an array of label objects (or {"labels": [...]}); lines are those the objects start on.
void parse_json_rows(std::string_view text, LabelFile& file, std::string_view default_source);

// Confidence as text in files: two decimals ("0.80") when exact, else the shortest exact text.
std::string format_confidence(double c);

}  // namespace heatloop::store::detail
