#include <array>
#include <nlohmann/json.hpp>

#include "heatloop/core/enum_names.hpp"
#include "heatloop/core/text.hpp"
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

// Every text of the report as valid UTF-8 (a file name or a quoted field may not be), so
// printing a report never fails after its ingest committed.
std::string text(std::string_view s) {
    return repair_utf8(s);
}

std::vector<std::string> texts(const std::vector<std::string>& v) {
    std::vector<std::string> out;
    out.reserve(v.size());
    for (const std::string& s : v) out.push_back(repair_utf8(s));
    return out;
}

nlohmann::json to_json(const IngestReport& r) {
    using nlohmann::json;
    json files = json::array();
    for (const FileReport& f : r.files) {
        json skipped = json::array();
        for (const Problem& p : f.skipped)
            skipped.push_back({{"file", text(p.where.file)},
                               {"line", p.where.line},
                               {"column", p.where.column},
                               {"reason", text(p.reason)},
                               {"message", text(p.str())}});
        json classes = json::array();
        for (const ProblemClass& c : f.problem_classes)
            classes.push_back(
                {{"problem", text(c.klass)}, {"count", c.count}, {"first", text(c.first.str())}});
        json j = {{"file", text(f.file.string())},
                  {"sha256", f.sha256},
                  {"status", status_name(f.status)},
                  {"format", format_name(f.format)},
                  {"rows", f.rows},
                  {"values", f.values},
                  {"duplicates_dropped", f.duplicates_dropped},
                  {"ids", texts(f.ids)},
                  {"skipped_count", f.skipped_count},
                  {"skipped", std::move(skipped)},
                  {"problem_classes", std::move(classes)},
                  {"footer_lines", f.footer_lines}};
        if (f.footer_lines) j["footer"] = text(f.footer);
        if (f.format == InputFormat::smartmeter) j["meter"] = meter_name(f.meter);
        if (!f.error.empty()) j["error"] = text(f.error);
        files.push_back(std::move(j));
    }
    return {{"workspace", text(r.workspace.string())},
            {"step", format_duration(r.step)},
            {"ffill_max_gap", format_duration(r.ffill_max_gap)},
            {"hold_max", r.hold_max > 0 ? nlohmann::json(format_duration(r.hold_max))
                                        : nlohmann::json(nullptr)},
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
            {"units_created", texts(r.units_created)},
            {"units_updated", texts(r.units_updated)},
            {"units_without_metadata", texts(r.units_without_metadata)},
            {"weather_locations", texts(r.weather_locations)},
            {"meters", texts(r.meters)},
            {"households", texts(r.households)},
            {"warnings", texts(r.warnings)}};
}

}  // namespace heatloop::io
