#pragma once
// What the neural layer's networks share (internal: included by the torch translation units
// of src/nn only): seeded initialisation, windows as tensor views, the training loop (seeded
// shuffling, Adam, gradient clipping, early stopping on the validation loss with the best
// epoch's weights kept, learning-rate halving on a plateau), prediction in batches over
// threads, and the weights as bytes.

#include <torch/torch.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <mutex>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "heatloop/core/random.hpp"
#include "heatloop/nn/sequence_net.hpp"
#include "nn/torch/threads.hpp"

namespace heatloop::nn::detail {

// Initialises weights from `seed` without leaving torch's global generator changed.
template <class Make>
auto seeded(std::uint64_t seed, Make make) {
    static std::mutex mutex;
    const std::lock_guard<std::mutex> lock(mutex);
    auto gen = at::globalContext().defaultGenerator(at::kCPU);
    const at::Tensor saved = gen.get_state();
    gen.set_current_seed(seed);
    auto out = make();
    gen.set_state(saved);
    return out;
}

// Windows of a series [T, C]: [T - window + 1, window, C] views (unfold gives [N, C, W]).
inline torch::Tensor windows(const torch::Tensor& t, std::int64_t window) {
    return t.unfold(0, window, 1).transpose(1, 2);
}

// The loop's settings (each network's options carry them).
struct LoopSettings {
    int epochs = 20;
    int patience = 4;
    double learning_rate = 3e-3;
    int batch_size = 128;
    double clip_norm = 1.0;
    std::size_t max_windows = 0;  // > 0: at most this many training windows per epoch
};

// Trains `module` on the windows `train` (reordered in place: a Fisher-Yates shuffle on `rng`
// each epoch, so the order is fixed by the seed alone). `step(refs, rng)` returns the loss of
// one batch (it may draw from rng after the shuffle); `validate()` the validation loss after
// each epoch. Stops after `patience` epochs without a better validation loss, halves the
// learning rate every 2 such epochs, and leaves the best epoch's parameters in the module
// (in eval mode). Fills report's epochs, best_epoch, best_validation_loss and losses.
template <class Ref, class Step, class Validate>
void train_epochs(torch::nn::Module& module, std::vector<Ref>& train, const LoopSettings& o,
                  Rng& rng, Step step, Validate validate, TrainReport& report) {
    module.train();
    torch::optim::Adam optimizer(module.parameters(), torch::optim::AdamOptions(o.learning_rate));
    double lr = o.learning_rate;
    report.best_validation_loss = std::numeric_limits<double>::infinity();
    std::vector<torch::Tensor> best;
    int since_best = 0;
    const auto batch_size = static_cast<std::size_t>(std::max(1, o.batch_size));
    for (int epoch = 1; epoch <= o.epochs; ++epoch) {
        for (std::size_t i = train.size(); i > 1; --i)
            std::swap(train[i - 1], train[rng.bits() % i]);
        const std::size_t n =
            o.max_windows > 0 ? std::min(o.max_windows, train.size()) : train.size();
        double sum = 0;
        std::size_t batches = 0;
        for (std::size_t b0 = 0; b0 < n; b0 += batch_size) {
            const std::span<const Ref> refs(train.data() + b0, std::min(batch_size, n - b0));
            optimizer.zero_grad();
            torch::Tensor l = step(refs, rng);
            l.backward();
            torch::nn::utils::clip_grad_norm_(module.parameters(), o.clip_norm);
            optimizer.step();
            sum += l.item<double>();
            ++batches;
        }
        report.train_loss.push_back(sum / static_cast<double>(std::max<std::size_t>(batches, 1)));
        double val = 0;
        {
            const torch::NoGradGuard no_grad;
            val = validate();
        }
        report.validation_loss.push_back(val);
        report.epochs = epoch;
        if (val < report.best_validation_loss) {
            report.best_validation_loss = val;
            report.best_epoch = epoch;
            since_best = 0;
            best.clear();
            for (const auto& p : module.parameters()) best.push_back(p.detach().clone());
            continue;
        }
        ++since_best;
        if (since_best >= o.patience) break;
        if (since_best % 2 == 0) {  // the schedule: halve the rate on a plateau
            lr *= 0.5;
            for (auto& group : optimizer.param_groups())
                static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
        }
    }
    {
        const torch::NoGradGuard no_grad;
        auto params = module.parameters();
        for (std::size_t i = 0; i < params.size() && i < best.size(); ++i) params[i].copy_(best[i]);
    }
    module.eval();
}

// The weights (and buffers) of `module` as bytes: a torch archive.
inline std::string save_module(torch::nn::Module& module) {
    torch::serialize::OutputArchive archive;
    module.save(archive);
    std::ostringstream out;
    archive.save_to(out);
    return std::move(out).str();
}

// Restores save_module()'s bytes; false (and `error` set) when they are not an archive of a
// module of this shape (an archive replaces tensors whatever their shape, so the shapes of
// every parameter and buffer are checked: load into a fresh module, keep it only on success).
inline bool load_module(torch::nn::Module& module, std::string_view bytes, std::string& error) {
    std::vector<std::vector<std::int64_t>> shapes;
    for (const auto& t : module.parameters()) shapes.push_back(t.sizes().vec());
    for (const auto& t : module.buffers()) shapes.push_back(t.sizes().vec());
    try {
        std::istringstream in{std::string(bytes)};
        torch::serialize::InputArchive archive;
        archive.load_from(in);
        module.load(archive);
        module.eval();
    } catch (const c10::Error& e) {
        error = e.what_without_backtrace();
        return false;
    }
    std::size_t i = 0;
    bool same = true;
    for (const auto& t : module.parameters()) same = same && t.sizes().vec() == shapes[i++];
    for (const auto& t : module.buffers()) same = same && t.sizes().vec() == shapes[i++];
    if (!same) error = "the tensors' shapes differ";
    return same;
}

// Calls work(b0, b1) for the batches [b0, b1) of `batch` rows that partition [first, n), dealt
// round-robin to min(threads, batches) workers: each batch holds the same rows whatever the
// thread count, so predictions do not depend on it. Each worker computes on one thread of its
// own (OpenMP's thread count is a per-thread setting) without gradients.
template <class Work>
void for_each_batch(std::int64_t first, std::int64_t n, std::int64_t batch, int threads,
                    const Work& work) {
    batch = std::max<std::int64_t>(batch, 1);
    const std::int64_t batches = n > first ? (n - first + batch - 1) / batch : 0;
    if (batches == 0) return;
    const int workers = static_cast<int>(std::clamp<std::int64_t>(threads, 1, batches));
    auto run = [&](int worker) {
        const TorchThreads one(1);
        const torch::NoGradGuard no_grad;
        std::int64_t index = 0;
        for (std::int64_t b0 = first; b0 < n; b0 += batch, ++index)
            if (index % workers == worker) work(b0, std::min(n, b0 + batch));
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < workers; ++t) pool.emplace_back(run, t);
    run(0);
    for (std::thread& t : pool) t.join();
}

}  // namespace heatloop::nn::detail
