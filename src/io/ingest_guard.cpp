#include "io/ingest_guard.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "heatloop/core/error.hpp"
#include "heatloop/io/workspace.hpp"

namespace heatloop::io {

namespace fs = std::filesystem;

namespace {

bool is_empty_dir(const fs::path& p) {
    std::error_code ec;
    return fs::is_empty(p, ec) && !ec;
}

// The topmost missing directory on the way to `p` (p itself when only it is missing).
fs::path topmost_missing(const fs::path& p) {
    fs::path abs = fs::absolute(p);
    fs::path top;
    std::error_code ec;
    for (fs::path cur = abs; !cur.empty() && !fs::exists(cur, ec); cur = cur.parent_path()) {
        top = cur;
        if (cur == cur.parent_path()) break;
    }
    return top;
}

}  // namespace

WorkspaceGuard::WorkspaceGuard(const fs::path& root) : root_(root) {
    std::error_code ec;
    if (fs::exists(root_, ec)) {
        if (!fs::is_directory(root_, ec))
            throw InvalidInputError(
                fmt::format("workspace {} exists and is not a directory", root_.string()));
        if (!Workspace::is_workspace(root_) && !is_empty_dir(root_))
            throw InvalidInputError(
                fmt::format("{} exists, is not empty and is not a heatloop workspace (no data/ or "
                            "heatloop.db); use a new or empty directory",
                            root_.string()));
    } else {
        created_top_ = topmost_missing(root_);
        fs::create_directories(root_, ec);
        if (ec)
            throw IoError(
                fmt::format("cannot create workspace {}: {}", root_.string(), ec.message()));
    }
    lock_fd_ = ::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (lock_fd_ < 0) {
        const std::string reason = std::strerror(errno);
        release();
        throw IoError(fmt::format("cannot open workspace {}: {}", root_.string(), reason));
    }
    if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
        release();
        throw ConflictError(
            fmt::format("workspace {} is being changed by another process (an "
                        "ingest is running); try again when it has finished",
                        root_.string()));
    }
    if (!fs::exists(data_dir(), ec)) {
        created_data_ = true;
        fs::create_directory(data_dir(), ec);
        if (ec) {
            release();
            throw IoError(fmt::format("cannot create {}: {}", data_dir().string(), ec.message()));
        }
    }
}

WorkspaceGuard::~WorkspaceGuard() {
    release();
}

void WorkspaceGuard::release() noexcept {
    std::error_code ec;
    if (!keep_) {
        if (!created_top_.empty())
            fs::remove_all(created_top_, ec);
        else if (created_data_)
            fs::remove_all(data_dir(), ec);
        created_top_.clear();
        created_data_ = false;
    }
    if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the lock
    lock_fd_ = -1;
}

}  // namespace heatloop::io
