// Seq2Point: the sliding-window disaggregation network, standardisation kept as module
// buffers (so the weights' bytes carry it), the MSE training loop on the shared helpers
// (training.hpp) and batched prediction. A torch translation unit.
#include "heatloop/nn/seq2point.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "heatloop/core/error.hpp"
#include "heatloop/core/random.hpp"
#include "nn/torch/factories.hpp"
#include "nn/torch/threads.hpp"
#include "nn/torch/training.hpp"

namespace heatloop::nn {

namespace {

constexpr float k_nan = std::numeric_limits<float>::quiet_NaN();

// The network (B = batch, W = window, F = inputs, C = filters, U = hidden units; x already
// standardised, a missing value 0):
//   Conv1d(F, C, k, pad k/2) ReLU, Conv1d(C, C, k, pad k/2) ReLU, Conv1d(C, 2C, k, pad k/2)
//   ReLU                                                  x [B, F, W] -> [B, 2C, W]
//   flatten, Linear(2C W, U) ReLU, Linear(U, 1)                       -> y [B]
struct Seq2PointNetImpl : torch::nn::Module {
    explicit Seq2PointNetImpl(const Seq2PointSpec& s) {
        const auto conv = [&](int from, int to) {
            return torch::nn::Conv1d(
                torch::nn::Conv1dOptions(from, to, s.kernel).padding(s.kernel / 2));
        };
        conv1 = register_module("conv1", conv(s.inputs, s.filters));
        conv2 = register_module("conv2", conv(s.filters, s.filters));
        conv3 = register_module("conv3", conv(s.filters, 2 * s.filters));
        dense = register_module("dense", torch::nn::Linear(2 * s.filters * s.window, s.hidden));
        out = register_module("out", torch::nn::Linear(s.hidden, 1));
        input_mean = register_buffer("input_mean", torch::zeros({s.inputs}));
        input_scale = register_buffer("input_scale", torch::ones({s.inputs}));
        target_mean = register_buffer("target_mean", torch::zeros({1}));
        target_scale = register_buffer("target_scale", torch::ones({1}));
    }

    torch::Tensor forward(const torch::Tensor& x) {  // [B, W, F] -> [B], standardised
        torch::Tensor h = torch::relu(conv1->forward(x.transpose(1, 2)));
        h = torch::relu(conv2->forward(h));
        h = torch::relu(conv3->forward(h));
        h = torch::relu(dense->forward(h.flatten(1)));
        return out->forward(h).squeeze(1);
    }

    // Inputs [T, F] (NaN = missing) standardised, a missing value 0 (the training mean).
    torch::Tensor standardise(const torch::Tensor& inputs) const {
        const torch::Tensor z = (inputs - input_mean) / input_scale;
        return torch::where(z.isnan(), torch::zeros_like(z), z);
    }

    torch::nn::Conv1d conv1{nullptr}, conv2{nullptr}, conv3{nullptr};
    torch::nn::Linear dense{nullptr}, out{nullptr};
    torch::Tensor input_mean, input_scale, target_mean, target_scale;
};
TORCH_MODULE(Seq2PointNet);

// A window: series and centre row.
struct WindowRef {
    std::size_t series;
    std::int64_t centre;
};

torch::Tensor matrix(std::span<const float> v, std::size_t rows, int cols) {
    return torch::from_blob(const_cast<float*>(v.data()),
                            {static_cast<std::int64_t>(rows), static_cast<std::int64_t>(cols)},
                            torch::kFloat32);
}

// Mean and standard deviation of each column over its present values (1 where constant or
// absent, so a constant input standardises to 0).
std::pair<torch::Tensor, torch::Tensor> column_stats(const torch::Tensor& m) {
    const torch::Tensor present = m.isnan().logical_not().to(torch::kFloat64);
    const torch::Tensor v = torch::where(m.isnan(), torch::zeros_like(m), m).to(torch::kFloat64);
    const torch::Tensor n = present.sum(0).clamp_min(1.0);
    const torch::Tensor mean = v.sum(0) / n;
    const torch::Tensor sd = (((v - mean) * (v - mean) * present).sum(0) / n).sqrt();
    return {mean.to(torch::kFloat32),
            torch::where(sd > 1e-9, sd, torch::ones_like(sd)).to(torch::kFloat32)};
}

// The standardised inputs of a series with W/2 rows of zeros (the mean) before and after, so
// that the window centred on row t is windows[t].
torch::Tensor padded_windows(const Seq2PointNetImpl& net, const torch::Tensor& raw,
                             std::int64_t window) {
    const std::int64_t half = window / 2;
    const torch::Tensor z = net.standardise(raw);
    const torch::Tensor pad = torch::zeros({half, raw.size(1)});
    return detail::windows(torch::cat({pad, z, pad}, 0).contiguous(), window);
}

// The network behind Seq2Point (nn/backend.hpp).
class TorchSeq2Point final : public detail::Seq2PointModel {
public:
    TorchSeq2Point(const Seq2PointSpec& spec, std::uint64_t seed);
    ~TorchSeq2Point() override;
    TorchSeq2Point(const TorchSeq2Point&) = delete;
    TorchSeq2Point& operator=(const TorchSeq2Point&) = delete;
    const Seq2PointSpec& spec() const noexcept override;
    TrainReport train(std::span<const Seq2PointSeries> series,
                      const Seq2PointTrainOptions& o) override;
    std::vector<float> predict(std::span<const float> inputs, std::size_t steps, int threads,
                               std::size_t batch_size) const override;
    std::string save() const override;
    void load(std::string_view bytes) override;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace

struct TorchSeq2Point::Impl {
    Seq2PointSpec spec;
    Seq2PointNet net{nullptr};
};

TorchSeq2Point::TorchSeq2Point(const Seq2PointSpec& spec, std::uint64_t seed)
    : impl_(std::make_unique<Impl>()) {
    if (spec.inputs < 1 || spec.window < 1 || spec.window % 2 == 0 || spec.filters < 1 ||
        spec.kernel < 1 || spec.kernel % 2 == 0 || spec.hidden < 1)
        throw InvalidInputError(
            fmt::format("seq2point network: inputs {} (>= 1), window {} (odd), filters {} (>= 1), "
                        "kernel {} (odd), hidden {} (>= 1)",
                        spec.inputs, spec.window, spec.filters, spec.kernel, spec.hidden));
    impl_->spec = spec;
    impl_->net = detail::seeded(seed, [&] { return Seq2PointNet(spec); });
}

TorchSeq2Point::~TorchSeq2Point() = default;

const Seq2PointSpec& TorchSeq2Point::spec() const noexcept {
    return impl_->spec;
}

TrainReport TorchSeq2Point::train(std::span<const Seq2PointSeries> series,
                                  const Seq2PointTrainOptions& o) {
    const auto started = std::chrono::steady_clock::now();
    const detail::TorchThreads threads(o.threads);
    const Seq2PointSpec& spec = impl_->spec;
    Seq2PointNetImpl& net = *impl_->net;
    const std::int64_t w = spec.window, f = spec.inputs;

    // Windows: centre row with every input and the target; the last share of each series
    // validates. Standardisation from the rows of the training windows' centres.
    std::vector<torch::Tensor> raw_inputs, raw_targets;
    std::vector<WindowRef> train_refs, val_refs;
    std::vector<torch::Tensor> train_input_rows, train_target_rows;
    for (std::size_t s = 0; s < series.size(); ++s) {
        const Seq2PointSeries& v = series[s];
        if (v.inputs.size() != v.steps * static_cast<std::size_t>(f) || v.target.size() != v.steps)
            throw InternalError(
                fmt::format("Seq2Point::train: series {} has {} inputs and {} targets for {} "
                            "steps of {}",
                            s, v.inputs.size(), v.target.size(), v.steps, f));
        raw_inputs.push_back(matrix(v.inputs, v.steps, spec.inputs));
        raw_targets.push_back(matrix(v.target, v.steps, 1));
        std::vector<WindowRef> refs;
        for (std::int64_t t = 0; t < static_cast<std::int64_t>(v.steps); ++t) {
            if (std::isnan(v.target[static_cast<std::size_t>(t)]) ||
                std::isnan(v.inputs[static_cast<std::size_t>(t * f)]))
                continue;
            refs.push_back({s, t});
        }
        const auto n_val = static_cast<std::size_t>(
            std::floor(static_cast<double>(refs.size()) * o.validation_fraction));
        const std::size_t n_train = refs.size() - n_val;
        train_refs.insert(train_refs.end(), refs.begin(), refs.begin() + n_train);
        val_refs.insert(val_refs.end(), refs.begin() + n_train, refs.end());
        if (n_train > 0) {
            const std::int64_t rows =
                n_train == refs.size() ? static_cast<std::int64_t>(v.steps) : refs[n_train].centre;
            train_input_rows.push_back(raw_inputs.back().slice(0, 0, rows));
            train_target_rows.push_back(raw_targets.back().slice(0, 0, rows));
        }
    }
    if (train_refs.size() < 2 || val_refs.empty())
        throw InvalidInputError(fmt::format(
            "seq2point network: {} training and {} validation windows in {} series (a window "
            "counts when its centre row has the first input and the target); need at least 2 "
            "and 1",
            train_refs.size(), val_refs.size(), series.size()));
    {
        const torch::NoGradGuard no_grad;
        auto [im, is] = column_stats(torch::cat(train_input_rows, 0));
        auto [tm, ts] = column_stats(torch::cat(train_target_rows, 0));
        net.input_mean.copy_(im);
        net.input_scale.copy_(is);
        net.target_mean.copy_(tm);
        net.target_scale.copy_(ts);
    }
    std::vector<torch::Tensor> windows, targets;
    {
        const torch::NoGradGuard no_grad;
        for (std::size_t s = 0; s < series.size(); ++s) {
            windows.push_back(padded_windows(net, raw_inputs[s], w));
            targets.push_back(((raw_targets[s] - net.target_mean) / net.target_scale).squeeze(1));
        }
    }
    struct Batch {
        torch::Tensor x, y;
    };
    auto batch = [&](std::span<const WindowRef> refs) {
        std::vector<std::vector<std::int64_t>> by_series(series.size());
        for (const WindowRef& r : refs) by_series[r.series].push_back(r.centre);
        std::vector<torch::Tensor> xs, ys;
        for (std::size_t s = 0; s < by_series.size(); ++s) {
            if (by_series[s].empty()) continue;
            const torch::Tensor rows = torch::tensor(by_series[s], torch::kInt64);
            xs.push_back(windows[s].index_select(0, rows));
            ys.push_back(targets[s].index_select(0, rows));
        }
        return Batch{torch::cat(xs, 0), torch::cat(ys, 0)};
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
            return torch::mse_loss(net.forward(b.x), b.y);
        },
        [&] {
            double sum = 0;
            for (std::size_t b0 = 0; b0 < val_refs.size(); b0 += batch_size) {
                const Batch b = batch(std::span<const WindowRef>(
                    val_refs.data() + b0, std::min(batch_size, val_refs.size() - b0)));
                sum += (net.forward(b.x) - b.y).pow(2).sum().item<double>();
            }
            return sum / static_cast<double>(val_refs.size());
        },
        report);
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

std::vector<float> TorchSeq2Point::predict(std::span<const float> inputs, std::size_t steps,
                                           int threads, std::size_t batch_size) const {
    const Seq2PointSpec& spec = impl_->spec;
    if (inputs.size() != steps * static_cast<std::size_t>(spec.inputs))
        throw InternalError(fmt::format("Seq2Point::predict: {} inputs for {} steps of {}",
                                        inputs.size(), steps, spec.inputs));
    std::vector<float> out(steps, k_nan);
    if (steps == 0) return out;
    Seq2PointNetImpl& net = *impl_->net;
    const torch::Tensor raw = matrix(inputs, steps, spec.inputs);
    torch::Tensor windows, complete;
    {
        const torch::NoGradGuard no_grad;
        windows = padded_windows(net, raw, spec.window);
        complete = raw.select(1, 0).isnan().logical_not();
    }
    const auto n = static_cast<std::int64_t>(steps);
    torch::Tensor result = torch::from_blob(out.data(), {n});
    detail::for_each_batch(
        0, n, static_cast<std::int64_t>(batch_size), threads,
        [&](std::int64_t b0, std::int64_t b1) {
            const torch::Tensor rows =
                torch::arange(b0, b1, torch::kInt64).masked_select(complete.slice(0, b0, b1));
            if (rows.numel() == 0) return;
            const torch::Tensor y =
                net.forward(windows.index_select(0, rows)) * net.target_scale + net.target_mean;
            result.index_copy_(0, rows, y);
        });
    return out;
}

std::string TorchSeq2Point::save() const {
    return detail::save_module(*impl_->net);
}

void TorchSeq2Point::load(std::string_view bytes) {
    // Into a fresh network (shapes checked), which replaces the current one only when it loads.
    Seq2PointNet fresh = detail::seeded(0, [&] { return Seq2PointNet(impl_->spec); });
    std::string error;
    const bool ok = detail::load_module(*fresh, bytes, error);
    if (!ok)
        throw InvalidInputError(fmt::format(
            "seq2point weights: not a network of this shape ({} bytes): {}", bytes.size(), error));
    impl_->net = fresh;
}

std::unique_ptr<detail::Seq2PointModel> detail::make_torch_seq2point(const Seq2PointSpec& spec,
                                                                     std::uint64_t seed) {
    return std::make_unique<TorchSeq2Point>(spec, seed);
}

}  // namespace heatloop::nn
