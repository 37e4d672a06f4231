#pragma once
// A run's temporary directory for its outputs before they are logged as artifacts
// (artifacts/tmp-<run id>/outputs), removed when it goes out of scope.

#include <filesystem>
#include <string>
#include <system_error>

namespace heatloop::runner {

class ScratchDir {
public:
    ScratchDir(const std::filesystem::path& parent, const std::string& run_id)
        : path_(parent / ("tmp-" + run_id)) {
        std::filesystem::create_directories(path_ / "outputs");
    }
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

}  // namespace heatloop::runner
