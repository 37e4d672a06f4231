#pragma once
/// The git commit of the code a run was started from.

#include <filesystem>
#include <optional>
#include <string>

namespace heatloop::tracking {

/// `git rev-parse HEAD` in `dir` (default: the current directory): the full hex commit id,
/// or nullopt when `dir` is not in a git checkout, the checkout has no commit yet, or git
/// is not installed. Never throws and never prints.
std::optional<std::string> git_head_commit(const std::filesystem::path& dir = {});

}  // namespace heatloop::tracking
