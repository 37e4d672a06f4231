#include "web/derived_channels.hpp"

#include <array>
#include <cmath>

namespace heatloop::web {

namespace {

// Below this electrical power (kW) the compressor is off or starting: COP is undefined.
constexpr double k_min_power_kw = 0.05;

constexpr std::array<DerivedChannel, 2> k_derived{{
    {"cop", "heat output / compressor power", "", "heat_output", "compressor_power"},
    {"lift", "supply minus outdoor temperature", "K", "t_supply", "t_outdoor"},
}};

}  // namespace

std::span<const DerivedChannel> derived_channels() {
    return k_derived;
}

const DerivedChannel* find_derived(std::string_view name) {
    for (const DerivedChannel& d : k_derived)
        if (d.name == name) return &d;
    return nullptr;
}

bool can_derive(const UnitFrame& frame, const DerivedChannel& d) {
    return frame.find(d.a) && frame.find(d.b);
}

std::vector<double> derive(const UnitFrame& frame, const DerivedChannel& d, std::size_t begin,
                           std::size_t end) {
    const std::vector<double>& a = frame.at(d.a).values;
    const std::vector<double>& b = frame.at(d.b).values;
    std::vector<double> out;
    out.reserve(end - begin);
    const bool ratio = d.name == "cop";
    for (std::size_t i = begin; i < end; ++i) {
        if (ratio)
            out.push_back(b[i] > k_min_power_kw ? a[i] / b[i] : k_missing);
        else
            out.push_back(a[i] - b[i]);  // NaN propagates
    }
    return out;
}

}  // namespace heatloop::web
