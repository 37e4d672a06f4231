#include "web/workspace_view.hpp"

#include <sys/stat.h>

namespace heatloop::web {

WorkspaceView::WorkspaceView(std::filesystem::path root)
    : root_(std::move(root)), manifest_(root_ / "data" / "manifest.json") {
    seen_ = stamp();  // before reading: a change in between is seen on the next request
    ws_ = std::make_shared<const io::Workspace>(io::Workspace::open(root_));
}

WorkspaceView::Stamp WorkspaceView::stamp() const {
    struct stat st {};
    if (::stat(manifest_.c_str(), &st) != 0) return {};
    return {true, static_cast<std::uintmax_t>(st.st_size),
            static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec,
            st.st_ino};
}

WorkspaceView::Current WorkspaceView::current(
    const std::function<void(const io::Workspace&)>& on_reload) {
    std::lock_guard lock(mutex_);
    const Stamp now = stamp();
    if (now == seen_) return {ws_, false};
    // Stamp first, then read: a manifest replaced in between differs from the stamp, so the
    // next request reads it again. Published only once `on_reload` succeeded (else the next
    // request tries again).
    auto next = std::make_shared<const io::Workspace>(io::Workspace::open(root_));
    if (on_reload) on_reload(*next);
    ws_ = std::move(next);
    seen_ = now;
    return {ws_, true};
}

}  // namespace heatloop::web
