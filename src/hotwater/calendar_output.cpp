#include "heatloop/hotwater/calendar_output.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>

#include "heatloop/core/error.hpp"
#include "heatloop/io/csv_writer.hpp"

namespace heatloop::hotwater {

namespace {

nlohmann::json number(double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json();
}

// Writes `text` to `file` through a temporary file renamed on completion.
void write_whole(const std::filesystem::path& file, std::string_view text) {
    io::CsvFileWriter out(file);
    out.append(text, 0);
    out.commit();
}

}  // namespace

std::string_view weekday_name(std::size_t weekday) {
    static constexpr std::array<std::string_view, k_weekdays> k_names{
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
    return k_names.at(weekday);
}

DemandCalendar household_calendar(const UnitFrame& frame, const std::string& time_zone,
                                  std::optional<Timestamp> from, std::optional<Timestamp> to,
                                  const std::vector<ShowerEvent>& events) {
    try {
        LocalSlots check(time_zone);
    } catch (const InvalidInputError& e) {
        throw InvalidInputError(
            fmt::format("calendar of {}: its time_zone metadata: {}", frame.unit_id(), e.what()));
    }
    const Channel* tank = frame.find(k_tank_channel);
    if (!tank)
        throw InvalidInputError(fmt::format(
            "calendar of {}: the unit has no {} channel (the calendar counts the hours the "
            "tank was observed; channels: {})",
            frame.unit_id(), k_tank_channel, fmt::join(frame.channel_names(), ", ")));
    const auto& time = frame.time();
    const Timestamp begin = from.value_or(time.empty() ? 0 : time.front());
    const Timestamp end =
        to.value_or(time.empty() ? 0 : time.back() + std::max<Duration>(frame.step(), 1));
    if (begin >= end)
        throw InvalidInputError(fmt::format("calendar of {}: the window [{}, {}) is empty",
                                            frame.unit_id(), format_iso(begin), format_iso(end)));
    std::vector<Timestamp> samples;
    for (std::size_t i = frame.lower_bound(begin); i < frame.rows() && time[i] < end; ++i)
        if (!std::isnan(tank->values[i])) samples.push_back(time[i]);
    if (samples.empty())
        throw InvalidInputError(fmt::format(
            "calendar of {}: {} has no value in [{}, {}) (the unit's data spans [{}, {}))",
            frame.unit_id(), k_tank_channel, format_iso(begin), format_iso(end),
            time.empty() ? "-" : format_iso(time.front()),
            time.empty() ? "-" : format_iso(time.back() + frame.step())));
    return build_calendar(frame.unit_id(), time_zone, begin, end, samples, demand_events(events));
}

nlohmann::json calendar_json(const DemandCalendar& cal, std::string_view source) {
    nlohmann::json cells = nlohmann::json::array();
    for (std::size_t d = 0; d < k_weekdays; ++d)
        for (std::size_t h = 0; h < k_hours; ++h) {
            const CalendarCell& c = cal.at(d, h);
            cells.push_back({{"weekday", d},
                             {"hour", h},
                             {"probability", number(c.probability())},
                             {"days_observed", c.days_observed},
                             {"days_with_event", c.days_with_event},
                             {"events", c.events},
                             {"lower", number(c.lower())},
                             {"upper", number(c.upper())},
                             {"mean_size", number(c.mean_size)}});
        }
    return {{"unit_id", cal.unit_id},
            {"time_zone", cal.time_zone},
            {"from", format_iso(cal.from)},
            {"to", format_iso(cal.to)},
            {"source", source},
            {"events_used", cal.events_used},
            {"events_ignored", cal.events_ignored},
            {"few_days_observed", k_few_days_observed},
            {"cells", cells}};
}

std::string calendar_csv(const DemandCalendar& cal) {
    io::CsvBuffer out;
    out.row({"weekday", "hour", "probability", "days_observed", "days_with_event", "events",
             "lower", "upper", "mean_size"});
    for (std::size_t d = 0; d < k_weekdays; ++d)
        for (std::size_t h = 0; h < k_hours; ++h) {
            const CalendarCell& c = cal.at(d, h);
            out.field(d).field(h).fixed(c.probability(), 6);
            out.field(c.days_observed).field(c.days_with_event).field(c.events);
            out.fixed(c.lower(), 6).fixed(c.upper(), 6).fixed(c.mean_size, 3);
            out.end_row();
        }
    return out.text();
}

std::vector<std::filesystem::path> write_calendar(const std::filesystem::path& dir,
                                                  const DemandCalendar& cal,
                                                  std::string_view source) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec || !std::filesystem::is_directory(dir))
        throw IoError(fmt::format("cannot create the output directory {}: {}", dir.string(),
                                  ec ? ec.message() : "not a directory"));
    // Everything is formatted before the first file is written.
    const std::string csv = calendar_csv(cal);
    const std::string json = calendar_json(cal, source).dump(2) + "\n";
    const std::string html = calendar_html(cal, source);
    std::vector<std::filesystem::path> files{dir / "calendar.csv", dir / "calendar.json",
                                             dir / "calendar.html"};
    write_whole(files[0], csv);
    write_whole(files[1], json);
    write_whole(files[2], html);
    return files;
}

}  // namespace heatloop::hotwater
