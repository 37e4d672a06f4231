#pragma once
/// A sliding-window sequence-to-point network on libtorch, behind a torch-free interface
/// (Zhang et al., "Sequence-to-point learning with neural networks for non-intrusive load
/// monitoring", AAAI 2018): a window of W rows of F inputs (the household total, the outdoor
/// temperature, ...) centred on a row gives one output, the component (the heat pump's load)
/// at that centre row. Three 1D convolutions (ReLU, 'same' padding), a dense layer and a
/// linear output; inputs and target standardised by the training data's statistics, which
/// are saved with the weights. Trained with Adam on the mean squared error; seeded,
/// deterministic on one thread.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/nn/sequence_net.hpp"

namespace heatloop::nn {

/// The shape of a seq2point network.
struct Seq2PointSpec {
    int inputs = 2;    ///< F: values per row
    int window = 33;   ///< W: rows per window, odd (the centre row is estimated)
    int filters = 16;  ///< channels of the convolutions (the last has twice as many)
    int kernel = 5;    ///< convolution width, odd
    int hidden = 64;   ///< units of the dense layer
    bool operator==(const Seq2PointSpec&) const = default;
};

/// One series to train on: `steps` rows of F inputs (row-major) and the target per row, NaN =
/// missing. Windows never cross from one series into another; rows beyond a series' ends
/// read as missing.
struct Seq2PointSeries {
    std::span<const float> inputs;  ///< steps x F
    std::span<const float> target;  ///< steps
    std::size_t steps = 0;
};

/// How to train.
struct Seq2PointTrainOptions {
    int epochs = 20;
    int patience = 4;             ///< stop after this many epochs without improvement
    double learning_rate = 1e-3;  ///< Adam; halved after 2 epochs without improvement
    int batch_size = 128;
    double validation_fraction = 0.15;  ///< the last share of each series' windows
    double clip_norm = 1.0;             ///< gradient norm clipping
    std::size_t max_windows = 0;        ///< > 0: at most this many windows per epoch (sampled)
    std::uint64_t seed = 0;
    int threads = 1;  ///< torch intra-op threads while training
};

/// A seq2point network. Not thread-safe for concurrent training; predict() is const.
class Seq2Point {
public:
    /// A fresh network (weights initialised from `seed`); throws InvalidInputError for a spec
    /// out of range (an even window or kernel, a size below 1).
    Seq2Point(const Seq2PointSpec& spec, std::uint64_t seed);
    ~Seq2Point();
    Seq2Point(const Seq2Point&) = delete;
    Seq2Point& operator=(const Seq2Point&) = delete;

    const Seq2PointSpec& spec() const noexcept;

    /// Trains on every window whose centre row has the first input (the total) and the
    /// target; any other missing input reads as the training mean. Sets the standardisation from
    /// the training rows, keeps the weights of the best validation epoch. Throws InvalidInputError
    /// when the series hold fewer than 2 training and 1 validation windows.
    TrainReport train(std::span<const Seq2PointSeries> series,
                      const Seq2PointTrainOptions& options);

    /// The estimate for every row of a series of `steps` rows of F inputs (row-major); NaN for
    /// a row without the first input. Batches are split over `threads` threads, each running torch
    /// on one intra-op thread: the result does not depend on `threads`.
    std::vector<float> predict(std::span<const float> inputs, std::size_t steps, int threads,
                               std::size_t batch_size = 512) const;

    /// The weights and the standardisation as bytes (a torch archive); load() restores them.
    std::string save() const;
    /// Restores save()'s bytes into a network of the same spec; throws InvalidInputError for
    /// bytes that are not such an archive.
    void load(std::string_view bytes);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace heatloop::nn
