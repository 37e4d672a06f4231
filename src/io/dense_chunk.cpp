#include "io/dense_chunk.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <cstdint>
#include <numeric>

namespace heatloop::io {

namespace {

// Reserves `n` elements in `v` for a large join and asks for transparent huge pages before
// the storage is first written: tens of MB of fresh memory take a fraction of the page faults
// with 2 MB pages. A large reservation gets 2 MB of slack (address space only, never touched)
// so that everything written lies past the first huge-page boundary. Only a hint: without
// THP ordinary pages are used.
template <class T>
void reserve_huge(std::vector<T>& v, std::size_t n) {
    constexpr std::uintptr_t k_huge = std::uintptr_t{1} << 21;
    const bool large = n * sizeof(T) >= k_huge;
    v.reserve(large ? n + k_huge / sizeof(T) : n);
#if defined(MADV_HUGEPAGE)
    if (!large) return;
    const auto data = reinterpret_cast<std::uintptr_t>(v.data());
    const std::uintptr_t begin = (data + k_huge - 1) & ~(k_huge - 1);
    const std::uintptr_t end = (data + v.capacity() * sizeof(T)) & ~(k_huge - 1);
    if (end > begin) (void)madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#endif
}

template <class T>
void permute(std::vector<T>& v, const std::vector<std::size_t>& order, std::vector<T>& tmp) {
    tmp.resize(v.size());
    for (std::size_t i = 0; i < order.size(); ++i) tmp[i] = v[order[i]];
    v.swap(tmp);
}

}  // namespace

void DenseChunk::note_order(Timestamp first, const Timestamp* begin, const Timestamp* end) {
    if (!sorted_ || begin == end) return;
    const bool continues =
        pieces_.empty() || pieces_.back().time.empty() || pieces_.back().time.back() <= first;
    if (!continues || !std::is_sorted(begin, end)) sorted_ = false;
}

DenseChunk::Piece& DenseChunk::open_piece() {
    if (!last_open_) {
        pieces_.emplace_back();
        pieces_.back().values.resize(channels_);
        last_open_ = true;
    }
    return pieces_.back();
}

void DenseChunk::append(const std::vector<Timestamp>& times, const std::vector<long>& lines,
                        const std::vector<std::vector<double>>& columns, std::size_t begin,
                        std::size_t n, long line_offset) {
    if (n == 0) return;
    const auto from = static_cast<std::ptrdiff_t>(begin);
    const auto to = static_cast<std::ptrdiff_t>(begin + n);
    note_order(times[begin], times.data() + begin, times.data() + begin + n);
    Piece& p = open_piece();
    p.time.insert(p.time.end(), times.begin() + from, times.begin() + to);
    for (std::size_t i = begin; i < begin + n; ++i) p.lines.push_back(lines[i] + line_offset);
    for (std::size_t c = 0; c < channels_; ++c)
        p.values[c].insert(p.values[c].end(), columns[c].begin() + from, columns[c].begin() + to);
    rows_ += n;
}

void DenseChunk::adopt(std::vector<Timestamp>&& times, std::vector<long>&& lines,
                       std::vector<std::vector<double>>&& columns, long line_offset) {
    if (times.empty()) return;
    note_order(times.front(), times.data(), times.data() + times.size());
    if (line_offset != 0)
        for (long& l : lines) l += line_offset;
    rows_ += times.size();
    pieces_.push_back(Piece{std::move(times), std::move(lines), std::move(columns)});
    last_open_ = false;
}

// All pieces as one, freeing each as it is copied so the peak stays near one copy.
DenseChunk::Piece DenseChunk::join() {
    if (pieces_.size() == 1) {
        Piece p = std::move(pieces_.front());
        pieces_.clear();
        return p;
    }
    Piece out;
    reserve_huge(out.time, rows_);
    out.lines.reserve(rows_);  // not handed on: ordinary pages
    out.values.resize(channels_);
    for (auto& v : out.values) reserve_huge(v, rows_);
    for (Piece& p : pieces_) {
        out.time.insert(out.time.end(), p.time.begin(), p.time.end());
        out.lines.insert(out.lines.end(), p.lines.begin(), p.lines.end());
        for (std::size_t c = 0; c < channels_; ++c)
            out.values[c].insert(out.values[c].end(), p.values[c].begin(), p.values[c].end());
        if (pool_) {
            pool_->put(std::move(p.time));
            pool_->put(std::move(p.lines));
            for (auto& v : p.values) pool_->put(std::move(v));
        }
        p = Piece{};
    }
    pieces_.clear();
    return out;
}

void DenseChunk::sort_rows(Piece& p) {
    std::vector<std::size_t> order(p.time.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    // Stable, so among equal times the row that came first in the file stays first.
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return p.time[a] < p.time[b]; });
    std::vector<Timestamp> tt;
    permute(p.time, order, tt);
    std::vector<long> tl;
    permute(p.lines, order, tl);
    std::vector<double> tv;
    for (auto& col : p.values) permute(col, order, tv);
}

UnitFrame DenseChunk::take(const std::string& unit, const std::vector<std::string>& names,
                           const ConflictHandler& on_conflict, std::size_t& merged,
                           std::size_t& dropped) {
    Piece p = pieces_.empty() ? Piece{{}, {}, std::vector<std::vector<double>>(channels_)} : join();
    if (!sorted_) sort_rows(p);
    const std::size_t n = p.time.size();
    std::size_t w = 0;  // last row kept
    for (std::size_t i = 1; i < n; ++i) {
        if (p.time[i] != p.time[w]) {
            if (++w != i) {
                p.time[w] = p.time[i];
                p.lines[w] = p.lines[i];
                for (auto& col : p.values) col[w] = col[i];
            }
            continue;
        }
        bool conflict = false;
        for (std::size_t c = 0; c < channels_; ++c) {
            double& kept = p.values[c][w];
            const double other = p.values[c][i];
            if (is_missing(other)) continue;
            if (is_missing(kept)) {
                kept = other;
                continue;
            }
            ++dropped;
            if (kept != other) {
                conflict = true;
                on_conflict(Conflict{p.time[w], p.lines[i], c, kept, other, p.lines[w]});
            }
        }
        if (!conflict) ++merged;
    }
    const std::size_t kept_rows = n == 0 ? 0 : w + 1;
    p.time.resize(kept_rows);
    UnitFrame frame(unit);
    frame.set_time(std::move(p.time));
    frame.channels().reserve(channels_);
    for (std::size_t c = 0; c < channels_; ++c) {
        p.values[c].resize(kept_rows);
        frame.channels().push_back(Channel{names[c], std::move(p.values[c])});
    }
    clear();
    return frame;
}

void DenseChunk::clear() {
    pieces_.clear();
    last_open_ = false;
    rows_ = 0;
    sorted_ = true;
}

}  // namespace heatloop::io
