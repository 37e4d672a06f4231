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
#include "web/workspace_view.hpp"

namespace heatloop::web {

struct AppState {
    explicit AppState(ServerOptions o)
        : options(std::move(o)),
          workspaces(options.workspace),
          pool(options.workspace, options.db_url) {
        auto lease = pool.acquire();
        sync(lease.db(), *workspaces.current().ws);
    }

    // The workspace as of now (the manifest is read again when an ingest changed it); the
    // units and households of a changed one are made known to the label store first.
    std::shared_ptr<const io::Workspace> workspace(store::Db& db) {
        return workspaces.current([&](const io::Workspace& ws) { sync(db, ws); }).ws;
    }

    // Units ingested since the last label import are known to the label store too, so
    // labels can be drawn on them; households likewise (the detection targets).
    static void sync(store::Db& db, const io::Workspace& ws) {
        store::LabelService(db).sync_units(ws.units());
        store::sync_households(db, ws.households());
    }

    ServerOptions options;
    WorkspaceView workspaces;
    DbPool pool;
    FrameCache frames;
    RunCache runs;
    Router router;
    LoginThrottle sign_ins;    ///< back-off of failed sign-ins (api/session.cpp)
    std::mutex sqlite_writes;  ///< writing requests take turns on SQLite (server.cpp)
};

}  // namespace heatloop::web
