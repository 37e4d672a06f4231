#include "io/problem_log.hpp"

#include <fmt/format.h>

#include "heatloop/core/error.hpp"
#include "heatloop/core/text.hpp"

namespace heatloop::io {

std::string Problem::str() const {
    return fmt::format("{}: {}", where.str(), reason);
}

std::string quote_field(std::string_view field) {
    constexpr size_t k_max = 40;
    if (field.size() <= k_max) return fmt::format("'{}'", visible(field));
    // Cut at a character boundary, so the shown text stays UTF-8.
    std::size_t cut = k_max;
    while (cut > 0 && (static_cast<unsigned char>(field[cut]) & 0xC0) == 0x80) --cut;
    return fmt::format("'{}...' ({} bytes)", visible(field.substr(0, cut)), field.size());
}

std::string group_thousands(std::size_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return out;
}

void ProblemLog::flush_pending() {
    std::vector<Pending> pending = std::move(pending_);
    pending_.clear();
    for (Pending& p : pending) {
        const bool keep = count_++ < cap_;
        if (keep) kept_.push_back(p.problem);
        Problem copy = p.problem;
        auto reason = [&] { return copy.reason; };
        count_class("a line with a single field", keep ? &kept_.back() : nullptr, copy.where.line,
                    0, reason);
    }
}

void ProblemLog::merge(ProblemLog&& later, long line_offset) {
    // A later part with any record or problem makes this part's single-field lines problems.
    if (later.footer_ok_ || later.count_ > 0) flush_pending();
    // Each log keeps the first cap_ of its own part, so the first cap_ overall are among them.
    for (Problem& p : later.kept_) {
        if (kept_.size() >= cap_) break;
        p.where.line += line_offset;
        kept_.push_back(std::move(p));
    }
    count_ += later.count_;
    for (ClassCount& c : later.classes_) {
        c.first.where.line += line_offset;
        bool found = false;
        for (ClassCount& mine : classes_)
            if (mine.klass == c.klass) {
                mine.count += c.count;
                found = true;
                break;
            }
        if (!found && classes_.size() < k_max_classes) classes_.push_back(std::move(c));
    }
    footer_ok_ = footer_ok_ || later.footer_ok_;
    for (Pending& p : later.pending_) {
        p.problem.where.line += line_offset;
        if (pending_.size() >= k_max_footer_lines) flush_pending();
        pending_.push_back(std::move(p));
    }
    later.kept_.clear();
    later.classes_.clear();
    later.pending_.clear();
    later.count_ = 0;
}

void ProblemLog::finish(ReadSummary& summary) {
    // Single-field lines at the end: a footer, not data.
    if (!pending_.empty()) {
        summary.footer_lines = pending_.size();
        summary.footer = visible(pending_.front().text);
        summary.rows -= std::min(summary.rows, pending_.size());
        pending_.clear();
    }
    if (mode_ == OnError::skip) {
        summary.skipped_count += count_;
        for (Problem& p : kept_) summary.skipped.push_back(std::move(p));
        for (ClassCount& c : classes_)
            summary.problem_classes.push_back(
                ProblemClass{std::move(c.klass), c.count, std::move(c.first)});
        kept_.clear();
        classes_.clear();
        count_ = 0;
        return;
    }
    if (count_ == 0) return;
    if (count_ == 1) throw InvalidInputError(kept_.front().str());
    std::string msg = fmt::format("{}: {} problems, nothing read:", file_, group_thousands(count_));
    // One line per class seen more than once; then the other problems one by one.
    std::size_t listed = 0;
    for (const ClassCount& c : classes_) {
        if (c.count < 2) continue;
        // The first one's details without repeating the class: "timestamp '...'", "got 'x'".
        std::string detail = c.first.reason;
        if (const auto at = detail.find(c.klass); at != std::string::npos)
            detail.erase(at, c.klass.size());
        while (!detail.empty() && (detail.back() == ' ' || detail.back() == ':')) detail.pop_back();
        while (!detail.empty() && (detail.front() == ',' || detail.front() == ' '))
            detail.erase(0, 1);
        msg += fmt::format("\n  {} lines: {} (first: {}{}{})", group_thousands(c.count), c.klass,
                           c.first.where.str(), detail.empty() ? "" : ", ", detail);
        listed += c.count;
    }
    std::size_t shown = 0;
    for (const Problem& p : kept_) {
        bool grouped = false;
        for (const ClassCount& c : classes_)
            if (c.count >= 2 && p.reason.find(c.klass) != std::string::npos &&
                c.first.where.line <= p.where.line) {
                grouped = true;
                break;
            }
        if (grouped) continue;
        msg += "\n  ";
        msg += p.str();
        ++shown;
    }
    if (count_ > listed + shown)
        msg += fmt::format("\n  ... and {} more", group_thousands(count_ - listed - shown));
    throw InvalidInputError(msg);
}

}  // namespace heatloop::io
