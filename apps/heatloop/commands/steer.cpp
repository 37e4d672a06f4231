// `heatloop steer`: a unit's start/stop commands for hot-water production from its demand
// calendar; `heatloop steer simulate`: the closed loop of threshold control, the schedule and
// an oracle on simulated households. docs/hot-water.md#steering
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "commands/command.hpp"
#include "commands/household_source.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/core/param.hpp"
#include "heatloop/core/text.hpp"
#include "heatloop/hotwater/closed_loop.hpp"
#include "heatloop/hotwater/steer.hpp"
#include "heatloop/io/csv_writer.hpp"
#include "heatloop/io/workspace.hpp"

namespace heatloop::cli {

namespace {

struct SteerArgs {
    std::string workspace, unit, from, to, time_zone, run, out;
    int days = 7;
    std::vector<std::string> params;
    bool list_params = false;
};

struct SimulateArgs {
    int households = 10, weeks = 8, learn_weeks = 0;
    std::uint64_t seed = 1;
    std::string start = "2024-01-01";
    std::vector<std::string> params, oracle_params;
};

Timestamp time_option(const std::string& text, std::string_view option) {
    try {
        return parse_utc(text);
    } catch (const InvalidInputError& e) {
        throw InvalidInputError(fmt::format("{}: {}", option, e.what()));
    }
}

// "--param ready_c=48" (repeatable) into a JSON object; values are JSON (numbers, true/false)
// or else strings; resolve_params checks names, types and bounds.
nlohmann::json param_object(const std::vector<std::string>& items) {
    nlohmann::json out = nlohmann::json::object();
    for (const std::string& item : items) {
        const auto eq = item.find('=');
        if (eq == std::string::npos || eq == 0)
            throw InvalidInputError(
                fmt::format("--param '{}': expected NAME=VALUE (e.g. ready_c=48)", visible(item)));
        const std::string name = item.substr(0, eq), value = item.substr(eq + 1);
        nlohmann::json v = nlohmann::json::parse(value, nullptr, false);
        out[name] = v.is_discarded() ? nlohmann::json(value) : v;
    }
    return out;
}

void steer(const SteerArgs& a, const GlobalOptions& global) {
    if (a.list_params) {
        std::cout << param_table_markdown(hotwater::steering_param_specs());
        return;
    }
    if (a.workspace.empty()) throw InvalidInputError("steer: --workspace is required");
    if (a.unit.empty()) throw InvalidInputError("steer: --unit is required");
    hotwater::SteerOptions o;
    o.days = a.days;
    o.params = param_object(a.params);
    if (!a.from.empty()) o.from = time_option(a.from, "--from");
    if (!a.to.empty()) o.to = time_option(a.to, "--to");
    if (o.from && o.to && *o.from >= *o.to)
        throw InvalidInputError(fmt::format("steer: --from {} is not before --to {}",
                                            format_iso(*o.from), format_iso(*o.to)));
    const io::Workspace ws = io::Workspace::open(a.workspace);
    ws.unit(a.unit);  // NotFoundError listing the units
    o.time_zone = a.time_zone.empty() ? ws.unit_time_zone(a.unit) : a.time_zone;
    const UnitFrame frame = ws.load_unit(a.unit);
    const HouseholdEvents found = find_household_events(ws, a.workspace, frame, a.run, global);
    const hotwater::SteerResult r = hotwater::steer_unit(frame, o, found.events);

    std::string text;
    if (global.json) {
        text = hotwater::to_json(r).dump(2) + "\n";
    } else {
        io::CsvBuffer csv;
        hotwater::write_schedule_csv(r, csv);
        text = csv.text();
    }
    if (a.out.empty()) {
        std::cout << text;
        return;
    }
    const std::filesystem::path tmp = a.out + ".tmp";
    {
        std::ofstream f(tmp, std::ios::binary);
        f << text;
        if (!f.flush()) throw IoError(fmt::format("{}: cannot write", a.out));
    }
    std::error_code ec;
    std::filesystem::rename(tmp, a.out, ec);
    if (ec) throw IoError(fmt::format("{}: cannot write: {}", a.out, ec.message()));
    fmt::print(stderr, "{} commands for {} written to {}\n", r.windows.size(), r.calendar.unit_id,
               a.out);
}

std::string pct(double v) {
    return std::isfinite(v) ? fmt::format("{:.1f}%", 100.0 * v) : "-";
}

void print_closed_loop(const hotwater::ClosedLoopResult& r) {
    fmt::print(
        "closed loop, hot water only: {} households, calendar learnt {} .. {}, evaluated {} .. "
        "{}\n",
        r.households.size(), format_iso(r.learn_from), format_iso(r.eval_from),
        format_iso(r.eval_from), format_iso(r.eval_to));
    fmt::print("{:<12} {:<10} {:>9} {:>9} {:>7} {:>9} {:>8} {:>6} {:>8} {:>9}\n", "household",
               "policy", "elec kWh", "loss kWh", "starts", "cold min", "draw min", "COP", "saving",
               "of oracle");
    auto row = [](const std::string& id, const char* name, const hotwater::PolicyOutcome& p,
                  const hotwater::PolicyOutcome& thr, const std::string& share) {
        fmt::print("{:<12} {:<10} {:>9.2f} {:>9.2f} {:>7} {:>9.1f} {:>8.0f} {:>6.2f} {:>8} {:>9}\n",
                   id, name, p.electric_kwh, p.loss_kwh, p.starts, p.cold_minutes, p.draw_minutes,
                   p.cop(), &p == &thr ? "" : pct(hotwater::saving(p, thr)), share);
    };
    auto block = [&](const std::string& id, const hotwater::PolicyOutcome& thr,
                     const hotwater::PolicyOutcome& sched, const hotwater::PolicyOutcome& oracle) {
        row(id, "threshold", thr, thr, "");
        row(id, "schedule", sched, thr, pct(hotwater::oracle_share(thr, sched, oracle)));
        row(id, "oracle", oracle, thr, "");
    };
    for (const auto& h : r.households) block(h.id, h.threshold, h.schedule, h.oracle);
    block("pooled", r.threshold, r.schedule, r.oracle);
}

void simulate(const SimulateArgs& a, const GlobalOptions& global) {
    hotwater::ClosedLoopOptions o;
    o.households = a.households;
    o.weeks = a.weeks;
    o.learn_weeks = a.learn_weeks;
    o.seed = a.seed;
    o.start = time_option(a.start, "--start");
    o.params = hotwater::SteeringParams::from_json(
        resolve_params("steering", hotwater::steering_param_specs(), param_object(a.params)));
    nlohmann::json oracle = hotwater::oracle_param_defaults();
    oracle.update(param_object(a.oracle_params));
    o.oracle_params = hotwater::SteeringParams::from_json(
        resolve_params("oracle", hotwater::steering_param_specs(), oracle));
    const hotwater::ClosedLoopResult r = hotwater::run_closed_loop(o);
    if (global.json)
        std::cout << hotwater::to_json(r).dump(2) << "\n";
    else
        print_closed_loop(r);
}

}  // namespace

void add_steer(CLI::App& app, const GlobalOptions& global) {
    auto a = std::make_shared<SteerArgs>();
    auto* cmd = app.add_subcommand(
        "steer", "start/stop commands for a unit's hot water from its demand calendar");
    cmd->add_option("--workspace,-w", a->workspace, "workspace directory (required)");
    cmd->add_option("--unit", a->unit, "the unit to steer (required)");
    cmd->add_option("--from", a->from, "start of the calendar's window (default: the data's)");
    cmd->add_option("--to", a->to, "end of the calendar's window (default: the data's)");
    cmd->add_option("--days", a->days, "days of commands after the window")
        ->check(CLI::Range(1, 366));
    cmd->add_option("--run", a->run,
                    "learn from this detector run's alarms (id or unique prefix) instead of the "
                    "unit's shower_event labels");
    cmd->add_option("--time-zone", a->time_zone,
                    "IANA zone of the calendar (default: the unit's time_zone metadata, else UTC)");
    cmd->add_option("--param", a->params,
                    "steering parameter NAME=VALUE (repeatable; docs/hot-water.md#steering)");
    cmd->add_option("--out", a->out, "write the commands to this file instead of stdout");
    cmd->add_flag("--list-params", a->list_params,
                  "print the steering parameters (name, type, default, bounds) and exit");

    auto s = std::make_shared<SimulateArgs>();
    auto* sim = cmd->add_subcommand(
        "simulate",
        "closed loop on simulated households: threshold control vs the schedule vs an oracle");
    sim->add_option("--households", s->households, "simulated households")
        ->check(CLI::Range(1, 1000));
    sim->add_option("--weeks", s->weeks, "weeks simulated (learning + evaluation)")
        ->check(CLI::Range(2, 104));
    sim->add_option("--learn-weeks", s->learn_weeks,
                    "weeks the calendar is learnt from (default: half of --weeks)");
    sim->add_option("--seed", s->seed, "the simulation's seed (as `heatloop simulate --seed`)");
    sim->add_option("--start", s->start, "first simulated day (UTC)");
    sim->add_option("--param", s->params, "steering parameter NAME=VALUE (repeatable)");
    sim->add_option("--oracle-param", s->oracle_params,
                    "the oracle's steering parameter NAME=VALUE (repeatable; default: the "
                    "oracle's own defaults, docs/hot-water.md#steering)");
    sim->callback([s, &global] { simulate(*s, global); });
    cmd->callback([a, cmd, sim, &global] {
        if (sim->parsed()) return;
        steer(*a, global);
    });
}

}  // namespace heatloop::cli
