#pragma once
// Internal: large fresh outputs (a resampled year of minutes is ~4 MB per channel; a fleet
// benchmark ~1 GB) cost more in page faults than in computing. Where transparent huge pages
// are in "madvise" mode, asking for them cuts the number of faults ~500-fold.

#include <cstddef>
#include <vector>

namespace heatloop::prep::detail {

/// Hint that the 2 MB-aligned interior of [data, data + bytes) should use huge pages. A
/// no-op for small ranges and on systems without madvise(MADV_HUGEPAGE).
void advise_huge_pages(const void* data, std::size_t bytes) noexcept;

/// Reserve room for `n` elements in an empty vector and advise huge pages for it.
template <class T>
void reserve_large(std::vector<T>& v, std::size_t n) {
    v.reserve(n);
    advise_huge_pages(v.data(), n * sizeof(T));
}

}  // namespace heatloop::prep::detail
