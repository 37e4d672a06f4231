#pragma once
// Channels the server computes from raw ones for the unit view: COP (heat output over
// compressor power) and temperature lift (supply minus outdoor).

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/core/frame.hpp"

namespace heatloop::web {

struct DerivedChannel {
    std::string_view name;
    std::string_view description;
    std::string_view unit;
    std::string_view a, b;  // the raw channels it is computed from
};

// Every derived channel.
std::span<const DerivedChannel> derived_channels();
// The derived channel of that name, or nullptr.
const DerivedChannel* find_derived(std::string_view name);
// True when `frame` has the raw channels `d` needs.
bool can_derive(const UnitFrame& frame, const DerivedChannel& d);
// Its values over rows [begin, end) of `frame` (NaN where undefined, e.g. compressor off).
std::vector<double> derive(const UnitFrame& frame, const DerivedChannel& d, std::size_t begin,
                           std::size_t end);

}  // namespace heatloop::web
