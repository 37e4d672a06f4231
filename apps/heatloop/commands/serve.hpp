#pragma once
// `heatloop serve`, also used by `heatloop demo` at its end.

#include <filesystem>

#include "heatloop/web/server.hpp"

namespace heatloop::cli {

// <directory of the running heatloop executable>/web, where the build puts the front end.
std::filesystem::path default_static_dir();

// Serves `options` until SIGINT or SIGTERM; prints "serving WS on URL" first (to stderr
// with `quiet_stdout`, so --json output stays clean).
void serve_until_signal(web::ServerOptions options, bool quiet_stdout = false);

}  // namespace heatloop::cli
