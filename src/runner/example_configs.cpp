#include "heatloop/runner/example_configs.hpp"

#include <fmt/format.h>

#include <string>
#include <vector>

#include "heatloop/core/error.hpp"

namespace heatloop::runner {

std::string_view example_config(std::string_view detector) {
    std::vector<std::string_view> names;
    for (const EmbeddedFile& f : example_configs()) {
        std::string_view stem = f.name.substr(0, f.name.rfind('.'));
        if (stem == detector) return f.text;
        names.push_back(stem);
    }
    throw NotFoundError(
        fmt::format("no example config for '{}' (configs: {})", detector, fmt::join(names, ", ")));
}

}  // namespace heatloop::runner
