#pragma once
// Fixtures for the reader tests: a private temporary directory, plain and gzip files, and
// read_file collecting every chunk.

#include <gtest/gtest.h>
#include <zlib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "heatloop/core/error.hpp"
#include "heatloop/io/read.hpp"

namespace heatloop::io::test {

/// A fresh directory under the system temp dir, removed with its contents on destruction.
class TempDir {
public:
    TempDir() {
        static std::atomic<int> counter{0};
        auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
        path_ = std::filesystem::temp_directory_path() /
                ("heatloop-io-test-" + std::to_string(stamp) + "-" + std::to_string(counter++));
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
        std::ofstream out(p, std::ios::binary);
        out << content;
        return p;
    }
    /// Writes `content` gzip-compressed to `name` and returns its path.
    std::filesystem::path write_gz(const std::string& name, const std::string& content) const {
        auto p = path_ / name;
        gzFile gz = gzopen(p.c_str(), "wb");
        EXPECT_NE(gz, nullptr);
        if (!content.empty()) {
            EXPECT_EQ(gzwrite(gz, content.data(), static_cast<unsigned>(content.size())),
                      static_cast<int>(content.size()));
        }
        gzclose(gz);
        return p;
    }
    const std::filesystem::path& path() const noexcept { return path_; }

private:
    std::filesystem::path path_;
};

/// Everything one read_file call produced.
struct ReadResult {
    ReadSummary summary;
    std::vector<UnitFrame> frames;

    /// The frames of `unit`, in arrival order.
    std::vector<const UnitFrame*> of(const std::string& unit) const {
        std::vector<const UnitFrame*> out;
        for (const auto& f : frames)
            if (f.unit_id() == unit) out.push_back(&f);
        return out;
    }
    /// The one frame of `unit` (fails the test if there is not exactly one).
    const UnitFrame& one(const std::string& unit) const {
        auto v = of(unit);
        EXPECT_EQ(v.size(), 1u) << "frames of unit " << unit;
        if (v.empty()) throw std::runtime_error("no frame for unit " + unit);
        return *v.front();
    }
};

/// read_file collecting the chunks.
inline ReadResult read_all(const std::filesystem::path& file, const ReadOptions& options = {}) {
    ReadResult r;
    r.summary = read_file(file, options, [&](UnitFrame&& f) { r.frames.push_back(std::move(f)); });
    return r;
}

/// The message of the InvalidInputError that reading `file` throws ("" if none is thrown).
inline std::string read_error(const std::filesystem::path& file, const ReadOptions& options = {}) {
    try {
        read_all(file, options);
    } catch (const InvalidInputError& e) {
        return e.what();
    }
    ADD_FAILURE() << "no InvalidInputError reading " << file;
    return {};
}

/// Options with OnError::skip.
inline ReadOptions skipping() {
    ReadOptions o;
    o.on_error = OnError::skip;
    return o;
}

}  // namespace heatloop::io::test
