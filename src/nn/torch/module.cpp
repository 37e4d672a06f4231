// The libtorch module's one exported symbol: its factories and thread setting (nn/backend.hpp).
#include "nn/backend.hpp"
#include "nn/torch/factories.hpp"
#include "nn/torch/threads.hpp"

extern "C" __attribute__((visibility("default"))) const heatloop::nn::detail::Backend*
heatloop_nn_backend() {
    using namespace heatloop::nn::detail;
    static const Backend backend{
        .interface = k_backend_interface,
        .layout = backend_layout(),
        .sequence_net = make_torch_sequence_net,
        .sequence_regressor = make_torch_sequence_regressor,
        .seq2point = make_torch_seq2point,
        .profile_classifier = make_torch_profile_classifier,
        .threads = torch_threads,
        .set_threads = set_torch_threads,
    };
    return &backend;
}
