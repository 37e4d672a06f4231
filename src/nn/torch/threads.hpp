#pragma once
// torch's intra-op thread count for a scope, inside the libtorch module (what the public
// ThreadScope forwards to: nn/backend.hpp).

namespace heatloop::nn::detail {

/// Sets the intra-op thread count (at least 1) and restores the previous count on exit. The
/// first use also makes OpenBLAS, if it is torch's BLAS, compute on the calling thread.
class TorchThreads {
public:
    explicit TorchThreads(int threads);
    ~TorchThreads();
    TorchThreads(const TorchThreads&) = delete;
    TorchThreads& operator=(const TorchThreads&) = delete;

private:
    int previous_;
};

/// torch's intra-op thread count now.
int torch_threads();
/// Sets it (at least 1), OpenBLAS on the calling thread as above.
void set_torch_threads(int threads);

}  // namespace heatloop::nn::detail
