#pragma once
// The neural layer in two halves (internal, torch-free). The public classes of
// include/heatloop/nn (src/nn/*.cpp, in heatloop_nn) hold a model made by the libtorch module
// (src/nn/torch/, built as libheatloop_torch.so), which backend() loads on first use: a
// program that never makes a network never loads libtorch. Debian's libtorch_cpu pulls in
// about 290 shared libraries (OpenCV, Qt, FFmpeg, GStreamer, ...) whose loading and static
// initialisers cost ~0.5 s of CPU at every start of a program linked to it.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "heatloop/nn/profile_classifier.hpp"
#include "heatloop/nn/seq2point.hpp"
#include "heatloop/nn/sequence_net.hpp"
#include "heatloop/nn/sequence_regressor.hpp"

namespace heatloop::nn::detail {

// What each public class forwards to (the same contracts as its methods).
class SequenceNetModel {
public:
    virtual ~SequenceNetModel() = default;
    virtual const NetSpec& spec() const noexcept = 0;
    virtual TrainReport train(std::span<const SeriesView> series, const TrainOptions& options) = 0;
    virtual std::vector<float> predict_masked(const SeriesView& series, int threads,
                                              std::size_t batch_size) const = 0;
    virtual std::string save() const = 0;
    virtual void load(std::string_view bytes) = 0;
};

class RegressorModel {
public:
    virtual ~RegressorModel() = default;
    virtual const RegressorSpec& spec() const noexcept = 0;
    virtual TrainReport train(std::span<const RegressionSeries> series,
                              const RegressorTrainOptions& options) = 0;
    virtual std::vector<float> predict(std::span<const float> features, std::size_t steps,
                                       int threads, std::size_t batch_size) const = 0;
    virtual std::string save() const = 0;
    virtual void load(std::string_view bytes) = 0;
};

class Seq2PointModel {
public:
    virtual ~Seq2PointModel() = default;
    virtual const Seq2PointSpec& spec() const noexcept = 0;
    virtual TrainReport train(std::span<const Seq2PointSeries> series,
                              const Seq2PointTrainOptions& options) = 0;
    virtual std::vector<float> predict(std::span<const float> inputs, std::size_t steps,
                                       int threads, std::size_t batch_size) const = 0;
    virtual std::string save() const = 0;
    virtual void load(std::string_view bytes) = 0;
};

class ProfileModel {
public:
    virtual ~ProfileModel() = default;
    virtual const ProfileSpec& spec() const noexcept = 0;
    virtual TrainReport train(std::span<const float> x, std::span<const float> y,
                              const std::vector<bool>& validation,
                              const ProfileTrainOptions& options) = 0;
    virtual std::vector<float> predict(std::span<const float> x) const = 0;
    virtual std::string save() const = 0;
    virtual void load(std::string_view bytes) = 0;
};

/// Changes whenever Backend, the model interfaces or the structs they take change: a module
/// built from other sources is refused instead of misread.
inline constexpr int k_backend_interface = 1;

/// What the module exports (heatloop_nn_backend()): one factory per network, and torch's
/// intra-op thread count (ThreadScope).
struct Backend {
    int interface = 0;       ///< k_backend_interface of the sources the module was built from
    std::size_t layout = 0;  ///< backend_layout() of the module's build
    std::unique_ptr<SequenceNetModel> (*sequence_net)(const NetSpec&, std::uint64_t seed);
    std::unique_ptr<RegressorModel> (*sequence_regressor)(const RegressorSpec&, std::uint64_t seed);
    std::unique_ptr<Seq2PointModel> (*seq2point)(const Seq2PointSpec&, std::uint64_t seed);
    std::unique_ptr<ProfileModel> (*profile_classifier)(const ProfileSpec&, std::uint64_t seed);
    int (*threads)();
    void (*set_threads)(int threads);
};

/// The sizes of the structs that cross between the halves, combined: a cheap second check
/// that both were compiled with the same definitions.
constexpr std::size_t backend_layout() {
    std::size_t h = 0;
    for (std::size_t s :
         {sizeof(Backend), sizeof(NetSpec), sizeof(TrainOptions), sizeof(TrainReport),
          sizeof(SeriesView), sizeof(RegressorSpec), sizeof(RegressorTrainOptions),
          sizeof(RegressionSeries), sizeof(Seq2PointSpec), sizeof(Seq2PointTrainOptions),
          sizeof(Seq2PointSeries), sizeof(ProfileSpec), sizeof(ProfileTrainOptions)})
        h = h * 1000003u + s;
    return h;
}

/// The module's backend, loaded on first use (thread-safe). Looks for libheatloop_torch.so in
/// $HEATLOOP_TORCH_MODULE (a path), beside the program or library this code is linked into
/// (or in lib/ there: the Python package), beside /proc/self/exe, then on the dynamic
/// loader's path. Throws IoError naming every
/// place tried and why it failed.
const Backend& backend();

}  // namespace heatloop::nn::detail

/// The module's one exported symbol.
extern "C" const heatloop::nn::detail::Backend* heatloop_nn_backend();
