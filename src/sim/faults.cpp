#include "heatloop/sim/faults.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "heatloop/core/enum_names.hpp"

namespace heatloop::sim {

namespace {

constexpr std::array k_category_names{
    std::pair{FaultCategory::compressor_failure, "compressor_failure"},
    std::pair{FaultCategory::refrigerant_leak, "refrigerant_leak"},
    std::pair{FaultCategory::sensor_fault, "sensor_fault"},
    std::pair{FaultCategory::short_cycling, "short_cycling"},
    std::pair{FaultCategory::circulation_failure, "circulation_failure"},
    std::pair{FaultCategory::aux_heater_stuck, "aux_heater_stuck"}};
static_assert(k_category_names.size() == k_fault_categories.size());

constexpr std::array k_sensor_fault_kinds{std::pair{SensorFaultKind::stuck, "stuck"},
                                          std::pair{SensorFaultKind::drift, "drift"},
                                          std::pair{SensorFaultKind::spike, "spike"}};

constexpr std::array k_sensor_names{
    std::pair{Sensor::t_outdoor, "t_outdoor"},   std::pair{Sensor::t_supply, "t_supply"},
    std::pair{Sensor::t_return, "t_return"},     std::pair{Sensor::t_tank_top, "t_tank_top"},
    std::pair{Sensor::t_tank_mid, "t_tank_mid"}, std::pair{Sensor::t_indoor, "t_indoor"},
    std::pair{Sensor::t_brine_in, "t_brine_in"}, std::pair{Sensor::t_brine_out, "t_brine_out"}};
static_assert(k_sensor_names.size() == k_sensor_count);

// Relative frequency of each category (same order as the enum).
constexpr std::array<double, 6> k_category_weights{0.20, 0.15, 0.25, 0.15, 0.12, 0.13};

FaultCategory pick_category(Rng& rng) {
    double u = rng.uniform(), acc = 0;
    for (std::size_t i = 0; i < k_category_weights.size(); ++i) {
        acc += k_category_weights[i];
        if (u < acc) return k_fault_categories[i];
    }
    return k_fault_categories.back();
}

double log_uniform(Rng& rng, double lo, double hi) {
    return std::exp(rng.uniform(std::log(lo), std::log(hi)));
}

// Typical duration of a fault from onset to repair [h].
double draw_duration_h(FaultCategory c, SensorFaultKind kind, Rng& rng) {
    switch (c) {
        case FaultCategory::compressor_failure:
            return log_uniform(rng, 6, 96);
        case FaultCategory::refrigerant_leak:
            return 24 * rng.uniform(7, 30);
        case FaultCategory::short_cycling:
            return 24 * rng.uniform(1, 7);
        case FaultCategory::circulation_failure:
            return log_uniform(rng, 6, 72);
        case FaultCategory::aux_heater_stuck:
            return 24 * rng.uniform(1, 10);
        case FaultCategory::sensor_fault:
            if (kind == SensorFaultKind::spike) return rng.uniform(6, 48);
            if (kind == SensorFaultKind::drift) return 24 * rng.uniform(5, 20);
            return log_uniform(rng, 12, 120);
    }
    return 24;
}

Sensor pick_sensor(const UnitTraits& u, Rng& rng) {
    std::vector<std::pair<Sensor, double>> w{{Sensor::t_outdoor, 0.2},
                                             {Sensor::t_supply, 0.2},
                                             {Sensor::t_return, 0.15},
                                             {Sensor::t_tank_top, 0.1},
                                             {Sensor::t_tank_mid, 0.15}};
    if (u.has_room_sensor) w.emplace_back(Sensor::t_indoor, 0.1);
    if (u.ground_source) {
        w.emplace_back(Sensor::t_brine_in, 0.05);
        w.emplace_back(Sensor::t_brine_out, 0.05);
    }
    double total = 0;
    for (auto& [s, p] : w) total += p;
    double u01 = rng.uniform() * total, acc = 0;
    for (auto& [s, p] : w) {
        acc += p;
        if (u01 < acc) return s;
    }
    return w.back().first;
}

bool heating_season(Timestamp t) {
    unsigned m = to_civil(t).month;
    return m >= 10 || m <= 4;
}

bool wants_heating_season(FaultCategory c) {
    return c == FaultCategory::compressor_failure || c == FaultCategory::circulation_failure ||
           c == FaultCategory::short_cycling;
}

}  // namespace

std::string_view category_name(FaultCategory c) noexcept {
    return enum_name(k_category_names, c);
}

std::optional<FaultCategory> parse_category(std::string_view name) noexcept {
    return find_enum(k_category_names, name);
}

std::string_view sensor_fault_kind_name(SensorFaultKind k) noexcept {
    return enum_name(k_sensor_fault_kinds, k);
}

std::string_view sensor_name(Sensor s) noexcept {
    return enum_name(k_sensor_names, s);
}

std::string Fault::describe() const {
    double hours = static_cast<double>(end - start) / k_hour_ms;
    std::string span =
        hours >= 48 ? fmt::format("{:.1f} d", hours / 24) : fmt::format("{:.1f} h", hours);
    switch (category) {
        case FaultCategory::compressor_failure:
            return fmt::format("injected: compressor does not run; repaired after {}", span);
        case FaultCategory::refrigerant_leak:
            return fmt::format(
                "injected: refrigerant leak; COP down {:.0f}% when refilled after {}",
                100 * leak_cop_loss, span);
        case FaultCategory::sensor_fault:
            if (sensor_kind == SensorFaultKind::drift)
                return fmt::format("injected: {} drift reaching {:+.1f} K over {} (kind: drift)",
                                   sensor_name(sensor), magnitude_k, span);
            if (sensor_kind == SensorFaultKind::spike)
                return fmt::format(
                    "injected: {} spikes ({} of about {:.0f} K) over {} (kind: spike)",
                    sensor_name(sensor), spikes.size(), magnitude_k, span);
            return fmt::format("injected: {} stuck for {} (kind: stuck)", sensor_name(sensor),
                               span);
        case FaultCategory::short_cycling:
            return fmt::format(
                "injected: compressor trips after {:.1f} min and restarts after "
                "{:.1f} min; for {}",
                run_limit_min, restart_min, span);
        case FaultCategory::circulation_failure:
            return fmt::format("injected: circulation pump stopped; repaired after {}", span);
        case FaultCategory::aux_heater_stuck:
            return fmt::format("injected: auxiliary heater stuck on for {}", span);
    }
    return "injected";
}

std::vector<Fault> plan_faults(const UnitTraits& unit, Timestamp start, Timestamp end, Rng& rng,
                               const FaultPlanOptions& options) {
    std::vector<Fault> faults;
    if (end - start < k_hour_ms * 6) return faults;
    double days = static_cast<double>(end - start) / k_day_ms;
    double expected = options.faults_per_year * days / 365.25;
    int n = std::max(1, static_cast<int>(std::floor(expected + rng.uniform())));
    // Keep faults short enough that most of the period stays normal.
    double cap_h = std::max(2.0, options.max_share * days * 24.0 / n);
    Duration margin = std::min<Duration>(k_day_ms, (end - start) / 20);
    Duration gap = std::min<Duration>(12 * k_hour_ms, (end - start) / 50);
    for (int i = 0; i < n; ++i) {
        Fault f;
        f.category = pick_category(rng);
        f.sensor_kind = static_cast<SensorFaultKind>(rng.uniform_int(0, 2));
        f.sensor = pick_sensor(unit, rng);
        double hours = std::min(draw_duration_h(f.category, f.sensor_kind, rng), cap_h);
        Duration dur = static_cast<Duration>(hours * 60) * k_minute_ms;
        f.leak_cop_loss = rng.uniform(0.25, 0.45);
        f.run_limit_min = rng.uniform(3.0, 7.0);
        f.restart_min = rng.uniform(2.0, 4.0);
        f.magnitude_k = f.sensor_kind == SensorFaultKind::drift
                            ? (rng.bernoulli(0.5) ? 1 : -1) * rng.uniform(3.0, 8.0)
                            : rng.uniform(15.0, 40.0);
        Timestamp lo = start + margin, hi = end - margin - dur;
        if (hi <= lo) continue;
        bool placed = false;
        for (int attempt = 0; attempt < 60 && !placed; ++attempt) {
            Timestamp s = lo + static_cast<Timestamp>(rng.uniform() * static_cast<double>(hi - lo));
            s -= (s - start) % k_minute_ms;
            if (wants_heating_season(f.category) && attempt < 40 && !heating_season(s)) continue;
            bool clash = std::any_of(faults.begin(), faults.end(), [&](const Fault& o) {
                return s < o.end + gap && o.start < s + dur + gap;
            });
            if (clash) continue;
            f.start = s;
            f.end = s + dur;
            placed = true;
        }
        if (!placed) continue;
        if (f.category == FaultCategory::sensor_fault && f.sensor_kind == SensorFaultKind::spike) {
            for (Timestamp t = f.start; t < f.end;
                 t += std::max<Duration>(
                     k_minute_ms, static_cast<Duration>(rng.exponential(45.0)) * k_minute_ms))
                f.spikes.push_back(t);
        }
        faults.push_back(std::move(f));
    }
    std::sort(faults.begin(), faults.end(),
              [](const Fault& a, const Fault& b) { return a.start < b.start; });
    return faults;
}

}  // namespace heatloop::sim
