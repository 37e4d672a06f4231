// ProfileClassifier: the heat-pump detection CNN (cnn_classifier). A torch translation unit.
// Network (B = batch, C = channels, L = length, K = filters):
//   Conv1d(C, K, 3, padding 1) -> ReLU -> Conv1d(K, K, 3, padding 1) -> ReLU  [B, K, L]
//   concat(mean over L, max over L)                                         [B, 2K]
//   Linear(2K, 1)                                                           -> logit [B]
#include <fmt/format.h>

#include <chrono>
#include <cmath>

#include "heatloop/core/error.hpp"
#include "heatloop/core/random.hpp"
#include "heatloop/nn/profile_classifier.hpp"
#include "nn/torch/factories.hpp"
#include "nn/torch/threads.hpp"
#include "nn/torch/training.hpp"

namespace heatloop::nn {

namespace {

struct ProfileNetImpl : torch::nn::Module {
    explicit ProfileNetImpl(const ProfileSpec& s)
        : conv1(register_module(
              "conv1",
              torch::nn::Conv1d(torch::nn::Conv1dOptions(s.channels, s.filters, 3).padding(1)))),
          conv2(register_module(
              "conv2",
              torch::nn::Conv1d(torch::nn::Conv1dOptions(s.filters, s.filters, 3).padding(1)))),
          head(register_module("head", torch::nn::Linear(2 * s.filters, 1))) {}
    torch::Tensor forward(const torch::Tensor& x) {  // [B, C, L] -> [B]
        torch::Tensor h = torch::relu(conv1->forward(x));
        h = torch::relu(conv2->forward(h));
        return head->forward(torch::cat({h.mean(2), std::get<0>(h.max(2))}, 1)).squeeze(1);
    }
    torch::nn::Conv1d conv1, conv2;
    torch::nn::Linear head;
};
TORCH_MODULE(ProfileNet);

torch::Tensor profiles(std::span<const float> x, const ProfileSpec& s) {
    const std::int64_t per = static_cast<std::int64_t>(s.channels) * s.length;
    const auto n = static_cast<std::int64_t>(x.size()) / per;
    torch::Tensor t =
        torch::from_blob(const_cast<float*>(x.data()), {n, s.channels, s.length}, torch::kFloat32)
            .clone();
    return torch::nan_to_num(t, 0.0, 0.0, 0.0);
}

// The network behind ProfileClassifier (nn/backend.hpp).
class TorchProfileClassifier final : public detail::ProfileModel {
public:
    TorchProfileClassifier(const ProfileSpec& spec, std::uint64_t seed);
    ~TorchProfileClassifier() override;
    TorchProfileClassifier(const TorchProfileClassifier&) = delete;
    TorchProfileClassifier& operator=(const TorchProfileClassifier&) = delete;
    const ProfileSpec& spec() const noexcept override;
    TrainReport train(std::span<const float> x, std::span<const float> y,
                      const std::vector<bool>& validation, const ProfileTrainOptions& o) override;
    std::vector<float> predict(std::span<const float> x) const override;
    std::string save() const override;
    void load(std::string_view bytes) override;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace

struct TorchProfileClassifier::Impl {
    ProfileSpec spec;
    ProfileNet net{nullptr};
};

TorchProfileClassifier::TorchProfileClassifier(const ProfileSpec& spec, std::uint64_t seed)
    : impl_(std::make_unique<Impl>()) {
    if (spec.channels < 1 || spec.channels > 64 || spec.length < 3 || spec.length > 10'000 ||
        spec.filters < 1 || spec.filters > 512)
        throw InvalidInputError(fmt::format(
            "profile classifier: channels {} (1..64), length {} (3..10000), filters {} (1..512)",
            spec.channels, spec.length, spec.filters));
    impl_->spec = spec;
    impl_->net = detail::seeded(seed, [&] { return ProfileNet(spec); });
    impl_->net->eval();
}

TorchProfileClassifier::~TorchProfileClassifier() = default;

const ProfileSpec& TorchProfileClassifier::spec() const noexcept {
    return impl_->spec;
}

TrainReport TorchProfileClassifier::train(std::span<const float> x, std::span<const float> y,
                                          const std::vector<bool>& validation,
                                          const ProfileTrainOptions& o) {
    const auto started = std::chrono::steady_clock::now();
    const ProfileSpec& s = impl_->spec;
    const std::size_t per =
        static_cast<std::size_t>(s.channels) * static_cast<std::size_t>(s.length);
    if (x.size() != y.size() * per || validation.size() != y.size())
        throw InvalidInputError(fmt::format(
            "profile classifier: {} values, {} labels and {} validation flags for profiles of {}",
            x.size(), y.size(), validation.size(), per));
    const detail::TorchThreads scope(o.threads);
    const torch::Tensor all = profiles(x, s);
    const torch::Tensor labels =
        torch::from_blob(const_cast<float*>(y.data()), {static_cast<std::int64_t>(y.size())},
                         torch::kFloat32)
            .clone();
    std::vector<std::int64_t> train_rows, val_rows;
    for (std::size_t i = 0; i < y.size(); ++i)
        (validation[i] ? val_rows : train_rows).push_back(static_cast<std::int64_t>(i));
    if (train_rows.empty() || val_rows.empty())
        throw InvalidInputError(
            fmt::format("profile classifier: {} training and {} validation profiles; it needs both",
                        train_rows.size(), val_rows.size()));
    // Classes weighted to balance: positives count as negatives / positives.
    const double pos = labels.index_select(0, torch::tensor(train_rows)).sum().item<double>();
    const double neg = static_cast<double>(train_rows.size()) - pos;
    const torch::Tensor pos_weight =
        torch::full({1}, pos > 0 ? std::max(neg, 1.0) / pos : 1.0, torch::kFloat32);
    ProfileNet& net = impl_->net;
    auto loss = [&](std::span<const std::int64_t> rows) {
        const torch::Tensor idx =
            torch::tensor(std::vector<std::int64_t>(rows.begin(), rows.end()));
        return torch::nn::functional::binary_cross_entropy_with_logits(
            net->forward(all.index_select(0, idx)), labels.index_select(0, idx),
            torch::nn::functional::BinaryCrossEntropyWithLogitsFuncOptions().pos_weight(
                pos_weight));
    };
    TrainReport report;
    report.train_windows = train_rows.size();
    report.validation_windows = val_rows.size();
    Rng rng(derive_seed(o.seed, 2));
    const detail::LoopSettings loop{o.epochs, o.patience, o.learning_rate, o.batch_size, 1.0, 0};
    detail::train_epochs(
        *net, train_rows, loop, rng,
        [&](std::span<const std::int64_t> rows, Rng&) { return loss(rows); },
        [&] { return loss(val_rows).item<double>(); }, report);
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

std::vector<float> TorchProfileClassifier::predict(std::span<const float> x) const {
    const ProfileSpec& s = impl_->spec;
    const std::size_t per =
        static_cast<std::size_t>(s.channels) * static_cast<std::size_t>(s.length);
    if (x.size() % per != 0)
        throw InternalError(
            fmt::format("ProfileClassifier::predict: {} values for profiles of {}", x.size(), per));
    if (x.empty()) return {};
    const detail::TorchThreads one(1);
    const torch::NoGradGuard no_grad;
    const torch::Tensor p = torch::sigmoid(impl_->net->forward(profiles(x, s))).contiguous();
    return std::vector<float>(p.data_ptr<float>(), p.data_ptr<float>() + p.numel());
}

std::string TorchProfileClassifier::save() const {
    return detail::save_module(*impl_->net);
}

void TorchProfileClassifier::load(std::string_view bytes) {
    ProfileNet fresh = detail::seeded(0, [&] { return ProfileNet(impl_->spec); });
    std::string error;
    const bool ok = detail::load_module(*fresh, bytes, error);
    if (!ok)
        throw InvalidInputError(
            fmt::format("profile classifier weights: not a network of this shape ({} bytes): {}",
                        bytes.size(), error));
    impl_->net = fresh;
}

std::unique_ptr<detail::ProfileModel> detail::make_torch_profile_classifier(const ProfileSpec& spec,
                                                                            std::uint64_t seed) {
    return std::make_unique<TorchProfileClassifier>(spec, seed);
}

}  // namespace heatloop::nn
