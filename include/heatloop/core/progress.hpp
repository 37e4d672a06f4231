#pragma once
/// Progress for long work: a one-line bar on stderr when it is a terminal, silent otherwise.

#include <chrono>
#include <cstdint>
#include <string>

namespace heatloop {

/// Reports progress of `total` steps on stderr, redrawn at most ~10 times per second.
/// Does nothing when stderr is not a terminal or when disabled (e.g. with --json).
class Progress {
public:
    Progress(std::string label, std::uint64_t total, bool enabled = true);
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    /// Advance by n steps.
    void add(std::uint64_t n = 1);
    /// Set the absolute position.
    void set(std::uint64_t done);
    /// Finish the line (also done by the destructor).
    void finish();

    /// True when progress output goes to a terminal.
    static bool terminal() noexcept;

private:
    void draw(bool force);
    std::string label_;
    std::uint64_t total_, done_ = 0;
    bool enabled_, finished_ = false;
    std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace heatloop
