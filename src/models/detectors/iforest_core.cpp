#include "heatloop/models/detectors/iforest_core.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <limits>
#include <numeric>
#include <thread>
#include <unordered_set>

#include "heatloop/core/error.hpp"
#include "heatloop/core/random.hpp"
#include "models/series.hpp"

namespace heatloop::models {

double average_path_length(double n) noexcept {
    if (n <= 1) return 0;
    if (n <= 2) return 1;
    constexpr double k_euler_gamma = 0.5772156649015329;
    const double harmonic = std::log(n - 1) + k_euler_gamma;  // H(n-1), as in the paper
    return 2 * harmonic - 2 * (n - 1) / n;
}

namespace {

// score() hands rows to path_lengths() in blocks of k_block: each tree stays in L1 while the
// block (~20 KB at 20 columns) passes through it, tree after tree.
constexpr std::size_t k_block = 128;
// Rows that walk a tree side by side (see path_lengths()).
constexpr std::size_t k_lanes = 16;

// Run fn(t) for t in [0, count) on up to `threads` threads. Items are handed out one at a
// time, so a thread slowed by other load on the machine does not hold the rest up.
template <class Fn>
void parallel_for(std::size_t count, int threads, Fn fn) {
    const std::size_t workers = std::min<std::size_t>(std::max(threads, 1), count);
    if (workers <= 1) {
        for (std::size_t t = 0; t < count; ++t) fn(t);
        return;
    }
    std::atomic<std::size_t> next{0};
    std::vector<std::thread> pool;
    for (std::size_t w = 0; w < workers; ++w)
        pool.emplace_back([&] {
            for (std::size_t t = next++; t < count; t = next++) fn(t);
        });
    for (auto& th : pool) th.join();
}

// Floyd's algorithm: `k` distinct indices below `n` in O(k), in a seed-determined order.
std::vector<std::size_t> sample_without_replacement(std::size_t n, std::size_t k, Rng& rng) {
    std::vector<std::size_t> out;
    out.reserve(k);
    std::unordered_set<std::size_t> taken;
    for (std::size_t j = n - k; j < n; ++j) {
        const std::size_t t =
            static_cast<std::size_t>(rng.uniform_int(0, static_cast<std::int64_t>(j)));
        const std::size_t pick = taken.count(t) != 0 ? j : t;
        taken.insert(pick);
        out.push_back(pick);
    }
    return out;
}

}  // namespace

// Grows one tree into its own node vector (child indices relative to that vector).
class IForestBuilder {
public:
    using Node = IsolationForest::Node;
    IForestBuilder(const std::vector<double>& sample, std::size_t cols, int max_depth,
                   std::uint64_t seed)
        : sample_(sample), cols_(cols), max_depth_(max_depth), rng_(seed) {}

    std::vector<Node> grow(std::size_t psi) {
        std::vector<std::uint32_t> idx(psi);
        std::iota(idx.begin(), idx.end(), 0U);
        nodes_.emplace_back();
        build(0, idx.data(), idx.data() + idx.size(), 0);
        return std::move(nodes_);
    }

private:
    void build(std::size_t node, std::uint32_t* begin, std::uint32_t* end, int depth) {
        const auto size = static_cast<std::size_t>(end - begin);
        if (depth >= max_depth_ || size <= 1) return make_leaf(node, size);
        // Draw attributes at random until one varies in this node (Liu et al. pick any
        // attribute; skipping constant ones avoids wasting depth on empty splits).
        candidates_.resize(cols_);
        std::iota(candidates_.begin(), candidates_.end(), 0U);
        while (!candidates_.empty()) {
            const std::size_t r = static_cast<std::size_t>(
                rng_.uniform_int(0, static_cast<std::int64_t>(candidates_.size()) - 1));
            const std::uint32_t f = candidates_[r];
            double lo = value(*begin, f), hi = lo;
            for (const std::uint32_t* p = begin + 1; p != end; ++p) {
                lo = std::min(lo, value(*p, f));
                hi = std::max(hi, value(*p, f));
            }
            if (hi > lo) {
                // Split in (lo, hi] so both sides are non-empty under x < split.
                double split = lo + (1.0 - rng_.uniform()) * (hi - lo);
                if (!(split > lo)) split = hi;
                std::uint32_t* mid = std::partition(
                    begin, end, [&](std::uint32_t i) { return value(i, f) < split; });
                const std::size_t left = nodes_.size();
                nodes_.emplace_back();
                nodes_.emplace_back();
                nodes_[node] =
                    Node{split, static_cast<std::int32_t>(f), static_cast<std::int32_t>(left)};
                build(left, begin, mid, depth + 1);
                build(left + 1, mid, end, depth + 1);
                return;
            }
            candidates_[r] = candidates_.back();
            candidates_.pop_back();
        }
        make_leaf(node, size);  // every attribute constant: the rows are duplicates
    }

    void make_leaf(std::size_t node, std::size_t size) {
        nodes_[node] = Node{average_path_length(static_cast<double>(size)), -1, 0};
    }

    double value(std::uint32_t row, std::uint32_t f) const { return sample_[row * cols_ + f]; }

    const std::vector<double>& sample_;
    std::size_t cols_;
    int max_depth_;
    Rng rng_;
    std::vector<Node> nodes_;
    std::vector<std::uint32_t> candidates_;
};

IsolationForest IsolationForest::fit(std::span<const double> x, std::size_t rows, std::size_t cols,
                                     const IForestOptions& options) {
    if (rows == 0 || cols == 0)
        throw InvalidInputError(fmt::format(
            "isolation forest: need at least one row and one column, got {} x {}", rows, cols));
    if (x.size() != rows * cols)
        throw InvalidInputError(fmt::format(
            "isolation forest: matrix has {} values, expected {} x {}", x.size(), rows, cols));
    if (options.n_trees < 1 || options.sample_size < 2 || options.max_depth < 0 ||
        options.threads < 1)
        throw InvalidInputError(fmt::format(
            "isolation forest: need n_trees >= 1, sample_size >= 2, max_depth >= 0, threads >= 1;"
            " got {}, {}, {}, {}",
            options.n_trees, options.sample_size, options.max_depth, options.threads));
    IsolationForest forest;
    forest.cols_ = cols;
    forest.psi_ = std::min(options.sample_size, rows);
    forest.c_psi_ = std::max(average_path_length(static_cast<double>(forest.psi_)), 1.0);
    const int max_depth =
        options.max_depth > 0
            ? options.max_depth
            : static_cast<int>(
                  std::ceil(std::log2(static_cast<double>(std::max<std::size_t>(forest.psi_, 2)))));

    const auto n_trees = static_cast<std::size_t>(options.n_trees);
    std::vector<std::vector<Node>> trees(n_trees);
    std::vector<std::string> errors(n_trees);
    parallel_for(n_trees, options.threads, [&](std::size_t t) {
        // Each tree has its own stream, so the forest does not depend on the thread count.
        Rng rng(derive_seed(options.seed, t));
        const auto rows_drawn = sample_without_replacement(rows, forest.psi_, rng);
        std::vector<double> sample(forest.psi_ * cols);
        for (std::size_t i = 0; i < rows_drawn.size(); ++i) {
            const double* src = x.data() + rows_drawn[i] * cols;
            for (std::size_t f = 0; f < cols; ++f) {
                if (!std::isfinite(src[f])) {
                    errors[t] = fmt::format("isolation forest: row {} column {} is not finite ({})",
                                            rows_drawn[i], f, src[f]);
                    return;
                }
                sample[i * cols + f] = src[f];
            }
        }
        trees[t] = IForestBuilder(sample, cols, max_depth, rng.bits()).grow(forest.psi_);
    });
    for (const auto& e : errors)
        if (!e.empty()) throw InvalidInputError(e);
    for (auto& tree : trees) {
        const auto offset = static_cast<std::int32_t>(forest.nodes_.size());
        forest.roots_.push_back(static_cast<std::uint32_t>(offset));
        for (Node n : tree) {
            if (n.feature >= 0) n.left += offset;
            forest.nodes_.push_back(n);
        }
    }
    forest.index();
    return forest;
}

void IsolationForest::index() {
    split_.assign(nodes_.size(), std::numeric_limits<double>::quiet_NaN());
    link_.assign(nodes_.size(), Link{});
    term_.assign(nodes_.size(), 0.0);
    height_.assign(roots_.size(), 0);
    std::vector<bool> seen(nodes_.size());
    std::vector<std::pair<std::int32_t, std::int32_t>> stack;  // (node, depth)
    for (std::size_t t = 0; t < roots_.size(); ++t) {
        stack.emplace_back(static_cast<std::int32_t>(roots_[t]), 0);
        while (!stack.empty()) {
            const auto [i, depth] = stack.back();
            stack.pop_back();
            const Node& n = nodes_[static_cast<std::size_t>(i)];
            if (seen[static_cast<std::size_t>(i)])
                throw InvalidInputError(
                    fmt::format("isolation forest document: node {} has two parents", i));
            seen[static_cast<std::size_t>(i)] = true;
            if (n.feature >= 0) {
                split_[static_cast<std::size_t>(i)] = n.value;
                link_[static_cast<std::size_t>(i)] = Link{n.feature, n.left};
                stack.emplace_back(n.left, depth + 1);
                stack.emplace_back(n.left + 1, depth + 1);
            } else {
                // Split NaN: x < split is false for every x, so the walk goes to next + 1 = i.
                link_[static_cast<std::size_t>(i)] = Link{0, i - 1};
                term_[static_cast<std::size_t>(i)] = depth + n.value;
                height_[t] = std::max(height_[t], depth);
            }
        }
    }
}

void IsolationForest::path_lengths(const double* x, std::size_t rows, double* out) const noexcept {
    const auto step = [&](std::int32_t node, const double* row) {
        const auto i = static_cast<std::size_t>(node);
        return link_[i].next + (row[link_[i].feature] < split_[i] ? 0 : 1);
    };
    std::fill_n(out, rows, 0.0);
    for (std::size_t t = 0; t < roots_.size(); ++t) {
        const auto root = static_cast<std::int32_t>(roots_[t]);
        // k_lanes rows walk the tree side by side, their positions in registers: independent
        // chains of loads the CPU overlaps. Each takes the tree's height in steps.
        std::size_t r = 0;
        for (; r + k_lanes <= rows; r += k_lanes) {
            std::array<std::int32_t, k_lanes> at;
            at.fill(root);
            for (std::int32_t d = 0; d < height_[t]; ++d)
#pragma GCC unroll 16
                for (std::size_t j = 0; j < k_lanes; ++j) at[j] = step(at[j], x + (r + j) * cols_);
#pragma GCC unroll 16
            for (std::size_t j = 0; j < k_lanes; ++j)
                out[r + j] += term_[static_cast<std::size_t>(at[j])];
        }
        for (; r < rows; ++r) {
            std::int32_t at = root;
            for (std::int32_t d = 0; d < height_[t]; ++d) at = step(at, x + r * cols_);
            out[r] += term_[static_cast<std::size_t>(at)];
        }
    }
    // Summed tree by tree like a single walk, so score() and path_length() agree bit for bit.
    if (!roots_.empty())
        for (std::size_t r = 0; r < rows; ++r) out[r] /= static_cast<double>(roots_.size());
}

double IsolationForest::path_length(const double* row) const noexcept {
    double out = 0;
    path_lengths(row, 1, &out);
    return out;
}

double IsolationForest::score_row(const double* row) const noexcept {
    return std::exp2(-path_length(row) / c_psi_);
}

namespace {
bool row_complete(const double* row, std::size_t cols) {
    return std::all_of(row, row + cols, [](double v) { return std::isfinite(v); });
}
}  // namespace

std::size_t append_complete_rows(std::span<const double> features, std::size_t cols,
                                 std::size_t stride, std::vector<double>& x) {
    std::size_t kept = 0, appended = 0;
    for (std::size_t i = 0; cols > 0 && (i + 1) * cols <= features.size(); ++i) {
        const double* row = features.data() + i * cols;
        if (!row_complete(row, cols)) continue;
        if (kept++ % std::max<std::size_t>(stride, 1) != 0) continue;
        x.insert(x.end(), row, row + cols);
        ++appended;
    }
    return appended;
}

std::vector<double> IsolationForest::score_complete(std::span<const double> features,
                                                    int threads) const {
    const std::size_t rows = cols_ == 0 ? 0 : features.size() / cols_;
    std::vector<double> out(rows, std::numeric_limits<double>::quiet_NaN());
    std::vector<double> complete;
    std::vector<std::size_t> where;
    for (std::size_t i = 0; i < rows; ++i)
        if (row_complete(features.data() + i * cols_, cols_)) {
            complete.insert(complete.end(), features.data() + i * cols_,
                            features.data() + (i + 1) * cols_);
            where.push_back(i);
        }
    std::vector<double> scores(where.size());
    score(complete, scores, threads);
    for (std::size_t k = 0; k < where.size(); ++k) out[where[k]] = scores[k];
    return out;
}

void IsolationForest::score(std::span<const double> x, std::span<double> out, int threads) const {
    if (cols_ == 0 || x.size() != out.size() * cols_)
        throw InvalidInputError(
            fmt::format("isolation forest: {} values do not form {} rows of {} columns", x.size(),
                        out.size(), cols_));
    const std::size_t blocks = (out.size() + k_block - 1) / k_block;
    parallel_for(blocks, threads, [&](std::size_t b) {
        const std::size_t begin = b * k_block, rows = std::min(out.size() - begin, k_block);
        path_lengths(x.data() + begin * cols_, rows, out.data() + begin);
        for (std::size_t i = begin; i < begin + rows; ++i) out[i] = std::exp2(-out[i] / c_psi_);
    });
}

nlohmann::json IsolationForest::to_json() const {
    std::vector<std::int32_t> feature, left;
    std::vector<double> value;
    feature.reserve(nodes_.size());
    left.reserve(nodes_.size());
    value.reserve(nodes_.size());
    for (const Node& n : nodes_) {
        feature.push_back(n.feature);
        left.push_back(n.left);
        value.push_back(n.value);
    }
    return {{"cols", cols_},      {"psi", psi_},  {"roots", roots_},
            {"feature", feature}, {"left", left}, {"value", value}};
}

IsolationForest IsolationForest::from_json(const nlohmann::json& doc) {
    auto bad = [](const std::string& why) {
        return InvalidInputError("isolation forest document: " + why);
    };
    if (!doc.is_object()) throw bad("expected an object");
    for (const char* key : {"cols", "psi", "roots", "feature", "left", "value"})
        if (!doc.contains(key)) throw bad(fmt::format("missing field {}", key));
    IsolationForest forest;
    forest.cols_ = doc.at("cols").get<std::size_t>();
    forest.psi_ = doc.at("psi").get<std::size_t>();
    forest.c_psi_ = std::max(average_path_length(static_cast<double>(forest.psi_)), 1.0);
    forest.roots_ = doc.at("roots").get<std::vector<std::uint32_t>>();
    const auto feature = doc.at("feature").get<std::vector<std::int32_t>>();
    const auto left = doc.at("left").get<std::vector<std::int32_t>>();
    const auto value = doc.at("value").get<std::vector<double>>();
    if (feature.size() != left.size() || feature.size() != value.size())
        throw bad("feature, left and value differ in length");
    const auto n = static_cast<std::int64_t>(feature.size());
    for (std::size_t i = 0; i < feature.size(); ++i) {
        // Children must lie after their parent: that also rules out cycles.
        if (feature[i] >= static_cast<std::int64_t>(forest.cols_) ||
            (feature[i] >= 0 && (left[i] <= static_cast<std::int64_t>(i) || left[i] + 1 >= n)))
            throw bad(
                fmt::format("node {} has feature {} and children at {}", i, feature[i], left[i]));
        forest.nodes_.push_back(Node{value[i], std::max(feature[i], -1), left[i]});
    }
    for (const auto r : forest.roots_)
        if (r >= forest.nodes_.size()) throw bad(fmt::format("root {} is out of range", r));
    forest.index();
    return forest;
}

}  // namespace heatloop::models
