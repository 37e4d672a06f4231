#include "io/problem_log.hpp"

#include <fmt/format.h>

#include <algorithm>

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
    for (Pending& p : pending)
        add_classed(p.problem.where.line, 0, "a line with a single field",
                    [&] { return p.problem.reason; });
}

void ProblemLog::merge(ProblemLog&& later, long line_offset) {
    // A later part with any record or problem makes this part's single-field lines problems.
    if (later.footer_ok_ || later.count_ > 0) flush_pending();
    // A class this part has seen already: the later part's first of it is a repeat, which a
    // failed file's message does not list again.
    std::vector<const Problem*> repeats;
    for (ClassCount& c : later.classes_) {
        if (ClassCount* mine = find_class(c.klass)) {
            mine->count += c.count;
            repeats.push_back(&c.first);
        } else if (classes_.size() < k_max_classes) {
            classes_.push_back(c);
            classes_.back().first.where.line += line_offset;
        }
    }
    // Each log keeps the first cap_ of its own part, so the first cap_ overall are among them.
    for (Problem& p : later.kept_) {
        if (kept_.size() >= cap_) break;
        const bool repeat = mode_ == OnError::fail &&
                            std::any_of(repeats.begin(), repeats.end(), [&](const Problem* r) {
                                return r->where.line == p.where.line &&
                                       r->where.column == p.where.column && r->reason == p.reason;
                            });
        if (repeat) continue;
        p.where.line += line_offset;
        kept_.push_back(std::move(p));
    }
    count_ += later.count_;
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
        const bool grouped =
            std::any_of(classes_.begin(), classes_.end(), [&](const ClassCount& c) {
                return c.count >= 2 && c.first.where.line == p.where.line &&
                       c.first.where.column == p.where.column && c.first.reason == p.reason;
            });
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
