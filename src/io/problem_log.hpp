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
        if (count_++ < cap_)
            kept_.push_back(Problem{SourceLocation{file_, line, column}, reason()});
    }

    /// Appends the problems of `later` (a log of a later part of the same file whose line
    /// numbers are `line_offset` short), keeping the first ones overall.
    void merge(ProblemLog&& later, long line_offset = 0);

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
    std::string file_;
    OnError mode_;
    std::size_t cap_;
    std::vector<Problem> kept_;
    std::size_t count_ = 0;
};

/// "'abc'" for a field shown in a message, shortened when very long.
std::string quote_field(std::string_view field);

}  // namespace heatloop::io
