// Names of the architectures (SequenceNet's and SequenceRegressor's): compiled into both
// halves of the layer (the libtorch module names them in its errors).
#include <fmt/format.h>

#include "heatloop/core/error.hpp"
#include "heatloop/nn/sequence_net.hpp"
#include "heatloop/nn/sequence_regressor.hpp"

namespace heatloop::nn {

std::string_view architecture_name(Architecture a) noexcept {
    return a == Architecture::lstm ? "lstm" : "tcn";
}

Architecture parse_architecture(std::string_view name) {
    if (name == "lstm") return Architecture::lstm;
    if (name == "tcn") return Architecture::tcn;
    throw InvalidInputError(fmt::format("unknown architecture '{}' (valid: lstm, tcn)", name));
}

std::string_view regressor_architecture_name(RegressorArchitecture a) noexcept {
    return a == RegressorArchitecture::lstm ? "lstm" : "bilstm_attention";
}

RegressorArchitecture parse_regressor_architecture(std::string_view name) {
    if (name == "lstm") return RegressorArchitecture::lstm;
    if (name == "bilstm_attention") return RegressorArchitecture::bilstm_attention;
    throw InvalidInputError(
        fmt::format("unknown architecture '{}' (valid: lstm, bilstm_attention)", name));
}

}  // namespace heatloop::nn
