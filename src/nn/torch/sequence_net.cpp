// SequenceNet: windows as tensor views over the caller's arrays, the masked training loop
// (validation split, early stopping, learning-rate halving, gradient clipping), masked
// prediction and the weights as bytes. In the libtorch module (src/nn/README.md).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <thread>

#include "heatloop/core/error.hpp"
#include "heatloop/core/random.hpp"
#include "heatloop/nn/sequence_net.hpp"
#include "nn/torch/factories.hpp"
#include "nn/torch/networks.hpp"
#include "nn/torch/threads.hpp"
#include "nn/torch/training.hpp"

namespace heatloop::nn {

using detail::seeded;
using detail::windows;

namespace {

constexpr float k_nan = std::numeric_limits<float>::quiet_NaN();

// A (series, first row) pair: the window [start, start + W).
struct WindowRef {
    std::size_t series;
    std::int64_t start;
};

// Tensor views over a series (no copy): values [T, C] and covariates [T, K].
torch::Tensor values_of(const SeriesView& s, const NetSpec& spec) {
    return torch::from_blob(const_cast<float*>(s.values.data()),
                            {static_cast<std::int64_t>(s.steps), spec.channels}, torch::kFloat32);
}
torch::Tensor covariates_of(const SeriesView& s, const NetSpec& spec) {
    if (spec.covariates == 0) return torch::zeros({static_cast<std::int64_t>(s.steps), 0});
    return torch::from_blob(const_cast<float*>(s.covariates.data()),
                            {static_cast<std::int64_t>(s.steps), spec.covariates}, torch::kFloat32);
}

// The network input [B, W, 2C + K] from windows of values [B, W, C] (NaN = missing),
// a visibility mask [B, W, C] and covariates [B, W, K].
torch::Tensor network_input(const torch::Tensor& values, const torch::Tensor& visible,
                            const torch::Tensor& covariates) {
    return torch::cat({torch::where(visible, values, torch::zeros_like(values)),
                       visible.to(torch::kFloat32), covariates},
                      2);
}

// The network behind SequenceNet (nn/backend.hpp).
class TorchSequenceNet final : public detail::SequenceNetModel {
public:
    TorchSequenceNet(const NetSpec& spec, std::uint64_t seed);
    ~TorchSequenceNet() override;
    TorchSequenceNet(const TorchSequenceNet&) = delete;
    TorchSequenceNet& operator=(const TorchSequenceNet&) = delete;
    const NetSpec& spec() const noexcept override;
    TrainReport train(std::span<const SeriesView> series, const TrainOptions& o) override;
    std::vector<float> predict_masked(const SeriesView& s, int threads,
                                      std::size_t batch_size) const override;
    std::string save() const override;
    void load(std::string_view bytes) override;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace

struct TorchSequenceNet::Impl {
    NetSpec spec;
    detail::LstmNet lstm{nullptr};
    detail::TcnNet tcn{nullptr};

    torch::nn::Module& module() {
        return spec.architecture == Architecture::lstm ? static_cast<torch::nn::Module&>(*lstm)
                                                       : static_cast<torch::nn::Module&>(*tcn);
    }
    torch::Tensor forward(const torch::Tensor& x) {
        return spec.architecture == Architecture::lstm ? lstm->forward(x) : tcn->forward(x);
    }

    // Values, visibility, covariates and targets of a batch of windows; `hide` [B, C] hides
    // channels for the whole window, `hide_last` [B] every channel at the last step. The loss
    // weight is 1 where a hidden channel has a value at the last step.
    struct Batch {
        torch::Tensor x, target, weight;
    };
    Batch batch(const std::vector<torch::Tensor>& value_windows,
                const std::vector<torch::Tensor>& covariate_windows,
                std::span<const WindowRef> refs, Rng& rng, const TrainOptions& o) {
        std::vector<torch::Tensor> vs, cs;
        // Group by series so each series' windows come out in one index_select.
        std::vector<std::vector<std::int64_t>> by_series(value_windows.size());
        for (const WindowRef& r : refs) by_series[r.series].push_back(r.start);
        for (std::size_t s = 0; s < by_series.size(); ++s) {
            if (by_series[s].empty()) continue;
            const torch::Tensor idx = torch::tensor(by_series[s], torch::kInt64);
            vs.push_back(value_windows[s].index_select(0, idx));
            cs.push_back(covariate_windows[s].index_select(0, idx));
        }
        const torch::Tensor values = torch::cat(vs, 0), covariates = torch::cat(cs, 0);
        const std::int64_t b = values.size(0), c = spec.channels, w = spec.window;
        std::vector<std::uint8_t> hide(static_cast<std::size_t>(b * c), 0),
            hide_last(static_cast<std::size_t>(b), 0);
        for (std::int64_t i = 0; i < b; ++i) {
            bool any = false;
            for (std::int64_t k = 0; k < c; ++k) {
                const bool h = rng.uniform() < o.mask_probability;
                hide[static_cast<std::size_t>(i * c + k)] = h;
                any = any || h;
            }
            if (!any)  // at least one channel is predicted from the others
                hide[static_cast<std::size_t>(
                    i * c +
                    static_cast<std::int64_t>(rng.bits() % static_cast<std::uint64_t>(c)))] = 1;
            hide_last[static_cast<std::size_t>(i)] = rng.uniform() < o.next_step_share;
        }
        const torch::Tensor hidden_ch =
            torch::from_blob(hide.data(), {b, 1, c}, torch::kUInt8).to(torch::kBool);
        torch::Tensor hidden = hidden_ch.expand({b, w, c}).clone();
        const torch::Tensor last_hidden =
            torch::from_blob(hide_last.data(), {b, 1}, torch::kUInt8).to(torch::kBool);
        hidden.select(1, w - 1).logical_or_(last_hidden.expand({b, c}));
        const torch::Tensor present = values.isnan().logical_not();
        const torch::Tensor visible = present.logical_and(hidden.logical_not());
        const torch::Tensor last = values.select(1, w - 1);
        const torch::Tensor weight =
            present.select(1, w - 1).logical_and(hidden.select(1, w - 1)).to(torch::kFloat32);
        return {network_input(values, visible, covariates),
                torch::where(last.isnan(), torch::zeros_like(last), last), weight};
    }

    torch::Tensor loss(const Batch& b) {
        const torch::Tensor err = forward(b.x) - b.target;
        return (err * err * b.weight).sum() / b.weight.sum().clamp_min(1.0);
    }
};

TorchSequenceNet::TorchSequenceNet(const NetSpec& spec, std::uint64_t seed)
    : impl_(std::make_unique<Impl>()) {
    if (spec.channels < 1 || spec.covariates < 0 || spec.window < 1 || spec.hidden < 1 ||
        spec.layers < 1 || spec.kernel < 2)
        throw InvalidInputError(fmt::format(
            "neural network: channels {} (>= 1), covariates {} (>= 0), window {} (>= 1), "
            "hidden {} (>= 1), layers {} (>= 1), kernel {} (>= 2)",
            spec.channels, spec.covariates, spec.window, spec.hidden, spec.layers, spec.kernel));
    impl_->spec = spec;
    seeded(seed, [&] {
        if (spec.architecture == Architecture::lstm)
            impl_->lstm = detail::LstmNet(spec);
        else
            impl_->tcn = detail::TcnNet(spec);
        return 0;
    });
}

TorchSequenceNet::~TorchSequenceNet() = default;

const NetSpec& TorchSequenceNet::spec() const noexcept {
    return impl_->spec;
}

TrainReport TorchSequenceNet::train(std::span<const SeriesView> series, const TrainOptions& o) {
    const auto started = std::chrono::steady_clock::now();
    const detail::TorchThreads threads(o.threads);
    const NetSpec& spec = impl_->spec;
    const std::int64_t w = spec.window;
    // Windows whose last row has a value, the last share of each series for validation.
    std::vector<torch::Tensor> value_windows, covariate_windows;
    std::vector<WindowRef> train_refs, val_refs;
    for (std::size_t s = 0; s < series.size(); ++s) {
        const SeriesView& v = series[s];
        if (v.values.size() != v.steps * static_cast<std::size_t>(spec.channels) ||
            v.covariates.size() != v.steps * static_cast<std::size_t>(spec.covariates))
            throw InternalError(fmt::format(
                "SequenceNet::train: series {} has {} values and {} "
                "covariates for {} steps of {} + {}",
                s, v.values.size(), v.covariates.size(), v.steps, spec.channels, spec.covariates));
        if (static_cast<std::int64_t>(v.steps) < w) {
            value_windows.emplace_back();
            covariate_windows.emplace_back();
            continue;
        }
        value_windows.push_back(windows(values_of(v, spec), w));
        covariate_windows.push_back(windows(covariates_of(v, spec), w));
        std::vector<WindowRef> refs;
        for (std::int64_t start = 0; start + w <= static_cast<std::int64_t>(v.steps); ++start) {
            const float* last = v.values.data() + (start + w - 1) * spec.channels;
            for (int c = 0; c < spec.channels; ++c)
                if (!std::isnan(last[c])) {
                    refs.push_back({s, start});
                    break;
                }
        }
        const auto n_val = static_cast<std::size_t>(
            std::floor(static_cast<double>(refs.size()) * o.validation_fraction));
        train_refs.insert(train_refs.end(), refs.begin(), refs.end() - n_val);
        val_refs.insert(val_refs.end(), refs.end() - n_val, refs.end());
    }
    if (train_refs.size() < 2 || val_refs.empty())
        throw InvalidInputError(fmt::format(
            "neural network: {} training and {} validation windows of {} steps in {} series; "
            "need at least 2 and 1 (more data, a shorter window or a larger validation share)",
            train_refs.size(), val_refs.size(), w, series.size()));

    TrainReport report;
    report.train_windows = train_refs.size();
    report.validation_windows = val_refs.size();
    Rng rng(derive_seed(o.seed, 1));
    const auto batch_size = static_cast<std::size_t>(std::max(1, o.batch_size));
    const detail::LoopSettings loop{o.epochs,     o.patience,  o.learning_rate,
                                    o.batch_size, o.clip_norm, o.max_windows};
    detail::train_epochs(
        impl_->module(), train_refs, loop, rng,
        [&](std::span<const WindowRef> refs, Rng& r) {
            return impl_->loss(impl_->batch(value_windows, covariate_windows, refs, r, o));
        },
        [&] {
            // Validation: the same masks every epoch (a generator seeded the same each time).
            double val = 0, weight = 0;
            Rng val_rng(derive_seed(o.seed, 2));
            for (std::size_t b0 = 0; b0 < val_refs.size(); b0 += batch_size) {
                const std::span<const WindowRef> refs(val_refs.data() + b0,
                                                      std::min(batch_size, val_refs.size() - b0));
                const Impl::Batch batch =
                    impl_->batch(value_windows, covariate_windows, refs, val_rng, o);
                const torch::Tensor err = impl_->forward(batch.x) - batch.target;
                val += (err * err * batch.weight).sum().item<double>();
                weight += batch.weight.sum().item<double>();
            }
            return val / std::max(weight, 1.0);
        },
        report);
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

std::vector<float> TorchSequenceNet::predict_masked(const SeriesView& s, int threads,
                                                    std::size_t batch_size) const {
    const NetSpec& spec = impl_->spec;
    if (s.values.size() != s.steps * static_cast<std::size_t>(spec.channels) ||
        s.covariates.size() != s.steps * static_cast<std::size_t>(spec.covariates))
        throw InternalError(fmt::format(
            "SequenceNet::predict_masked: {} values and {} covariates for {} steps of {} + {}",
            s.values.size(), s.covariates.size(), s.steps, spec.channels, spec.covariates));
    std::vector<float> out(s.steps * static_cast<std::size_t>(spec.channels), k_nan);
    if (s.steps == 0) return out;
    const detail::TorchThreads scope(1);
    const std::int64_t w = spec.window, c = spec.channels;
    // The first rows' windows reach before the series: hidden values, zero covariates (the
    // one copy prediction makes).
    const torch::Tensor values = torch::cat({torch::full({w - 1, c}, k_nan), values_of(s, spec)});
    const torch::Tensor covariates =
        torch::cat({torch::zeros({w - 1, spec.covariates}), covariates_of(s, spec)});
    const torch::Tensor vw = windows(values, w), cw = windows(covariates, w);
    const auto n = static_cast<std::int64_t>(s.steps);
    const auto bs = static_cast<std::int64_t>(std::max<std::size_t>(batch_size, 1));
    // One pass per channel (hidden for the whole window); the passes are split over the
    // threads, each running torch on one intra-op thread (OpenMP threads spin while they
    // wait, which crawls on busy cores) and writing its own channels' column of `out`.
    auto passes = [&](int worker, int workers) {
        // per thread: OpenMP's thread count is a per-thread setting
        const detail::TorchThreads one(1);
        const torch::NoGradGuard no_grad;
        torch::Tensor result = torch::from_blob(out.data(), {n, c});
        for (std::int64_t b0 = 0; b0 < n; b0 += bs) {
            const std::int64_t b1 = std::min(n, b0 + bs);
            const torch::Tensor v = vw.slice(0, b0, b1), cv = cw.slice(0, b0, b1);
            const torch::Tensor present = v.isnan().logical_not();
            for (std::int64_t k = worker; k < c; k += workers) {
                torch::Tensor visible = present.clone();
                visible.select(2, k).fill_(false);
                const torch::Tensor pred = impl_->forward(network_input(v, visible, cv));
                result.slice(0, b0, b1).select(1, k).copy_(pred.select(1, k));
            }
        }
    };
    const int workers = std::clamp(threads, 1, spec.channels);
    std::vector<std::thread> pool;
    for (int t = 1; t < workers; ++t) pool.emplace_back(passes, t, workers);
    passes(0, workers);
    for (std::thread& t : pool) t.join();
    return out;
}

std::string TorchSequenceNet::save() const {
    return detail::save_module(impl_->module());
}

void TorchSequenceNet::load(std::string_view bytes) {
    std::string error;
    if (!detail::load_module(impl_->module(), bytes, error))
        throw InvalidInputError(
            fmt::format("neural network weights: not a {} network of this shape ({} bytes): {}",
                        architecture_name(impl_->spec.architecture), bytes.size(), error));
}

std::unique_ptr<detail::SequenceNetModel> detail::make_torch_sequence_net(const NetSpec& spec,
                                                                          std::uint64_t seed) {
    return std::make_unique<TorchSequenceNet>(spec, seed);
}

}  // namespace heatloop::nn
