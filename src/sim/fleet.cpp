#include "heatloop/sim/fleet.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <deque>
#include <future>
#include <thread>

#include "fleet_rows.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/io/csv_writer.hpp"
#include "heatloop/sim/base_load.hpp"
#include "heatloop/sim/draws.hpp"
#include "heatloop/sim/unit_sim.hpp"

namespace heatloop::sim {

namespace {

constexpr Duration k_meter_interval = 15 * k_minute_ms;

// Everything one unit or household contributes to the output files, formatted.
struct UnitOutput {
    io::CsvBuffer sensors, smartmeter, smartmeter_hp, units, households, draws;
    std::vector<Label> truth, initial, showers;
    std::array<std::size_t, 3> draw_counts{};  ///< per DrawKind
};

struct Plan {
    const FleetOptions& opt;
    Timestamp start, end, sim_start;
    std::vector<WeatherSeries> weather;
};

UnitOutput run_unit(const Plan& plan, int i) {
    const FleetOptions& opt = plan.opt;
    const WeatherSeries& weather = plan.weather[static_cast<std::size_t>(location_index(i))];
    UnitOutput out;
    Rng config_rng(derive_seed(opt.seed, Stream::unit_config, static_cast<std::uint64_t>(i)));
    UnitConfig cfg = draw_unit_config(i, weather.climate, config_rng);
    Rng household_rng(derive_seed(opt.seed, Stream::household, static_cast<std::uint64_t>(i)));
    HouseholdSchedule schedule =
        plan_routine(cfg.household, plan.sim_start, plan.end, household_rng);
    plan_appliances(cfg.household, schedule, household_rng);
    Rng fault_rng(derive_seed(opt.seed, Stream::faults, static_cast<std::uint64_t>(i)));
    UnitTraits traits{cfg.hp.source == SourceType::ground, cfg.has_room_sensor};
    std::vector<Fault> faults = plan_faults(traits, plan.start, plan.end, fault_rng, opt.faults);
    Rng label_rng(derive_seed(opt.seed, Stream::labels, static_cast<std::uint64_t>(i)));
    out.truth = truth_labels(cfg.unit_id, faults);
    out.initial =
        initial_labels(cfg.unit_id, out.truth, plan.start, plan.end, opt.label_noise, label_rng);

    const std::vector<DrawEvent> draws = draws_between(schedule, plan.start, plan.end);
    for (const DrawEvent& d : draws) {
        write_draw(out.draws, cfg.unit_id, d);
        ++out.draw_counts[static_cast<std::size_t>(d.kind)];
    }
    out.showers = shower_labels(cfg.unit_id, draws);

    rows::units_row(out.units, cfg, weather.climate);
    rows::households_row(out.households, cfg.unit_id, true, cfg.location, cfg.household);
    auto rows_per_unit = static_cast<std::size_t>((plan.end - plan.start) / opt.step);
    out.sensors.reserve(rows_per_unit * 96);
    rows::IntervalMeter total(cfg.unit_id, plan.start, k_meter_interval);
    rows::IntervalMeter heat_pump(cfg.unit_id, plan.start, k_meter_interval);
    simulate_unit(cfg, weather, schedule, std::move(faults),
                  derive_seed(opt.seed, Stream::sensor_noise, static_cast<std::uint64_t>(i)),
                  plan.sim_start, plan.end, opt.step, plan.start, [&](const Sample& s) {
                      rows::sensors_row(out.sensors, cfg.unit_id, s);
                      total.add(out.smartmeter, s.time, opt.step,
                                s.truth.base_load_kw + s.truth.hp_electric_kw);
                      heat_pump.add(out.smartmeter_hp, s.time, opt.step, s.truth.hp_electric_kw);
                  });
    return out;
}

UnitOutput run_household(const Plan& plan, int i) {
    const FleetOptions& opt = plan.opt;
    const WeatherSeries& weather = plan.weather[static_cast<std::size_t>(i) % plan.weather.size()];
    UnitOutput out;
    Rng rng(derive_seed(opt.seed, Stream::extra_household, static_cast<std::uint64_t>(i)));
    HouseholdProfile profile = draw_household(rng);
    profile.electric_water_heater = rng.bernoulli(0.3);
    HouseholdSchedule schedule = plan_routine(profile, plan.start, plan.end, rng);
    plan_appliances(profile, schedule, rng);
    std::string id = household_id(i);
    rows::households_row(out.households, id, false, weather.climate.location, profile);
    BaseLoad load(profile, schedule);
    rows::IntervalMeter meter(id, plan.start, k_meter_interval);
    for (Timestamp t = plan.start; t < plan.end; t += opt.step)
        meter.add(out.smartmeter, t, opt.step, load.kw(t, opt.step, weather.at(t).solar_w_m2));
    return out;
}

// Runs jobs 0..n-1 on up to `threads` threads and hands their results to `consume` in
// order; at most `threads` results are held at once.
template <typename Job, typename Consume>
void run_ordered(int n, int threads, Job job, Consume consume) {
    std::deque<std::future<UnitOutput>> pending;
    int next = 0;
    for (int done = 0; done < n; ++done) {
        while (next < n && static_cast<int>(pending.size()) < threads)
            pending.push_back(
                std::async(threads > 1 ? std::launch::async : std::launch::deferred, job, next++));
        UnitOutput out = pending.front().get();
        pending.pop_front();
        consume(out);
    }
}

}  // namespace

void validate(const FleetOptions& o) {
    if (o.units < 0 || o.units > 100000)
        throw InvalidInputError(fmt::format("--units {}: expected 0 to 100000", o.units));
    if (o.days < 1 || o.days > 3660)
        throw InvalidInputError(fmt::format("--days {}: expected 1 to 3660", o.days));
    if (o.step < k_second_ms || o.step > k_meter_interval || o.step % k_second_ms != 0 ||
        k_meter_interval % o.step != 0)
        throw InvalidInputError(fmt::format(
            "--step {}: expected whole seconds from 1s to 15min that divide 15min (e.g. 1min)",
            format_duration(o.step)));
    if (o.households < -1 || o.households > 100000)
        throw InvalidInputError(fmt::format("--households {}: expected 0 to 100000", o.households));
    if (o.units == 0 && o.households == 0)
        throw InvalidInputError("nothing to simulate: --units and --households are both 0");
    if (o.out.empty()) throw InvalidInputError("--out: an output directory is required");
}

FleetSummary simulate_fleet(const FleetOptions& opt, const FleetProgress& progress) {
    validate(opt);
    std::error_code ec;
    std::filesystem::create_directories(opt.out, ec);
    if (ec)
        throw IoError(fmt::format("{}: cannot create the output directory: {}", opt.out.string(),
                                  ec.message()));
    Plan plan{opt, opt.start, opt.start + opt.days * k_day_ms, opt.start - opt.spin_up, {}};
    int households = opt.households < 0 ? opt.units : opt.households;
    int locations = std::max(1, (opt.units + k_units_per_location - 1) / k_units_per_location);
    for (int l = 0; l < locations; ++l) {
        Rng climate_rng(derive_seed(opt.seed, Stream::climate, static_cast<std::uint64_t>(l)));
        ClimateParams climate = draw_climate(location_name(l), climate_rng);
        Rng weather_rng(derive_seed(opt.seed, Stream::weather, static_cast<std::uint64_t>(l)));
        plan.weather.push_back(
            generate_weather(climate, plan.sim_start, plan.end, opt.weather_step, weather_rng));
    }

    auto path = [&](const char* name) { return opt.out / name; };
    io::CsvFileWriter sensors(path("sensors.csv")), weather(path("weather.csv"));
    io::CsvFileWriter smartmeter(path("smartmeter.csv")), smartmeter_hp(path("smartmeter_hp.csv"));
    io::CsvFileWriter units(path("units.csv")), homes(path("households.csv"));
    io::CsvFileWriter truth(path("labels_truth.csv")), initial(path("labels_initial.csv"));
    io::CsvFileWriter draws(path("draws.csv")), showers(path("labels_showers.csv"));
    rows::sensors_header(sensors.buffer());
    rows::weather_header(weather.buffer());
    rows::smartmeter_header(smartmeter.buffer());
    rows::smartmeter_header(smartmeter_hp.buffer());
    rows::units_header(units.buffer());
    rows::households_header(homes.buffer());
    write_label_header(truth.buffer());
    write_label_header(initial.buffer());
    write_draws_header(draws.buffer());
    write_label_header(showers.buffer());
    for (const WeatherSeries& w : plan.weather) {
        rows::weather_rows(weather.buffer(), w, plan.start, plan.end);
        weather.flush_if_full();
    }

    FleetSummary summary;
    summary.start = plan.start;
    summary.end = plan.end;
    summary.units = opt.units;
    summary.households = households;
    summary.locations = locations;
    for (FaultCategory c : k_fault_categories) summary.faults[std::string(category_name(c))] = 0;
    for (DrawKind k : {DrawKind::shower, DrawKind::bath, DrawKind::tap})
        summary.draws[std::string(draw_kind_name(k))] = 0;
    int threads = opt.threads > 0
                      ? opt.threads
                      : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    std::uint64_t total = static_cast<std::uint64_t>(opt.units) + households, done = 0;
    auto consume = [&](UnitOutput& out) {
        sensors.append(out.sensors.text(), out.sensors.rows());
        smartmeter.append(out.smartmeter.text(), out.smartmeter.rows());
        smartmeter_hp.append(out.smartmeter_hp.text(), out.smartmeter_hp.rows());
        units.append(out.units.text(), out.units.rows());
        homes.append(out.households.text(), out.households.rows());
        for (const Label& l : out.truth) {
            write_label(truth.buffer(), l);
            ++summary.faults[l.category];
        }
        for (const Label& l : out.initial) write_label(initial.buffer(), l);
        draws.append(out.draws.text(), out.draws.rows());
        for (const Label& l : out.showers) write_label(showers.buffer(), l);
        showers.flush_if_full();
        for (DrawKind k : {DrawKind::shower, DrawKind::bath, DrawKind::tap})
            summary.draws[std::string(draw_kind_name(k))] +=
                out.draw_counts[static_cast<std::size_t>(k)];
        summary.shower_labels += out.showers.size();
        summary.truth_labels += out.truth.size();
        summary.initial_labels += out.initial.size();
        if (progress) progress(++done, total);
    };
    run_ordered(
        opt.units, threads, [&](int i) { return run_unit(plan, i); }, consume);
    run_ordered(
        households, threads, [&](int i) { return run_household(plan, i); }, consume);

    for (io::CsvFileWriter* w : {&sensors, &weather, &smartmeter, &smartmeter_hp, &units, &homes,
                                 &truth, &initial, &draws, &showers}) {
        w->commit();
        summary.files.push_back(
            {w->path().filename().string(), w->rows() > 0 ? w->rows() - 1 : 0, w->bytes()});
    }
    return summary;
}

}  // namespace heatloop::sim
