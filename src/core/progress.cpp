#include "heatloop/core/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace heatloop {

Progress::Progress(std::string label, std::uint64_t total, bool enabled)
    : label_(std::move(label)),
      total_(total),
      enabled_(enabled && terminal()),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

Progress::~Progress() {
    finish();
}

bool Progress::terminal() noexcept {
    return isatty(STDERR_FILENO) != 0;
}

void Progress::add(std::uint64_t n) {
    done_ += n;
    draw(false);
}

void Progress::set(std::uint64_t done) {
    done_ = done;
    draw(false);
}

void Progress::finish() {
    if (finished_) return;
    finished_ = true;
    if (!enabled_) return;
    draw(true);
    std::fputc('\n', stderr);
}

void Progress::draw(bool force) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (!force && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    double secs = std::chrono::duration<double>(now - start_).count();
    double frac = total_ ? static_cast<double>(done_) / static_cast<double>(total_) : 1.0;
    int width = 30;
    int filled = static_cast<int>(frac * width);
    fmt::print(stderr, "\r{:<18} [{:=<{}}{:<{}}] {:>3.0f}% {}/{} {:.1f}s", label_, "", filled, "",
               width - filled, frac * 100, done_, total_, secs);
    std::fflush(stderr);
}

}  // namespace heatloop
