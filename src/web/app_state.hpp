#pragma once
// What every handler shares: the options, the workspace, the connection pool, the caches
// of unit data and run outputs, and the route table.

#include "heatloop/io/workspace.hpp"
#include "heatloop/web/server.hpp"
#include "web/db_pool.hpp"
#include "web/frame_cache.hpp"
#include "web/router.hpp"
#include "web/run_cache.hpp"

namespace heatloop::web {

struct AppState {
    explicit AppState(ServerOptions o)
        : options(std::move(o)),
          workspace(io::Workspace::open(options.workspace)),
          pool(options.workspace, options.db_url),
          frames(workspace) {}

    ServerOptions options;
    io::Workspace workspace;
    DbPool pool;
    FrameCache frames;
    RunCache runs;
    Router router;
};

}  // namespace heatloop::web
