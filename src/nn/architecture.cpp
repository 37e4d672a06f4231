// Names of the architectures (SequenceNet's and SequenceRegressor's) and the scoped thread
// count: torch-free except for ATen's small parallel header.
#include <ATen/Parallel.h>
#include <dlfcn.h>
#include <fmt/format.h>

#include <algorithm>
#include <mutex>

#include "heatloop/core/error.hpp"
#include "heatloop/nn/sequence_net.hpp"
#include "heatloop/nn/sequence_regressor.hpp"

namespace heatloop::nn {

std::string_view architecture_name(Architecture a) noexcept {
    return a == Architecture::lstm ? "lstm" : "tcn";
}

Architecture parse_architecture(std::string_view name) {
    if (name == "lstm") return Architecture::lstm;
    if (name == "tcn") return Architecture::tcn;
    throw InvalidInputError(fmt::format("unknown architecture '{}' (valid: lstm, tcn)", name));
}

std::string_view regressor_architecture_name(RegressorArchitecture a) noexcept {
    return a == RegressorArchitecture::lstm ? "lstm" : "bilstm_attention";
}

RegressorArchitecture parse_regressor_architecture(std::string_view name) {
    if (name == "lstm") return RegressorArchitecture::lstm;
    if (name == "bilstm_attention") return RegressorArchitecture::bilstm_attention;
    throw InvalidInputError(
        fmt::format("unknown architecture '{}' (valid: lstm, bilstm_attention)", name));
}

namespace {

// torch hands its matrix products to the BLAS, which on Debian's libtorch is OpenBLAS with its
// own pthread pool: it follows neither at::set_num_threads nor the run's thread count, so a
// "1 thread" fit or score multiplied on every core and, on a busy machine, waited for the
// second core at each product (bench/README.md, "Neural layer against PyTorch eager"). The
// layer's parallelism is torch's intra-op threads and predict_masked's workers, so OpenBLAS
// runs each product on the calling thread, set once for the process (OpenBLAS serves torch
// alone here). Looked up at run time: with another BLAS there is nothing to set. SequenceNet's
// weights and predictions came out bit for bit as with OpenBLAS's own pool (1 and 2 threads).
void blas_on_calling_thread() {
    static std::once_flag once;
    std::call_once(once, [] {
        using SetThreads = void (*)(int);
        if (void* f = dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))
            reinterpret_cast<SetThreads>(f)(1);
    });
}

}  // namespace

ThreadScope::ThreadScope(int threads) : previous_(at::get_num_threads()) {
    blas_on_calling_thread();
    at::set_num_threads(std::max(1, threads));
}

ThreadScope::~ThreadScope() {
    at::set_num_threads(previous_);
}

}  // namespace heatloop::nn
