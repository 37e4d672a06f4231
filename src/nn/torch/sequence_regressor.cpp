// SequenceRegressor: the two forecasting networks, standardisation kept as module buffers (so
// the weights' bytes carry it), the MAE training loop on the shared helpers (training.hpp)
// and batched prediction. A torch translation unit (~21 s to compile): the only one besides
// sequence_net.cpp.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "heatloop/core/error.hpp"
#include "heatloop/core/random.hpp"
#include "heatloop/nn/sequence_regressor.hpp"
#include "nn/torch/factories.hpp"
#include "nn/torch/threads.hpp"
#include "nn/torch/training.hpp"

namespace heatloop::nn {

namespace {

constexpr float k_nan = std::numeric_limits<float>::quiet_NaN();

// The networks, written to be mirrored in PyTorch (B = batch, W = window, F = features,
// U = hidden units, H = outputs; x is already standardised, a missing value 0):
//   lstm:             LSTM(F, U, batch_first)            x [B, W, F] -> s [B, W, U]
//                     Linear(U, H) on s[:, -1]                        -> y [B, H]
//   bilstm_attention: LSTM(F, U, batch_first, bidirectional) x -> s [B, W, 2U]
//                     q, k, v = Linear(2U, 2U)(s) each (with bias)
//                     a = softmax(q k^T / sqrt(2U), dim=-1)           [B, W, W]
//                     c = (a v).mean(dim=1)                           [B, 2U]
//                     Linear(2U, H)(c)                                -> y [B, H]
// Loss: mean absolute error over the present targets (standardised); Adam; one LSTM layer,
// no dropout; torch's default initialisation.
struct RegressorNetImpl : torch::nn::Module {
    explicit RegressorNetImpl(const RegressorSpec& s)
        : attention(s.architecture == RegressorArchitecture::bilstm_attention),
          lstm(register_module("lstm", torch::nn::LSTM(torch::nn::LSTMOptions(s.features, s.hidden)
                                                           .batch_first(true)
                                                           .bidirectional(attention)))) {
        const int d = attention ? 2 * s.hidden : s.hidden;
        if (attention) {
            query = register_module("query", torch::nn::Linear(d, d));
            key = register_module("key", torch::nn::Linear(d, d));
            value = register_module("value", torch::nn::Linear(d, d));
        }
        head = register_module("head", torch::nn::Linear(d, s.outputs));
        feature_mean = register_buffer("feature_mean", torch::zeros({s.features}));
        feature_scale = register_buffer("feature_scale", torch::ones({s.features}));
        target_mean = register_buffer("target_mean", torch::zeros({s.outputs}));
        target_scale = register_buffer("target_scale", torch::ones({s.outputs}));
    }

    torch::Tensor forward(const torch::Tensor& x) {  // [B, W, F] -> [B, H], standardised
        const torch::Tensor s = std::get<0>(lstm->forward(x));
        if (!attention) return head->forward(s.select(1, s.size(1) - 1));
        const torch::Tensor q = query->forward(s), k = key->forward(s), v = value->forward(s);
        const torch::Tensor a = torch::softmax(
            q.matmul(k.transpose(1, 2)) / std::sqrt(static_cast<double>(s.size(2))), -1);
        return head->forward(a.matmul(v).mean(1));
    }

    // Features [T, F] (NaN = missing) standardised, a missing value 0 (the training mean).
    torch::Tensor standardise(const torch::Tensor& features) const {
        const torch::Tensor z = (features - feature_mean) / feature_scale;
        return torch::where(z.isnan(), torch::zeros_like(z), z);
    }

    bool attention;
    torch::nn::LSTM lstm;
    torch::nn::Linear query{nullptr}, key{nullptr}, value{nullptr}, head{nullptr};
    torch::Tensor feature_mean, feature_scale, target_mean, target_scale;
};
TORCH_MODULE(RegressorNet);

// A window: series and last row.
struct WindowRef {
    std::size_t series;
    std::int64_t end;
};

torch::Tensor matrix(std::span<const float> v, std::size_t rows, int cols) {
    return torch::from_blob(const_cast<float*>(v.data()),
                            {static_cast<std::int64_t>(rows), static_cast<std::int64_t>(cols)},
                            torch::kFloat32);
}

// Mean and standard deviation of each column over its present values (1 where constant or
// absent, so a constant feature standardises to 0).
std::pair<torch::Tensor, torch::Tensor> column_stats(const torch::Tensor& m) {
    const torch::Tensor present = m.isnan().logical_not().to(torch::kFloat64);
    const torch::Tensor v = torch::where(m.isnan(), torch::zeros_like(m), m).to(torch::kFloat64);
    const torch::Tensor n = present.sum(0).clamp_min(1.0);
    const torch::Tensor mean = v.sum(0) / n;
    const torch::Tensor var = ((v - mean) * (v - mean) * present).sum(0) / n;
    const torch::Tensor sd = var.sqrt();
    return {mean.to(torch::kFloat32),
            torch::where(sd > 1e-9, sd, torch::ones_like(sd)).to(torch::kFloat32)};
}

// The network behind SequenceRegressor (nn/backend.hpp).
class TorchSequenceRegressor final : public detail::RegressorModel {
public:
    TorchSequenceRegressor(const RegressorSpec& spec, std::uint64_t seed);
    ~TorchSequenceRegressor() override;
    TorchSequenceRegressor(const TorchSequenceRegressor&) = delete;
    TorchSequenceRegressor& operator=(const TorchSequenceRegressor&) = delete;
    const RegressorSpec& spec() const noexcept override;
    TrainReport train(std::span<const RegressionSeries> series,
                      const RegressorTrainOptions& o) override;
    std::vector<float> predict(std::span<const float> features, std::size_t steps, int threads,
                               std::size_t batch_size) const override;
    std::string save() const override;
    void load(std::string_view bytes) override;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace

struct TorchSequenceRegressor::Impl {
    RegressorSpec spec;
    RegressorNet net{nullptr};
};

TorchSequenceRegressor::TorchSequenceRegressor(const RegressorSpec& spec, std::uint64_t seed)
    : impl_(std::make_unique<Impl>()) {
    if (spec.features < 1 || spec.outputs < 1 || spec.window < 1 || spec.hidden < 1)
        throw InvalidInputError(
            fmt::format("sequence regressor: features {} (>= 1), outputs {} (>= 1), window {} "
                        "(>= 1), hidden {} (>= 1)",
                        spec.features, spec.outputs, spec.window, spec.hidden));
    impl_->spec = spec;
    impl_->net = detail::seeded(seed, [&] { return RegressorNet(spec); });
}

TorchSequenceRegressor::~TorchSequenceRegressor() = default;

const RegressorSpec& TorchSequenceRegressor::spec() const noexcept {
    return impl_->spec;
}

TrainReport TorchSequenceRegressor::train(std::span<const RegressionSeries> series,
                                          const RegressorTrainOptions& o) {
    const auto started = std::chrono::steady_clock::now();
    const detail::TorchThreads threads(o.threads);
    const RegressorSpec& spec = impl_->spec;
    RegressorNetImpl& net = *impl_->net;
    const std::int64_t w = spec.window, f = spec.features, h = spec.outputs;

    // Windows: last row with every feature and some target; the last share of each series
    // validates. Standardisation from the training rows of all series.
    std::vector<torch::Tensor> raw_features, raw_targets;
    std::vector<WindowRef> train_refs, val_refs;
    std::vector<torch::Tensor> train_feature_rows, train_target_rows;
    for (std::size_t s = 0; s < series.size(); ++s) {
        const RegressionSeries& v = series[s];
        if (v.features.size() != v.steps * static_cast<std::size_t>(f) ||
            v.targets.size() != v.steps * static_cast<std::size_t>(h))
            throw InternalError(fmt::format(
                "SequenceRegressor::train: series {} has {} features and {} targets for {} steps "
                "of {} + {}",
                s, v.features.size(), v.targets.size(), v.steps, f, h));
        raw_features.push_back(matrix(v.features, v.steps, spec.features));
        raw_targets.push_back(matrix(v.targets, v.steps, spec.outputs));
        std::vector<WindowRef> refs;
        for (auto t = w - 1; t < static_cast<std::int64_t>(v.steps); ++t) {
            const float* x = v.features.data() + t * f;
            const float* y = v.targets.data() + t * h;
            if (std::any_of(x, x + f, [](float a) { return std::isnan(a); }) ||
                std::all_of(y, y + h, [](float a) { return std::isnan(a); }))
                continue;
            refs.push_back({s, t});
        }
        const auto n_val = static_cast<std::size_t>(
            std::floor(static_cast<double>(refs.size()) * o.validation_fraction));
        const std::size_t n_train = refs.size() - n_val;
        train_refs.insert(train_refs.end(), refs.begin(), refs.begin() + n_train);
        val_refs.insert(val_refs.end(), refs.begin() + n_train, refs.end());
        // Statistics from the rows before the first validation window ends.
        const std::int64_t train_rows =
            n_train == refs.size() ? static_cast<std::int64_t>(v.steps) : refs[n_train].end - w + 1;
        if (n_train > 0) {
            train_feature_rows.push_back(raw_features.back().slice(0, 0, train_rows));
            train_target_rows.push_back(raw_targets.back().slice(0, 0, train_rows));
        }
    }
    if (train_refs.size() < 2 || val_refs.empty())
        throw InvalidInputError(fmt::format(
            "sequence regressor: {} training and {} validation windows of {} rows in {} series "
            "(a window counts when its last row has every feature and a target); need at least "
            "2 and 1 (more data, a shorter window or a larger validation share)",
            train_refs.size(), val_refs.size(), w, series.size()));
    {
        const torch::NoGradGuard no_grad;
        auto [fm, fs] = column_stats(torch::cat(train_feature_rows, 0));
        auto [tm, ts] = column_stats(torch::cat(train_target_rows, 0));
        net.feature_mean.copy_(fm);
        net.feature_scale.copy_(fs);
        net.target_mean.copy_(tm);
        net.target_scale.copy_(ts);
    }
    // Standardised copies and their windows [N, W, F]; targets [T, H] standardised (NaN kept).
    std::vector<torch::Tensor> feature_windows, targets;
    for (std::size_t s = 0; s < series.size(); ++s) {
        const torch::Tensor z = net.standardise(raw_features[s]).contiguous();
        feature_windows.push_back(series[s].steps >= static_cast<std::size_t>(w)
                                      ? detail::windows(z, w)
                                      : torch::Tensor());
        targets.push_back((raw_targets[s] - net.target_mean) / net.target_scale);
    }
    // A batch: inputs [B, W, F], targets [B, H] (missing 0) and their weights (1 = present).
    struct Batch {
        torch::Tensor x, y, weight;
    };
    auto batch = [&](std::span<const WindowRef> refs) {
        std::vector<std::vector<std::int64_t>> by_series(series.size());
        for (const WindowRef& r : refs) by_series[r.series].push_back(r.end);
        std::vector<torch::Tensor> xs, ys;
        for (std::size_t s = 0; s < by_series.size(); ++s) {
            if (by_series[s].empty()) continue;
            const torch::Tensor ends = torch::tensor(by_series[s], torch::kInt64);
            xs.push_back(feature_windows[s].index_select(0, ends - (w - 1)));
            ys.push_back(targets[s].index_select(0, ends));
        }
        const torch::Tensor y = torch::cat(ys, 0);
        return Batch{torch::cat(xs, 0), torch::where(y.isnan(), torch::zeros_like(y), y),
                     y.isnan().logical_not().to(torch::kFloat32)};
    };
    auto mae_sum = [&](const Batch& b) {
        return ((net.forward(b.x) - b.y).abs() * b.weight).sum();
    };

    TrainReport report;
    report.train_windows = train_refs.size();
    report.validation_windows = val_refs.size();
    Rng rng(derive_seed(o.seed, 1));
    const auto batch_size = static_cast<std::size_t>(std::max(1, o.batch_size));
    const detail::LoopSettings loop{o.epochs,     o.patience,  o.learning_rate,
                                    o.batch_size, o.clip_norm, o.max_windows};
    detail::train_epochs(
        net, train_refs, loop, rng,
        [&](std::span<const WindowRef> refs, Rng&) {
            const Batch b = batch(refs);
            return mae_sum(b) / b.weight.sum().clamp_min(1.0);
        },
        [&] {
            double sum = 0, weight = 0;
            for (std::size_t b0 = 0; b0 < val_refs.size(); b0 += batch_size) {
                const Batch b = batch(std::span<const WindowRef>(
                    val_refs.data() + b0, std::min(batch_size, val_refs.size() - b0)));
                sum += mae_sum(b).item<double>();
                weight += b.weight.sum().item<double>();
            }
            return sum / std::max(weight, 1.0);
        },
        report);
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

std::vector<float> TorchSequenceRegressor::predict(std::span<const float> features,
                                                   std::size_t steps, int threads,
                                                   std::size_t batch_size) const {
    const RegressorSpec& spec = impl_->spec;
    const std::int64_t w = spec.window, f = spec.features, h = spec.outputs;
    if (features.size() != steps * static_cast<std::size_t>(f))
        throw InternalError(
            fmt::format("SequenceRegressor::predict: {} features for {} steps of {}",
                        features.size(), steps, f));
    std::vector<float> out(steps * static_cast<std::size_t>(h), k_nan);
    if (steps < static_cast<std::size_t>(w)) return out;
    RegressorNetImpl& net = *impl_->net;
    const torch::Tensor raw = matrix(features, steps, spec.features);
    torch::Tensor z, complete, windows;
    {
        const torch::NoGradGuard no_grad;
        z = net.standardise(raw).contiguous();
        windows = detail::windows(z, w);  // window ending at row t is windows[t - w + 1]
        complete = raw.isnan().any(1).logical_not();
    }
    const auto n = static_cast<std::int64_t>(steps);
    torch::Tensor result = torch::from_blob(out.data(), {n, h});
    detail::for_each_batch(
        w - 1, n, static_cast<std::int64_t>(batch_size), threads,
        [&](std::int64_t b0, std::int64_t b1) {
            const torch::Tensor rows =
                torch::arange(b0, b1, torch::kInt64).masked_select(complete.slice(0, b0, b1));
            if (rows.numel() == 0) return;
            const torch::Tensor y =
                net.forward(windows.index_select(0, rows - (w - 1))) * net.target_scale +
                net.target_mean;
            result.index_copy_(0, rows, y);
        });
    return out;
}

std::string TorchSequenceRegressor::save() const {
    return detail::save_module(*impl_->net);
}

void TorchSequenceRegressor::load(std::string_view bytes) {
    // Into a fresh network (shapes checked), which replaces the current one only when it loads.
    RegressorNet fresh = detail::seeded(0, [&] { return RegressorNet(impl_->spec); });
    std::string error;
    const bool ok = detail::load_module(*fresh, bytes, error);
    if (!ok)
        throw InvalidInputError(fmt::format(
            "sequence regressor weights: not a {} network of this shape ({} bytes): {}",
            regressor_architecture_name(impl_->spec.architecture), bytes.size(), error));
    impl_->net = fresh;
}

std::unique_ptr<detail::RegressorModel> detail::make_torch_sequence_regressor(
    const RegressorSpec& spec, std::uint64_t seed) {
    return std::make_unique<TorchSequenceRegressor>(spec, seed);
}

}  // namespace heatloop::nn
