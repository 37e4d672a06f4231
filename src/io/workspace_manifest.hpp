#pragma once
/// data/manifest.json: reading, writing (temp file + rename) and the JSON of its parts.

#include <filesystem>

#include <nlohmann/json.hpp>

#include "heatloop/io/workspace.hpp"

namespace heatloop::io {

/// A series summary as JSON: file, start/end (ISO and ms), step, rows, coverage, gap totals
/// and channels [{name, present, coverage, min, mean, max, gaps, gap_ms}].
nlohmann::json to_json(const SeriesSummary& s);
/// The inverse of to_json; throws nlohmann::json::exception when malformed.
SeriesSummary series_from_json(const nlohmann::json& j);

/// The whole manifest as JSON.
nlohmann::json to_json(const Manifest& m);

/// Reads `file`; an empty Manifest when it does not exist. Throws IoError naming the file
/// when it is unreadable, malformed or of a newer format version.
Manifest read_manifest(const std::filesystem::path& file);

/// Writes `file` atomically: a temporary file beside it, flushed to disk, then renamed over.
void write_manifest(const std::filesystem::path& file, const Manifest& m);

/// Writes `text` to `file` atomically (temp + fsync + rename). Throws IoError.
void write_file_atomically(const std::filesystem::path& file, const std::string& text);

}  // namespace heatloop::io
