#pragma once
/// Collecting the problems of a file (or of one block of it): all of them are counted, the
/// first few are kept with their reason.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "heatloop/io/read.hpp"

namespace heatloop::io {

/// Problems in file order. With OnError::fail the first k_shown are kept for the error
/// message; with OnError::skip the first k_max_skipped_kept go to ReadSummary::skipped.
/// Reasons are built lazily, so a file where every line is bad costs a counter increment per
/// line once the kept list is full.
class ProblemLog {
public:
    /// Problems listed in the error message of a failed file.
    static constexpr std::size_t k_shown = 50;

    /// An empty log for `file`.
    ProblemLog(std::string file, OnError mode)
        : file_(std::move(file)),
          mode_(mode),
          cap_(mode == OnError::skip ? k_max_skipped_kept : k_shown) {}

    /// Records a problem at line:column (column 0 = the whole line); `reason()` returns
    /// the message and is only called when the problem is kept.
    template <class MakeReason>
    void add(long line, long column, MakeReason&& reason) {
        add_classed(line, column, {}, std::forward<MakeReason>(reason));
    }

    /// As add(), for a problem of a class (the reason without the details of the line, e.g.
    /// "local time without a zone: pass --tz ..."): a failed file's message gives one line per
    /// class with its count and first occurrence instead of the same reason many times.
    template <class MakeReason>
    void add_classed(long line, long column, std::string_view klass, MakeReason&& reason) {
        if (!pending_.empty()) flush_pending();
        ++count_;
        ClassCount* known = klass.empty() ? nullptr : find_class(klass);
        if (known) {
            ++known->count;
            // A failed file's message shows a class once: its repeats are only counted.
            if (mode_ == OnError::fail) return;
        }
        const bool keep = kept_.size() < cap_;
        if (keep) kept_.push_back(Problem{SourceLocation{file_, line, column}, reason()});
        if (!klass.empty() && !known && classes_.size() < k_max_classes)
            classes_.push_back(ClassCount{
                std::string(klass), 1,
                keep ? kept_.back() : Problem{SourceLocation{file_, line, column}, reason()}});
    }

    /// A line with a single field in a file of several columns: a footer line when only such
    /// lines follow it (at most k_max_footer_lines), else a problem. `text` is the line.
    template <class MakeReason>
    void footer_candidate(long line, std::string_view text, MakeReason&& reason) {
        if (pending_.size() >= k_max_footer_lines) flush_pending();
        if (!pending_.empty() || footer_ok_)
            pending_.push_back(Pending{Problem{SourceLocation{file_, line, 0}, reason()},
                                       std::string(text.substr(0, 200))});
        else
            add_classed(line, 0, "a line with a single field", std::forward<MakeReason>(reason));
    }
    /// A record with the header's number of fields was read: single-field lines before it
    /// were not a footer.
    void note_record() {
        footer_ok_ = true;
        if (!pending_.empty()) flush_pending();
    }

    /// Lines a footer may have.
    static constexpr std::size_t k_max_footer_lines = 10;

    /// Appends the problems of `later` (a log of a later part of the same file whose line
    /// numbers are `line_offset` short), keeping the first ones overall.
    void merge(ProblemLog&& later, long line_offset = 0);

    /// Problems of one class: how many, and the first.
    struct ClassCount {
        std::string klass;
        std::size_t count = 0;
        Problem first;
    };

    /// True when reading must end in an error (OnError::fail and any problem).
    bool failed() const noexcept { return mode_ == OnError::fail && count_ > 0; }
    /// Number of problems so far.
    std::size_t count() const noexcept { return count_; }
    /// The file name used in locations.
    const std::string& file() const noexcept { return file_; }
    /// How problems are handled.
    OnError mode() const noexcept { return mode_; }

    /// Ends the file: throws InvalidInputError listing the problems when failed(), else
    /// moves the skipped problems into `summary`.
    void finish(ReadSummary& summary);

private:
    struct Pending {
        Problem problem;
        std::string text;
    };
    static constexpr std::size_t k_max_classes = 64;

    ClassCount* find_class(std::string_view klass) {
        for (ClassCount& c : classes_)
            if (c.klass == klass) return &c;
        return nullptr;
    }
    void flush_pending();

    std::string file_;
    OnError mode_;
    std::size_t cap_;
    std::vector<Problem> kept_;
    std::size_t count_ = 0;
    std::vector<ClassCount> classes_;
    std::vector<Pending> pending_;  // single-field lines after the last record
    bool footer_ok_ = false;        // a record came before (a footer follows data)
    long footer_offset_ = 0;
};

/// 92540 -> "92,540".
std::string group_thousands(std::size_t n);

/// "'abc'" for a field shown in a message, shortened when very long.
std::string quote_field(std::string_view field);

}  // namespace heatloop::io
