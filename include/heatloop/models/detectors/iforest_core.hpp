#pragma once
/// Isolation forest (Liu, Ting, Zhou 2008) on a plain row-major matrix: subsampled trees with
/// random split attributes and values, height limit ceil(log2(psi)), path lengths corrected
/// by c(n), score 2^(-E[h]/c(psi)). Seeded: the same seed gives the same forest and scores for
/// any thread count. Used by the isolation_forest detector and the peer benchmark.

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <vector>

namespace heatloop::models {

/// How to grow an isolation forest.
struct IForestOptions {
    int n_trees = 100;              ///< number of trees (>= 1)
    std::size_t sample_size = 256;  ///< psi: rows drawn without replacement per tree (>= 2)
    int max_depth = 0;              ///< height limit; 0 = ceil(log2(psi))
    std::uint64_t seed = 0;         ///< every random choice derives from this
    int threads = 1;                ///< threads for growing the trees (>= 1)
};

/// c(n): the average path length of an unsuccessful search in a binary search tree of n
/// points, 2 H(n-1) - 2 (n-1) / n, with c(1) = 0 and c(2) = 1.
double average_path_length(double n) noexcept;

/// Appends every `stride`-th complete row (all values finite) of `features` (row-major, `cols`
/// wide) to `x`; returns how many it appended. The training rows of a forest on window
/// features.
std::size_t append_complete_rows(std::span<const double> features, std::size_t cols,
                                 std::size_t stride, std::vector<double>& x);

/// A fitted isolation forest.
class IsolationForest {
public:
    /// An empty forest (fit() or from_json() make usable ones).
    IsolationForest() = default;

    /// Grow a forest on `x`, `rows` x `cols` row-major. Throws InvalidInputError for no rows,
    /// no columns, a size mismatch, bad options, or a non-finite value in a sampled row.
    static IsolationForest fit(std::span<const double> x, std::size_t rows, std::size_t cols,
                               const IForestOptions& options);

    /// E[h(x)]: mean path length of one row (`cols()` values) over the trees. A NaN feature
    /// follows the right-hand branch.
    double path_length(const double* row) const noexcept;
    /// Anomaly score of one row: 2^(-E[h]/c(psi)), in (0, 1]; ~0.5 and below is normal.
    double score_row(const double* row) const noexcept;
    /// Scores of every row of `x` (row-major, `cols()` wide) into `out`, on `threads` threads;
    /// the result does not depend on the thread count. Throws InvalidInputError on a size
    /// mismatch.
    void score(std::span<const double> x, std::span<double> out, int threads = 1) const;
    /// One score per row of `features` (row-major, `cols()` wide), NaN where a row has a value
    /// that is not finite; the complete rows are scored in one parallel pass.
    std::vector<double> score_complete(std::span<const double> features, int threads = 1) const;

    std::size_t cols() const noexcept { return cols_; }
    std::size_t trees() const noexcept { return roots_.size(); }
    /// psi actually used: min(sample_size, rows).
    std::size_t sample_size() const noexcept { return psi_; }
    std::size_t node_count() const noexcept { return nodes_.size(); }

    /// {"cols","psi","roots":[...],"feature":[...],"left":[...],"value":[...]}.
    nlohmann::json to_json() const;
    /// Read to_json(); throws InvalidInputError when malformed (bad indices included).
    static IsolationForest from_json(const nlohmann::json& doc);

private:
    // Internal node: split on x[feature] < value, children at left and left + 1.
    // Leaf: feature == -1 and value = c(size) added to the depth reached.
    struct Node {
        double value = 0;
        std::int32_t feature = -1;
        std::int32_t left = 0;
    };
    friend class IForestBuilder;

    // The walking form of nodes_ (same indices), built by index(): a leaf has split NaN,
    // feature 0 and next = its own index - 1, so `next + !(x[feature] < split)` stays on it;
    // walks can then take a fixed number of branch-free steps per tree. Split values and
    // links sit in two arrays so each is one scaled load from a node index.
    struct Link {
        std::int32_t feature = 0;
        std::int32_t next = 0;
    };
    void index();
    // Mean path lengths of `rows` rows of x into out (score() passes blocks of 128 rows).
    void path_lengths(const double* x, std::size_t rows, double* out) const noexcept;

    std::vector<Node> nodes_;
    std::vector<std::uint32_t> roots_;
    std::vector<double> split_;
    std::vector<Link> link_;
    std::vector<double> term_;          // per node: depth + c(size) at a leaf
    std::vector<std::int32_t> height_;  // per tree: depth of its deepest leaf
    std::size_t cols_ = 0;
    std::size_t psi_ = 0;
    double c_psi_ = 1;
};

}  // namespace heatloop::models
