#pragma once
// Fixtures for the workspace and ingest tests: a private temporary directory, small CSV
// files, and a fingerprint of a whole directory tree (every path, every file's hash).

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "heatloop/core/sha256.hpp"
#include "heatloop/core/time.hpp"
#include "heatloop/io/ingest.hpp"

namespace heatloop::io::wstest {

inline constexpr Timestamp k_t0 = 1704067200000;  // 2024-01-01T00:00:00Z

/// A fresh directory under the system temp dir, removed with its contents on destruction.
class TempDir {
public:
    TempDir() {
        static std::atomic<int> counter{0};
        const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
        path_ = std::filesystem::temp_directory_path() /
                ("heatloop-ws-test-" + std::to_string(stamp) + "-" + std::to_string(counter++));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    /// Writes `content` to `name` in the directory and returns its path.
    std::filesystem::path write(const std::string& name, const std::string& content) const {
        auto p = path_ / name;
        std::ofstream(p, std::ios::binary) << content;
        return p;
    }
    /// A path inside the directory.
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
    const std::filesystem::path& path() const noexcept { return path_; }

private:
    std::filesystem::path path_;
};

/// Every entry under `root` (relative path -> "dir" or the file's SHA-256); empty when `root`
/// does not exist. Two equal fingerprints mean a byte-identical tree.
inline std::map<std::string, std::string> fingerprint(const std::filesystem::path& root) {
    std::map<std::string, std::string> out;
    std::error_code ec;
    if (!std::filesystem::exists(root, ec)) return out;
    for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
        const std::string rel = std::filesystem::relative(e.path(), root).generic_string();
        out[rel] = e.is_directory() ? "dir" : sha256_file(e.path()).sha256;
    }
    return out;
}

/// Ingest options that keep tests quiet: no progress bar, warnings collected.
inline IngestOptions quiet(std::vector<std::string>* warnings = nullptr) {
    IngestOptions o;
    o.progress = false;
    o.warn = [warnings](const std::string& w) {
        if (warnings) warnings->push_back(w);
    };
    return o;
}

inline bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

}  // namespace heatloop::io::wstest
