#include "heatloop/alarms/alarm_event.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "heatloop/core/error.hpp"

namespace heatloop::alarms {

namespace {

Timestamp time_field(const nlohmann::json& j, const char* key) {
    if (!j.contains(key)) throw InvalidInputError(fmt::format("alarm event: missing '{}'", key));
    const auto& v = j.at(key);
    if (v.is_number_integer()) return v.get<Timestamp>();
    if (v.is_string()) return parse_utc(v.get<std::string>());
    throw InvalidInputError(
        fmt::format("alarm event: '{}' must be ISO 8601 text or epoch ms, got {}", key, v.dump()));
}

}  // namespace

nlohmann::json to_json(const AlarmEvent& e) {
    return {{"unit_id", e.unit_id},
            {"start", format_iso(e.start)},
            {"end", format_iso(e.end)},
            {"peak_score", e.peak_score},
            {"peak_time", format_iso(e.peak_time)}};
}

AlarmEvent alarm_from_json(const nlohmann::json& j) {
    if (!j.is_object())
        throw InvalidInputError(fmt::format("alarm event: expected an object, got {}", j.dump()));
    AlarmEvent e;
    if (!j.contains("unit_id") || !j.at("unit_id").is_string())
        throw InvalidInputError("alarm event: missing or non-text 'unit_id'");
    e.unit_id = j.at("unit_id").get<std::string>();
    e.start = time_field(j, "start");
    e.end = time_field(j, "end");
    if (e.end <= e.start)
        throw InvalidInputError(fmt::format("alarm event of unit {}: end {} is not after start {}",
                                            e.unit_id, format_iso(e.end), format_iso(e.start)));
    if (!j.contains("peak_score") || !j.at("peak_score").is_number())
        throw InvalidInputError(
            fmt::format("alarm event of unit {}: missing or non-numeric 'peak_score'", e.unit_id));
    e.peak_score = j.at("peak_score").get<double>();
    e.peak_time = j.contains("peak_time") ? time_field(j, "peak_time") : e.start;
    return e;
}

}  // namespace heatloop::alarms
