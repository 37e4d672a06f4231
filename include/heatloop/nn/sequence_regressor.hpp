#pragma once
/// A sequence regressor on libtorch, behind a torch-free interface: it maps a window of W rows
/// of F feature values to H outputs at once (direct multi-step forecasting: output k of the
/// window ending at row t is the target k + 1 rows after t). Two networks: an LSTM with a
/// linear head on its last hidden state (the hot-water paper's LSTM), and a bidirectional
/// LSTM whose hidden states are combined by scaled dot-product self-attention before the
/// head (the paper's attLSTM). Features and outputs are standardised by the training data's
/// statistics, which are saved with the weights. Trained with Adam on the mean absolute
/// error; seeded, deterministic on one thread.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/nn/sequence_net.hpp"

namespace heatloop::nn {

/// The network that reads a window.
enum class RegressorArchitecture {
    lstm,              ///< LSTM over the window, a linear head on its last hidden state
    bilstm_attention,  ///< bidirectional LSTM, self-attention over its states, a linear head
};

/// "lstm" or "bilstm_attention".
std::string_view regressor_architecture_name(RegressorArchitecture a) noexcept;
/// The architecture of that name; throws InvalidInputError listing the valid names.
RegressorArchitecture parse_regressor_architecture(std::string_view name);

/// The shape of a regressor.
struct RegressorSpec {
    RegressorArchitecture architecture = RegressorArchitecture::lstm;
    int features = 1;  ///< F: values per row
    int outputs = 1;   ///< H: values predicted per window
    int window = 12;   ///< W: rows per window (the last one is the issue row)
    int hidden = 50;   ///< LSTM units (per direction)
    bool operator==(const RegressorSpec&) const = default;
};

/// One series to train on: `steps` rows of F features and H targets, row-major, NaN =
/// missing. Read in place (no copy of the caller's arrays beyond the standardised features);
/// windows never cross from one series into another.
struct RegressionSeries {
    std::span<const float> features;  ///< steps x F
    std::span<const float> targets;   ///< steps x H: the outputs wanted for the window ending here
    std::size_t steps = 0;
};

/// How to train.
struct RegressorTrainOptions {
    int epochs = 50;
    int patience = 5;             ///< stop after this many epochs without improvement
    double learning_rate = 1e-3;  ///< Adam; halved after 2 epochs without improvement
    int batch_size = 72;
    double validation_fraction = 0.15;  ///< the last share of each series' windows
    double clip_norm = 1.0;             ///< gradient norm clipping
    std::size_t max_windows = 0;        ///< > 0: at most this many windows per epoch (sampled)
    std::uint64_t seed = 0;
    int threads = 1;  ///< torch intra-op threads while training (see TrainOptions::threads)
};

/// A sequence regressor. Not thread-safe for concurrent training; predict() is const.
class SequenceRegressor {
public:
    /// A fresh network (weights initialised from `seed`); throws InvalidInputError for a spec
    /// out of range.
    SequenceRegressor(const RegressorSpec& spec, std::uint64_t seed);
    ~SequenceRegressor();
    SequenceRegressor(const SequenceRegressor&) = delete;
    SequenceRegressor& operator=(const SequenceRegressor&) = delete;

    const RegressorSpec& spec() const noexcept;

    /// Trains on every window whose last row has all F features and at least one target
    /// (the loss is the mean absolute error over the present targets, in standardised units);
    /// rows inside a window with a missing feature read it as the training mean. Sets the
    /// standardisation from the training rows, keeps the weights of the best validation epoch.
    /// Throws InvalidInputError when the series hold too few windows.
    TrainReport train(std::span<const RegressionSeries> series,
                      const RegressorTrainOptions& options);

    /// For every row t of a series of `steps` rows of F features: the H outputs of the window
    /// ending at t (steps x H, row-major); NaN for rows t < W - 1 and rows with a missing
    /// feature. Fixed batches of rows are split over `threads` threads, each running torch on
    /// one intra-op thread: the result does not depend on `threads`.
    std::vector<float> predict(std::span<const float> features, std::size_t steps, int threads,
                               std::size_t batch_size = 512) const;

    /// The weights and the standardisation as bytes (a torch archive); load() restores them.
    std::string save() const;
    /// Restores save()'s bytes into a regressor of the same spec; throws InvalidInputError for
    /// bytes that are not such an archive.
    void load(std::string_view bytes);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace heatloop::nn
