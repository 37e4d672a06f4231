#pragma once
// What every handler shares: the options, the workspace, the connection pool, the caches
// of unit data and run outputs, and the route table.

#include <mutex>

#include "heatloop/io/workspace.hpp"
#include "heatloop/store/households.hpp"
#include "heatloop/store/label_service.hpp"
#include "heatloop/web/login_throttle.hpp"
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
          frames(workspace) {
        // Units ingested since the last label import are known to the label store too, so
        // labels can be drawn on them; households likewise (the detection targets).
        auto lease = pool.acquire();
        store::LabelService(lease.db()).sync_units(workspace.units());
        store::sync_households(lease.db(), workspace.households());
    }

    ServerOptions options;
    io::Workspace workspace;
    DbPool pool;
    FrameCache frames;
    RunCache runs;
    Router router;
    LoginThrottle sign_ins;    ///< back-off of failed sign-ins (api/session.cpp)
    std::mutex sqlite_writes;  ///< writing requests take turns on SQLite (server.cpp)
};

}  // namespace heatloop::web
