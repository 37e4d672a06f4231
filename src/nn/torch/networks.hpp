#pragma once
// The torch modules behind SequenceNet (internal: included by sequence_net.cpp only, the one
// translation unit that pays for <torch/torch.h>). Both map a window [B, W, F] to the
// channels' values at its last step [B, C].

#include <torch/torch.h>

#include <vector>

#include "heatloop/nn/sequence_net.hpp"

namespace heatloop::nn::detail {

// Inputs per step: C values (0 where hidden), C visibility flags, K covariates.
inline int input_features(const NetSpec& s) {
    return 2 * s.channels + s.covariates;
}

// The TCN's blocks: the fewest whose receptive field 1 + 2 (k - 1) (2^L - 1) covers the window.
inline int tcn_blocks(const NetSpec& s) {
    int blocks = 1;
    while (1 + 2 * (s.kernel - 1) * ((1 << blocks) - 1) < s.window && blocks < 12) ++blocks;
    return blocks;
}

struct LstmNetImpl : torch::nn::Module {
    explicit LstmNetImpl(const NetSpec& s)
        : lstm(register_module("lstm",
                               torch::nn::LSTM(torch::nn::LSTMOptions(input_features(s), s.hidden)
                                                   .num_layers(s.layers)
                                                   .batch_first(true)))),
          head(register_module("head", torch::nn::Linear(s.hidden, s.channels))) {}
    torch::Tensor forward(const torch::Tensor& x) {
        const torch::Tensor out = std::get<0>(lstm->forward(x));  // [B, W, H]
        return head->forward(out.select(1, out.size(1) - 1));
    }
    torch::nn::LSTM lstm;
    torch::nn::Linear head;
};
TORCH_MODULE(LstmNet);

// Two causal dilated convolutions with a residual connection (Bai et al. 2018, no dropout).
struct TcnBlockImpl : torch::nn::Module {
    TcnBlockImpl(int in, int out, int kernel, int dilation)
        : pad((kernel - 1) * dilation),
          conv1(register_module(
              "conv1",
              torch::nn::Conv1d(torch::nn::Conv1dOptions(in, out, kernel).dilation(dilation)))),
          conv2(register_module(
              "conv2",
              torch::nn::Conv1d(torch::nn::Conv1dOptions(out, out, kernel).dilation(dilation)))) {
        if (in != out)
            skip = register_module("skip", torch::nn::Conv1d(torch::nn::Conv1dOptions(in, out, 1)));
    }
    torch::Tensor forward(const torch::Tensor& x) {  // [B, F, W]
        namespace F = torch::nn::functional;
        torch::Tensor h = torch::relu(conv1->forward(F::pad(x, F::PadFuncOptions({pad, 0}))));
        h = torch::relu(conv2->forward(F::pad(h, F::PadFuncOptions({pad, 0}))));
        return torch::relu(h + (skip ? skip->forward(x) : x));
    }
    std::int64_t pad;
    torch::nn::Conv1d conv1, conv2;
    torch::nn::Conv1d skip{nullptr};
};
TORCH_MODULE(TcnBlock);

struct TcnNetImpl : torch::nn::Module {
    explicit TcnNetImpl(const NetSpec& s) {
        int in = input_features(s);
        const int blocks = tcn_blocks(s);
        for (int b = 0; b < blocks; ++b) {
            layers.push_back(register_module("block" + std::to_string(b),
                                             TcnBlock(in, s.hidden, s.kernel, 1 << b)));
            in = s.hidden;
        }
        head = register_module("head", torch::nn::Linear(s.hidden, s.channels));
    }
    torch::Tensor forward(const torch::Tensor& x) {  // [B, W, F]
        torch::Tensor h = x.transpose(1, 2);
        for (auto& block : layers) h = block->forward(h);
        return head->forward(h.select(2, h.size(2) - 1));
    }
    std::vector<TcnBlock> layers;
    torch::nn::Linear head{nullptr};
};
TORCH_MODULE(TcnNet);

}  // namespace heatloop::nn::detail
