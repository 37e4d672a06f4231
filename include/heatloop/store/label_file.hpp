#pragma once
/// Label files (DESIGN.md "Inputs": CSV or JSON with unit_id,start,end,category,confidence,
/// status,reviewer,notes): parsing with every problem collected as file:line and reason,
/// and writing the same shape back.

#include <filesystem>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/core/error.hpp"
#include "heatloop/store/label.hpp"

namespace heatloop::store {

/// The two label file formats.
enum class LabelFileFormat { csv, json };

/// "csv" or "json".
std::string_view format_name(LabelFileFormat f);
/// Parse "csv" / "json"; throws InvalidInputError listing the valid names.
LabelFileFormat parse_label_format(std::string_view name);
/// The format a file name suggests: json for *.json, csv otherwise.
LabelFileFormat label_format_of(const std::filesystem::path& file);

/// One problem in a file: where and why.
struct FileProblem {
    SourceLocation where;
    std::string reason;
    /// "labels.csv:5: end ... is not after start ...".
    std::string str() const;
};

/// One row of a label file.
struct LabelFileRow {
    SourceLocation where;
    LabelDraft draft;
    bool ok = true;  ///< false when the row itself has a problem (listed in problems)
};

/// A parsed label file: its rows in file order and every problem found in the file alone
/// (columns, times, end <= start, confidence, status, source, duplicates within the file).
struct LabelFile {
    std::string name;
    std::vector<LabelFileRow> rows;
    std::vector<FileProblem> problems;
};

/// The columns of a label file, in the order export writes them.
inline constexpr std::string_view k_label_file_columns =
    "unit_id,start,end,category,confidence,status,reviewer,notes";

/// Parse label text. Missing optional fields default to confidence 1, status proposed, empty
/// reviewer and notes; `default_source` is used unless the file has a source column.
LabelFile parse_label_text(std::string_view text, LabelFileFormat format, std::string name,
                           std::string_view default_source = "import");
/// Read and parse a label file (format from the extension unless given); IoError when it
/// cannot be read.
LabelFile read_label_file(const std::filesystem::path& file,
                          std::optional<LabelFileFormat> format = std::nullopt,
                          std::string_view default_source = "import");

/// Write labels: CSV with exactly the import columns (so an export can be imported again),
/// or a JSON array of full label objects (ids, provenance, versions, times).
void write_labels(std::ostream& out, std::span<const Label> labels, LabelFileFormat format);

/// The identity used to find exact duplicates: every field an import file carries.
std::string duplicate_key(const LabelDraft& d);
/// duplicate_key() of a stored label.
std::string duplicate_key(const Label& l);

}  // namespace heatloop::store
