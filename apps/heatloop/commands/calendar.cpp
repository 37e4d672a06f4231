// `heatloop calendar`: a household's demand calendar (weekday x hour probability of a shower
// in its local time) from its shower events over a window, as CSV, JSON and an HTML heat map.
// docs/hot-water.md "Demand calendar"
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>

#include "commands/command.hpp"
#include "commands/household_source.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/hotwater/calendar_output.hpp"
#include "heatloop/io/workspace.hpp"

namespace heatloop::cli {

namespace {

struct CalendarArgs {
    std::string workspace, unit, from, to, run, out = ".";
};

std::optional<Timestamp> time_option(const std::string& text, std::string_view option) {
    if (text.empty()) return std::nullopt;
    try {
        return parse_utc(text);
    } catch (const InvalidInputError& e) {
        throw InvalidInputError(fmt::format("{} '{}': {}", option, text, e.what()));
    }
}

void print_calendar(const hotwater::DemandCalendar& cal, const std::string& source,
                    const std::vector<std::filesystem::path>& files) {
    fmt::print("demand calendar of {} in {} from {}, {} to {}: {} events counted, {} ignored\n",
               cal.unit_id, cal.time_zone, source, format_iso(cal.from), format_iso(cal.to),
               cal.events_used, cal.events_ignored);
    fmt::print("probability of a shower in percent ('.' never observed):\n     ");
    for (std::size_t h = 0; h < hotwater::k_hours; ++h) fmt::print("{:>4}", h);
    fmt::print("\n");
    for (std::size_t d = 0; d < hotwater::k_weekdays; ++d) {
        fmt::print("{:<5}", hotwater::weekday_name(d).substr(0, 3));
        for (std::size_t h = 0; h < hotwater::k_hours; ++h) {
            const auto& c = cal.at(d, h);
            if (c.days_observed == 0)
                fmt::print("{:>4}", ".");
            else
                fmt::print("{:>4.0f}", 100 * c.probability());
        }
        fmt::print("\n");
    }
    for (const auto& f : files) fmt::print("wrote {}\n", f.string());
}

void calendar_command(const CalendarArgs& a, const GlobalOptions& global) {
    const std::optional<Timestamp> from = time_option(a.from, "--from");
    const std::optional<Timestamp> to = time_option(a.to, "--to");
    if (from && to && *from >= *to)
        throw InvalidInputError(
            fmt::format("--from {} is not before --to {}: the window is empty", a.from, a.to));
    const io::Workspace ws = io::Workspace::open(a.workspace);
    ws.unit(a.unit);  // NotFoundError listing the units
    const UnitFrame frame = ws.load_unit(a.unit);
    const HouseholdEvents found = find_household_events(ws, a.workspace, frame, a.run, global);
    const hotwater::EventSource& source = found.source;
    const std::vector<hotwater::ShowerEvent>& events = found.events;
    const hotwater::DemandCalendar cal =
        hotwater::household_calendar(frame, ws.unit_time_zone(a.unit), from, to, events);
    const auto files = hotwater::write_calendar(a.out, cal, source.name());
    if (global.json)
        std::cout << hotwater::calendar_json(cal, source.name()).dump(2) << "\n";
    else
        print_calendar(cal, source.name(), files);
}

}  // namespace

void add_calendar(CLI::App& app, const GlobalOptions& global) {
    auto a = std::make_shared<CalendarArgs>();
    auto* cmd = app.add_subcommand(
        "calendar",
        "a household's demand calendar: weekday x hour probability of a shower in local time "
        "(calendar.csv, calendar.json, calendar.html)");
    add_workspace_option(*cmd, a->workspace);
    cmd->add_option("--unit", a->unit, "the household's unit id")->required();
    cmd->add_option("--from", a->from,
                    "start of the window (ISO 8601 UTC date or time; default: the unit's first "
                    "data)");
    cmd->add_option("--to", a->to,
                    "end of the window, exclusive (ISO 8601 UTC date or time; default: the end "
                    "of the unit's data)");
    cmd->add_option("--run", a->run,
                    "count this detector run's alarms (id or unique prefix) instead of the "
                    "unit's shower_event labels");
    cmd->add_option("--out", a->out, "directory for the three files (created when missing)")
        ->capture_default_str();
    cmd->callback([a, &global] { calendar_command(*a, global); });
}

}  // namespace heatloop::cli
