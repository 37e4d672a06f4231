// torch's thread count, and OpenBLAS kept on the calling thread.
#include "nn/torch/threads.hpp"

#include <ATen/Parallel.h>
#include <dlfcn.h>

#include <algorithm>
#include <mutex>

namespace heatloop::nn::detail {

namespace {

// torch hands its matrix products to the BLAS, which on Debian's libtorch is OpenBLAS with its
// own pthread pool: it follows neither at::set_num_threads nor the run's thread count, so a
// "1 thread" fit or score multiplied on every core and, on a busy machine, waited for the
// second core at each product (bench/README.md, "Neural layer against PyTorch eager"). The
// layer's parallelism is torch's intra-op threads and predict_masked's workers, so OpenBLAS
// runs each product on the calling thread, set once for the process (OpenBLAS serves torch
// alone here). Looked up at run time: with another BLAS there is nothing to set. SequenceNet's
// weights and predictions came out bit for bit as with OpenBLAS's own pool (1 and 2 threads).
// (The module is loaded RTLD_GLOBAL, so its libraries are in the default scope.)
void blas_on_calling_thread() {
    static std::once_flag once;
    std::call_once(once, [] {
        using SetThreads = void (*)(int);
        if (void* f = dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))
            reinterpret_cast<SetThreads>(f)(1);
    });
}

}  // namespace

int torch_threads() {
    return at::get_num_threads();
}

void set_torch_threads(int threads) {
    blas_on_calling_thread();
    at::set_num_threads(std::max(1, threads));
}

TorchThreads::TorchThreads(int threads) : previous_(torch_threads()) {
    set_torch_threads(threads);
}

TorchThreads::~TorchThreads() {
    at::set_num_threads(previous_);
}

}  // namespace heatloop::nn::detail
