// `heatloop inspect --workspace WS [--unit U]`: what the dataset cache holds, per unit, per
// channel, with coverage and gaps. Human tables, or with --json the shape of
// io::describe_workspace / io::describe_unit.
#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "commands/command.hpp"
#include "heatloop/io/workspace.hpp"

namespace heatloop::cli {

namespace {

using nlohmann::json;

std::string text(const json& j) {
    if (j.is_null()) return "-";
    if (j.is_string()) return j.get<std::string>();
    if (j.is_number_float()) return fmt::format("{:.4g}", j.get<double>());
    return j.dump();
}

std::string percent(const json& j) {
    return fmt::format("{:.1f}%", 100 * j.get<double>());
}

// "3d 4h", "2h 10min", "45min", "30s".
std::string human_duration(double seconds) {
    auto s = static_cast<long long>(seconds);
    if (s == 0) return "0";
    const long long d = s / 86400, h = s % 86400 / 3600, m = s % 3600 / 60;
    if (d) return h ? fmt::format("{}d {}h", d, h) : fmt::format("{}d", d);
    if (h) return m ? fmt::format("{}h {}min", h, m) : fmt::format("{}h", h);
    if (m) return fmt::format("{}min", m);
    return fmt::format("{}s", s);
}

// Prints rows as left-aligned columns two spaces apart; the first row is the header.
void print_table(const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> width;
    for (const auto& r : rows)
        for (std::size_t i = 0; i < r.size(); ++i) {
            if (width.size() <= i) width.push_back(0);
            width[i] = std::max(width[i], r[i].size());
        }
    for (const auto& r : rows) {
        std::string line;
        for (std::size_t i = 0; i < r.size(); ++i)
            line += i + 1 < r.size() ? fmt::format("{:<{}}  ", r[i], width[i]) : r[i];
        fmt::print("  {}\n", line);
    }
}

std::vector<std::string> span_cells(const json& s) {
    return {text(s["step"]),
            text(s["start"]),
            text(s["end"]),
            text(s["rows"]),
            percent(s["coverage"]),
            text(s["gap_count"]),
            human_duration(s["gap_duration_s"])};
}

void print_series(std::string_view title, std::string_view key, const json& list) {
    if (list.empty()) return;
    fmt::print("\n{}:\n", title);
    std::vector<std::vector<std::string>> rows{{std::string(key), "CHANNELS", "STEP", "START",
                                                "END", "ROWS", "COVERAGE", "GAPS", "GAP TIME"}};
    for (const json& s : list) {
        std::vector<std::string> r{
            s[std::string(key) == "LOCATION" ? "location" : "meter_id"].get<std::string>(),
            std::to_string(s["channels"].size())};
        for (auto& c : span_cells(s)) r.push_back(std::move(c));
        rows.push_back(std::move(r));
    }
    print_table(rows);
}

// "yes", "no" or "?" for a has_heat_pump that is true, false or unknown (null).
std::string yes_no(const json& j) {
    return j.is_null() ? "?" : j.get<bool>() ? "yes" : "no";
}

void print_households(const json& j) {
    const json& c = j["household_counts"];
    if (c["total"].get<std::size_t>() == 0) return;
    fmt::print("\nhouseholds: {} ({} with heat pump, {} without, {} unknown)\n", text(c["total"]),
               text(c["with_heat_pump"]), text(c["without_heat_pump"]), text(c["unknown"]));
    std::vector<std::vector<std::string>> rows{
        {"HOUSEHOLD", "HEAT PUMP", "TYPE", "UNIT", "LOCATION", "METERS"}};
    const json& list = j["households"];
    for (std::size_t i = 0; i < list.size() && i < 200; ++i) {
        const json& h = list[i];
        std::string meters;
        for (const json& m : h["meters"]) meters += (meters.empty() ? "" : ",") + text(m);
        rows.push_back(
            {text(h["household_id"]), yes_no(h["has_heat_pump"]),
             h["heat_pump_type"].get<std::string>().empty() ? "-" : text(h["heat_pump_type"]),
             text(h["unit_id"]),
             h["location"].get<std::string>().empty() ? "-" : text(h["location"]),
             meters.empty() ? "-" : meters});
    }
    print_table(rows);
    if (list.size() > 200) fmt::print("  ... {} more (--json lists all)\n", list.size() - 200);
}

void print_fleet(const json& j) {
    fmt::print("workspace {}: {} unit(s), grid {}, forward fill up to {}, {} file(s) ingested\n",
               text(j["workspace"]), j["units"].size(), text(j["step"]), text(j["ffill_max_gap"]),
               j["files"].size());
    if (!j["units"].empty()) {
        fmt::print("\nunits:\n");
        std::vector<std::vector<std::string>> rows{{"UNIT", "TYPE", "LOCATION", "CHANNELS", "STEP",
                                                    "START", "END", "ROWS", "COVERAGE", "GAPS",
                                                    "GAP TIME"}};
        for (const json& u : j["units"]) {
            std::vector<std::string> r{
                text(u["unit_id"]), u["type"].get<std::string>().empty() ? "?" : text(u["type"]),
                u["location"].get<std::string>().empty() ? "-" : text(u["location"]),
                std::to_string(u["channels"].size())};
            for (auto& c : span_cells(u)) r.push_back(std::move(c));
            rows.push_back(std::move(r));
        }
        print_table(rows);
    }
    print_series("weather", "LOCATION", j["weather"]);
    print_series("meters", "METER", j["meters"]);
    print_households(j);
}

void print_unit(const json& j) {
    const json& u = j["units"][0];
    fmt::print("unit {} (type {}, location {}{}): {} .. {}, {} rows at {}, coverage {}\n",
               text(u["unit_id"]),
               u["type"].get<std::string>().empty() ? "unknown" : text(u["type"]),
               u["location"].get<std::string>().empty() ? "-" : text(u["location"]),
               u["has_metadata"].get<bool>() ? "" : ", no metadata", text(u["start"]),
               text(u["end"]), text(u["rows"]), text(u["step"]), percent(u["coverage"]));
    if (!u["weather_location"].is_null()) fmt::print("weather: {}\n", text(u["weather_location"]));
    std::vector<std::vector<std::string>> rows{
        {"CHANNEL", "PRESENT", "MIN", "MEAN", "MAX", "GAPS", "GAP TIME"}};
    for (const json& c : u["channels"])
        rows.push_back({text(c["name"]), percent(c["coverage"]), text(c["min"]), text(c["mean"]),
                        text(c["max"]), text(c["gap_count"]), human_duration(c["gap_duration_s"])});
    fmt::print("\nchannels:\n");
    print_table(rows);
    const json& gaps = u["gaps"];
    if (gaps.empty()) return;
    fmt::print("\ngaps:\n");
    std::vector<std::vector<std::string>> gap_rows{{"CHANNEL", "START", "END", "LENGTH"}};
    for (std::size_t i = 0; i < gaps.size() && i < 50; ++i)
        gap_rows.push_back({text(gaps[i]["channel"]), text(gaps[i]["start"]), text(gaps[i]["end"]),
                            human_duration(gaps[i]["duration_s"])});
    print_table(gap_rows);
    if (gaps.size() > 50) fmt::print("  ... {} more (--json lists all)\n", gaps.size() - 50);
}

}  // namespace

void add_inspect(CLI::App& app, const GlobalOptions& global) {
    struct Args {
        std::string workspace, unit;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand(
        "inspect",
        "summarise a workspace: units, channels, coverage, gaps, weather, meters, households");
    add_workspace_option(*cmd, args->workspace);
    cmd->add_option("--unit,-u", args->unit, "show one unit per channel, with its gaps");
    cmd->callback([args, &global] {
        const io::Workspace ws = io::Workspace::open(args->workspace);
        const json j =
            args->unit.empty() ? io::describe_workspace(ws) : io::describe_unit(ws, args->unit);
        if (global.json)
            fmt::print("{}\n", j.dump(2));
        else if (args->unit.empty())
            print_fleet(j);
        else
            print_unit(j);
    });
}

}  // namespace heatloop::cli
