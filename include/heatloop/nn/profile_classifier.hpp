#pragma once
/// A small 1D convolutional binary classifier on libtorch, behind a torch-free interface: it
/// maps a profile of C channels x L steps (e.g. a day of hourly load and temperature) to the
/// probability of the positive class. Two convolutions (kernel 3, same padding, ReLU), global
/// mean and max pooling, a linear head to one logit; binary cross-entropy, Adam, early
/// stopping on held-out samples; seeded, deterministic on one thread. Inputs come already
/// scaled (the caller keeps its scalers); NaN is read as 0.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/nn/sequence_net.hpp"

namespace heatloop::nn {

/// The shape of a profile classifier.
struct ProfileSpec {
    int channels = 3;  ///< C: values per step
    int length = 24;   ///< L: steps per profile
    int filters = 16;  ///< convolution channels
    bool operator==(const ProfileSpec&) const = default;
};

/// How to train.
struct ProfileTrainOptions {
    int epochs = 20;
    int patience = 4;
    double learning_rate = 3e-3;
    int batch_size = 64;
    std::uint64_t seed = 0;
    int threads = 1;
};

/// A 1D-CNN profile classifier. Not thread-safe for concurrent training; predict() is const.
class ProfileClassifier {
public:
    /// A fresh network (weights from `seed`); InvalidInputError for a spec out of range.
    ProfileClassifier(const ProfileSpec& spec, std::uint64_t seed);
    ~ProfileClassifier();
    ProfileClassifier(const ProfileClassifier&) = delete;
    ProfileClassifier& operator=(const ProfileClassifier&) = delete;

    const ProfileSpec& spec() const noexcept;

    /// Trains on n profiles `x` (n x C x L, row-major) with 0/1 labels `y`; profiles with
    /// `validation[i]` set are held out and choose the epoch whose weights are kept (the
    /// caller holds out whole households). InvalidInputError when either part is empty or
    /// the sizes do not match.
    TrainReport train(std::span<const float> x, std::span<const float> y,
                      const std::vector<bool>& validation, const ProfileTrainOptions& options);

    /// The probability of each of the n profiles in `x` (n x C x L).
    std::vector<float> predict(std::span<const float> x) const;

    /// The weights as bytes (a torch archive); load() restores them into the same spec,
    /// InvalidInputError for anything else.
    std::string save() const;
    void load(std::string_view bytes);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace heatloop::nn
