#pragma once
/// The workspace directory during an ingest: created when missing (and removed again unless
/// the ingest commits), and locked against concurrent ingests.

#include <filesystem>

namespace heatloop::io {

/// Holds an exclusive lock on the workspace directory for its lifetime. Directories it had
/// to create (the workspace itself, missing parents, data/) are removed again on
/// destruction unless keep() was called, so a failed ingest leaves no trace.
class WorkspaceGuard {
public:
    /// Prepares `root`: an existing directory must be a workspace or empty (else
    /// InvalidInputError); a missing one is created. Throws ConflictError when another
    /// process holds the lock, IoError when a directory cannot be created.
    explicit WorkspaceGuard(const std::filesystem::path& root);
    ~WorkspaceGuard();
    WorkspaceGuard(const WorkspaceGuard&) = delete;
    WorkspaceGuard& operator=(const WorkspaceGuard&) = delete;

    /// The ingest committed: keep what was created.
    void keep() noexcept { keep_ = true; }
    /// root/data (exists while the guard lives).
    std::filesystem::path data_dir() const { return root_ / "data"; }

private:
    // Removes what was created unless kept, and unlocks; safe to call twice.
    void release() noexcept;

    std::filesystem::path root_;
    std::filesystem::path created_top_;  // topmost directory created here ("" = none)
    bool created_data_ = false;
    int lock_fd_ = -1;
    bool keep_ = false;
};

}  // namespace heatloop::io
