#pragma once
/// The example run configs of configs/*.toml, compiled in (one per detector).

#include <span>
#include <string_view>

#include "heatloop/core/embedded_file.hpp"

namespace heatloop::runner {

/// Every configs/<name>.toml, sorted by name.
std::span<const EmbeddedFile> example_configs();

/// The text of configs/<detector>.toml; NotFoundError listing the examples there are.
std::string_view example_config(std::string_view detector);

}  // namespace heatloop::runner
