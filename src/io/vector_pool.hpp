#pragma once
/// Recycling the column vectors of parsed blocks, so that parsing a large file does not
/// fault in fresh memory for every block.

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <type_traits>
#include <vector>

namespace heatloop::io {

/// A thread-safe stack of emptied vectors (keeping their capacity) of doubles and of 64-bit
/// integers (timestamps, line numbers). Holds at most `max_each` of either kind.
class VectorPool {
public:
    /// A pool keeping at most `max_each` vectors of each kind.
    explicit VectorPool(std::size_t max_each = 64) : max_(max_each) {}

    /// An empty vector with room for at least `n` elements (recycled when one is pooled).
    template <class T>
    std::vector<T> get(std::size_t n) {
        std::vector<T> v;
        {
            std::lock_guard lock(mutex_);
            auto& stack = stack_of<T>();
            if (!stack.empty()) {
                v = std::move(stack.back());
                stack.pop_back();
            }
        }
        v.reserve(n);
        return v;
    }

    /// Returns a vector to the pool (dropped when the pool is full).
    template <class T>
    void put(std::vector<T>&& v) {
        if (v.capacity() == 0) return;
        v.clear();
        std::lock_guard lock(mutex_);
        auto& stack = stack_of<T>();
        if (stack.size() < max_) stack.push_back(std::move(v));
    }

private:
    template <class T>
    std::vector<std::vector<T>>& stack_of() {
        if constexpr (sizeof(T) == 8 && std::is_floating_point_v<T>)
            return doubles_;
        else
            return ints_;
    }

    std::size_t max_;
    std::mutex mutex_;
    std::vector<std::vector<double>> doubles_;
    std::vector<std::vector<std::int64_t>> ints_;
};

}  // namespace heatloop::io
