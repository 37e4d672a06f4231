#pragma once
// The run config reader's TOML entry points, for readers of files built on the run config
// (forecast studies): the toml++ types stay inside the runner.

#include <toml++/toml.h>

#include <filesystem>
#include <string>
#include <string_view>

#include "heatloop/runner/run_config.hpp"

namespace heatloop::runner {

// The text of a config file; NotFoundError when it does not exist, IoError when unreadable.
std::string read_config_file(const std::filesystem::path& file);

// Parses TOML text; InvalidInputError "source:line:column: reason" for a syntax error.
toml::table parse_toml(std::string_view text, const std::string& source);

// A run config from a parsed table; `text` is kept as the config's text (logged with the
// run). Errors as parse_run_config's; `models` makes the [model] to check it.
RunConfig run_config_from_table(const toml::table& root, std::string_view text,
                                const std::string& source,
                                const ModelSource& models = registry_models());

}  // namespace heatloop::runner
