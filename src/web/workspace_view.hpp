#pragma once
// The workspace as the server sees it: data/manifest.json is read again when the file changed
// since the last request (an ingest while the server runs), so new and re-ingested units
// appear without a restart. A request keeps the snapshot it started with, so a reload while
// it runs changes nothing under it.

#include <sys/types.h>

#include <cstdint>
#include <ctime>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>

#include "heatloop/io/workspace.hpp"

namespace heatloop::web {

class WorkspaceView {
public:
    // Opens the workspace (NotFoundError / IoError as io::Workspace::open).
    explicit WorkspaceView(std::filesystem::path root);

    struct Current {
        std::shared_ptr<const io::Workspace> ws;
        bool reloaded = false;  // the manifest changed and was read again by this call
    };
    // The newest snapshot, re-reading the manifest when its file changed (size, time or
    // inode: ingest replaces it by a rename). `on_reload` runs with a new snapshot before any
    // request gets it (e.g. to make its units known to the label store).
    Current current(const std::function<void(const io::Workspace&)>& on_reload = {});

private:
    struct Stamp {
        bool exists = false;
        std::uintmax_t size = 0;
        std::int64_t mtime_ns = 0;
        ino_t inode = 0;
        bool operator==(const Stamp&) const = default;
    };
    Stamp stamp() const;

    std::filesystem::path root_;
    std::filesystem::path manifest_;
    std::mutex mutex_;
    Stamp seen_;
    std::shared_ptr<const io::Workspace> ws_;
};

}  // namespace heatloop::web
