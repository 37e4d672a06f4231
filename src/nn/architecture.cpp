// Names of the architectures and the scoped thread count: torch-free except for ATen's small
// parallel header.
#include <ATen/Parallel.h>
#include <fmt/format.h>

#include <algorithm>

#include "heatloop/core/error.hpp"
#include "heatloop/nn/sequence_net.hpp"

namespace heatloop::nn {

std::string_view architecture_name(Architecture a) noexcept {
    return a == Architecture::lstm ? "lstm" : "tcn";
}

Architecture parse_architecture(std::string_view name) {
    if (name == "lstm") return Architecture::lstm;
    if (name == "tcn") return Architecture::tcn;
    throw InvalidInputError(fmt::format("unknown architecture '{}' (valid: lstm, tcn)", name));
}

ThreadScope::ThreadScope(int threads) : previous_(at::get_num_threads()) {
    at::set_num_threads(std::max(1, threads));
}

ThreadScope::~ThreadScope() {
    at::set_num_threads(previous_);
}

}  // namespace heatloop::nn
