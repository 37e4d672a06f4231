// ThreadScope: torch's intra-op thread count, set by the libtorch module
// (src/nn/torch/threads.cpp) through its backend.
#include "heatloop/nn/sequence_net.hpp"
#include "nn/backend.hpp"

namespace heatloop::nn {

ThreadScope::ThreadScope(int threads) : previous_(detail::backend().threads()) {
    detail::backend().set_threads(threads);
}

ThreadScope::~ThreadScope() {
    detail::backend().set_threads(previous_);
}

}  // namespace heatloop::nn
