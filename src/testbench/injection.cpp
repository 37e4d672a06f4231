#include "heatloop/testbench/injection.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <optional>

#include "heatloop/core/error.hpp"
#include "heatloop/sim/house.hpp"
#include "heatloop/sim/tank.hpp"

namespace heatloop::testbench {

namespace {

constexpr std::array<std::string_view, 7> k_consumption{
    "compressor_power", "heat_output", "compressor_on", "aux_power",
    "aux_heater_power", "pump_power",  "mode"};

// The last value present in rows [0, row) of `values`.
std::optional<double> last_present(const std::vector<double>& values, std::size_t row) {
    for (std::size_t i = row; i-- > 0;)
        if (!is_missing(values[i])) return values[i];
    return std::nullopt;
}

// A temperature channel that relaxes towards a moving target with a fixed time constant:
// the exact solution of dT/dt = (target - T) / tau for a target held over each step.
struct Relaxing {
    Channel* channel = nullptr;
    double t = 0.0;
    double decay = 1.0;  // exp(-dt / tau)
    void step(double target) { t = target + (t - target) * decay; }
};

}  // namespace

std::span<const std::string_view> consumption_channels() noexcept {
    return k_consumption;
}

double loop_time_constant_h() noexcept {
    const sim::LoopParams p;
    return p.capacity_kwh_per_k / p.emitter_kw_per_k;
}

double tank_time_constant_h() noexcept {
    const sim::TankParams p;
    return p.volume_l * sim::k_water_kwh_per_l_k / (p.loss_w_per_k / 1000.0);
}

double default_indoor_c() noexcept {
    return sim::HouseParams{}.setpoint_c;
}

UnitFrame inject_failure(const UnitFrame& clean, const InjectedFailure& f) {
    if (clean.step() <= 0)
        throw InvalidInputError(
            fmt::format("inject failure: unit {} has no regular grid", clean.unit_id()));
    if (f.unit_id != clean.unit_id())
        throw InvalidInputError(fmt::format("inject failure: failure of unit {} given data of {}",
                                            f.unit_id, clean.unit_id()));
    if (f.end <= f.start)
        throw InvalidInputError(
            fmt::format("inject failure on unit {}: end {} is not after start {}", f.unit_id,
                        format_iso(f.end), format_iso(f.start)));
    if (!(f.tau_h > 0.0) || !std::isfinite(f.tau_h))
        throw InvalidInputError(
            fmt::format("inject failure on unit {}: time constant must be positive, got {} h",
                        f.unit_id, f.tau_h));

    UnitFrame out = clean;
    const std::size_t begin = out.lower_bound(f.start), end = out.lower_bound(f.end);
    if (begin >= end) return out;

    for (std::string_view name : k_consumption)
        if (Channel* c = out.find(name))
            for (std::size_t i = begin; i < end; ++i)
                if (!is_missing(c->values[i])) c->values[i] = 0.0;

    const double dt_h = static_cast<double>(out.step()) / static_cast<double>(k_hour_ms);
    // The house as the simulator's RC node without heat input: UA = 1 kW/K, C = tau * UA.
    sim::HouseParams hp;
    hp.ua_kw_per_k = 1.0;
    hp.capacity_kwh_per_k = f.tau_h;
    Channel* indoor = out.find("t_indoor");
    const std::optional<double> indoor0 =
        indoor ? last_present(indoor->values, begin) : std::nullopt;
    sim::House house(hp, indoor0.value_or(default_indoor_c()));

    const Channel* outdoor = out.find("t_outdoor");
    std::optional<double> t_out = outdoor ? last_present(outdoor->values, begin) : std::nullopt;

    // Supply and return: the simulator's heating loop with the circulation pump running
    // relaxes towards the rooms with C_w / K; the tank loses heat to the room.
    const double loop_decay = std::exp(-dt_h / loop_time_constant_h());
    const double tank_decay = std::exp(-dt_h / tank_time_constant_h());
    std::vector<Relaxing> water;
    for (auto [name, decay] :
         {std::pair{"t_supply", loop_decay}, std::pair{"t_return", loop_decay},
          std::pair{"t_tank_top", tank_decay}, std::pair{"t_tank_mid", tank_decay}})
        if (Channel* c = out.find(name))
            if (auto v = last_present(c->values, begin)) water.push_back({c, *v, decay});

    for (std::size_t i = begin; i < end; ++i) {
        // Sample i shows the state at its timestamp: the first row is the state at t0.
        if (i > begin) {
            if (t_out) house.step(dt_h, *t_out, 0.0, false);
            for (Relaxing& w : water) w.step(house.t_indoor());
        }
        if (indoor && !is_missing(indoor->values[i])) indoor->values[i] = house.t_indoor();
        for (Relaxing& w : water)
            if (!is_missing(w.channel->values[i])) w.channel->values[i] = w.t;
        if (outdoor && !is_missing(outdoor->values[i])) t_out = outdoor->values[i];
    }
    return out;
}

}  // namespace heatloop::testbench
