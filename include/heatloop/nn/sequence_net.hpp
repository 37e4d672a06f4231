#pragma once
/// A masked sequence network on libtorch, behind a torch-free interface (no torch header
/// here: only src/nn/torch/, the module loaded on first use, includes <torch/torch.h>; see
/// src/nn/README.md). It learns to predict every channel of a
/// multichannel series at the last step of a window from the other channels and the recent
/// past: each training window hides a random subset of channels for the whole window
/// (masked-channel prediction) and, for a share of windows, every channel at the last step
/// (next-step prediction). Covariates (operating mode, unit metadata, time of day) are always
/// visible. LSTM and temporal convolution (TCN) variants; seeded, deterministic on one thread.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace heatloop::nn {

/// The network that reads a window.
enum class Architecture {
    lstm,  ///< LSTM over the window, a linear head on its last hidden state
    tcn,   ///< causal dilated 1-D convolutions with residual connections, a linear head
};

/// "lstm" or "tcn".
std::string_view architecture_name(Architecture a) noexcept;
/// The architecture of that name; throws InvalidInputError listing the valid names.
Architecture parse_architecture(std::string_view name);

/// The shape of a network.
struct NetSpec {
    Architecture architecture = Architecture::lstm;
    int channels = 1;    ///< C: predicted channels (also inputs, with a visibility flag each)
    int covariates = 0;  ///< K: always-visible inputs
    int window = 16;     ///< steps per window (the last one is predicted)
    int hidden = 32;     ///< LSTM hidden size / TCN channels
    int layers = 1;      ///< LSTM layers; TCN: blocks (dilations 1, 2, 4, ...)
    int kernel = 3;      ///< TCN kernel size
    bool operator==(const NetSpec&) const = default;
};

/// One series the network trains on or scores: `steps` rows of C channel values (NaN =
/// missing) and K covariates (no NaN), row-major. The network reads it in place (no copy):
/// it must outlive the call. Windows never cross from one series into another.
struct SeriesView {
    std::span<const float> values;      ///< steps x C
    std::span<const float> covariates;  ///< steps x K
    std::size_t steps = 0;
};

/// How to train.
struct TrainOptions {
    int epochs = 20;
    int patience = 4;             ///< stop after this many epochs without improvement
    double learning_rate = 3e-3;  ///< Adam; halved after 2 epochs without improvement
    int batch_size = 128;
    double validation_fraction = 0.2;  ///< the last share of each series' windows
    double clip_norm = 1.0;            ///< gradient norm clipping
    double mask_probability = 0.3;     ///< each channel hidden for a whole training window
    double next_step_share = 0.5;      ///< windows that also hide every channel's last step
    std::size_t max_windows = 0;       ///< > 0: at most this many windows per epoch (sampled)
    std::uint64_t seed = 0;
    /// torch intra-op threads while training. Small batches gain little from them, and their
    /// OpenMP threads spin while waiting, which crawls on busy cores: 1 is the sensible value
    /// on a small machine (the result is bit-identical only for the same count).
    int threads = 1;
};

/// What training did.
struct TrainReport {
    int epochs = 0;      ///< epochs run
    int best_epoch = 0;  ///< 1-based epoch whose weights were kept
    double best_validation_loss = 0;
    std::size_t train_windows = 0, validation_windows = 0;
    std::vector<double> train_loss, validation_loss;  ///< per epoch (masked MSE)
    double seconds = 0;
};

/// Sets the intra-op thread count of the neural layer for a scope and restores the previous
/// count on exit (torch's setting is process-wide: nothing outside the scope sees it). The
/// first scope also makes OpenBLAS, if it is torch's BLAS, compute on the calling thread (its
/// own pool ignores torch's setting), for the rest of the process.
class ThreadScope {
public:
    explicit ThreadScope(int threads);
    ~ThreadScope();
    ThreadScope(const ThreadScope&) = delete;
    ThreadScope& operator=(const ThreadScope&) = delete;

private:
    int previous_;
};

/// A masked sequence network. Not thread-safe for concurrent training; predict() is const.
class SequenceNet {
public:
    /// A fresh network (weights initialised from `seed`); throws InvalidInputError for a spec
    /// out of range.
    SequenceNet(const NetSpec& spec, std::uint64_t seed);
    ~SequenceNet();
    SequenceNet(const SequenceNet&) = delete;
    SequenceNet& operator=(const SequenceNet&) = delete;

    const NetSpec& spec() const noexcept;

    /// Trains on every window whose last row has a channel value, keeping the weights of the
    /// best validation epoch. Throws InvalidInputError when the series hold too few windows.
    TrainReport train(std::span<const SeriesView> series, const TrainOptions& options);

    /// For each channel c and every row t of `series` (window ending at t; rows before the
    /// first fill the window with hidden values): the prediction of channel c with c hidden for
    /// the whole window. Returns steps x C, row-major. The C passes are split over `threads`
    /// threads, each running torch on one intra-op thread; the result does not depend on
    /// `threads`.
    std::vector<float> predict_masked(const SeriesView& series, int threads,
                                      std::size_t batch_size = 512) const;

    /// The weights as bytes (a torch archive); load() restores them exactly.
    std::string save() const;
    /// Restores save()'s bytes into a network of the same spec; throws InvalidInputError for
    /// bytes that are not such an archive.
    void load(std::string_view bytes);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace heatloop::nn
