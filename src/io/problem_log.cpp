#include "io/problem_log.hpp"

#include <fmt/format.h>

#include "heatloop/core/error.hpp"

namespace heatloop::io {

std::string Problem::str() const {
    return fmt::format("{}: {}", where.str(), reason);
}

std::string quote_field(std::string_view field) {
    constexpr size_t k_max = 40;
    if (field.size() <= k_max) return fmt::format("'{}'", field);
    return fmt::format("'{}...'", field.substr(0, k_max));
}

void ProblemLog::merge(ProblemLog&& later, long line_offset) {
    // Each log keeps the first cap_ of its own part, so the first cap_ overall are among them.
    for (Problem& p : later.kept_) {
        if (kept_.size() >= cap_) break;
        p.where.line += line_offset;
        kept_.push_back(std::move(p));
    }
    count_ += later.count_;
    later.kept_.clear();
    later.count_ = 0;
}

void ProblemLog::finish(ReadSummary& summary) {
    if (mode_ == OnError::skip) {
        summary.skipped_count += count_;
        for (Problem& p : kept_) summary.skipped.push_back(std::move(p));
        kept_.clear();
        count_ = 0;
        return;
    }
    if (count_ == 0) return;
    if (count_ == 1) throw InvalidInputError(kept_.front().str());
    std::string msg = fmt::format("{}: {} problems, nothing read:", file_, count_);
    for (const Problem& p : kept_) {
        msg += "\n  ";
        msg += p.str();
    }
    if (count_ > kept_.size()) msg += fmt::format("\n  ... and {} more", count_ - kept_.size());
    throw InvalidInputError(msg);
}

}  // namespace heatloop::io
