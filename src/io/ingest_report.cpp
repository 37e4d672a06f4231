#include <array>
#include <nlohmann/json.hpp>

#include "heatloop/core/enum_names.hpp"
#include "heatloop/io/ingest.hpp"

namespace heatloop::io {

namespace {

constexpr std::array k_statuses{std::pair{FileStatus::ingested, "ingested"},
                                std::pair{FileStatus::already_ingested, "already_ingested"},
                                std::pair{FileStatus::failed, "failed"}};

}  // namespace

std::string_view status_name(FileStatus s) {
    return enum_name(k_statuses, s);
}

nlohmann::json to_json(const IngestReport& r) {
    using nlohmann::json;
    json files = json::array();
    for (const FileReport& f : r.files) {
        json skipped = json::array();
        for (const Problem& p : f.skipped)
            skipped.push_back({{"file", p.where.file},
                               {"line", p.where.line},
                               {"column", p.where.column},
                               {"reason", p.reason},
                               {"message", p.str()}});
        json j = {{"file", f.file.string()},
                  {"sha256", f.sha256},
                  {"status", status_name(f.status)},
                  {"format", format_name(f.format)},
                  {"rows", f.rows},
                  {"values", f.values},
                  {"duplicates_dropped", f.duplicates_dropped},
                  {"ids", f.ids},
                  {"skipped_count", f.skipped_count},
                  {"skipped", std::move(skipped)}};
        if (f.format == InputFormat::smartmeter) j["meter"] = meter_name(f.meter);
        if (!f.error.empty()) j["error"] = f.error;
        files.push_back(std::move(j));
    }
    return {{"workspace", r.workspace.string()},
            {"step", format_duration(r.step)},
            {"ffill_max_gap", format_duration(r.ffill_max_gap)},
            {"changed", r.changed},
            {"files", std::move(files)},
            {"totals",
             {{"files_ingested", r.files_ingested},
              {"files_already_ingested", r.files_already},
              {"files_failed", r.files_failed},
              {"rows", r.rows},
              {"values", r.values},
              {"duplicates_dropped", r.duplicates_dropped},
              {"problems_skipped", r.problems_skipped}}},
            {"units_created", r.units_created},
            {"units_updated", r.units_updated},
            {"units_without_metadata", r.units_without_metadata},
            {"weather_locations", r.weather_locations},
            {"meters", r.meters},
            {"households", r.households},
            {"warnings", r.warnings}};
}

}  // namespace heatloop::io
