// Loads the libtorch module (libheatloop_torch.so) the first time a network is made.
#include "nn/backend.hpp"

#include <dlfcn.h>
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "heatloop/core/error.hpp"

namespace heatloop::nn::detail {

namespace {

namespace fs = std::filesystem;

constexpr const char* k_module = "libheatloop_torch.so";

// Where to look, in order (duplicates dropped).
std::vector<std::string> candidates() {
    std::vector<std::string> out;
    auto add = [&](std::string path) {
        for (const std::string& p : out)
            if (p == path) return;
        out.push_back(std::move(path));
    };
    if (const char* env = std::getenv("HEATLOOP_TORCH_MODULE"); env && *env) add(env);
    Dl_info info{};
    if (dladdr(reinterpret_cast<void*>(&candidates), &info) != 0 && info.dli_fname &&
        *info.dli_fname) {
        std::error_code ec;
        const fs::path self = fs::canonical(info.dli_fname, ec);
        if (!ec) {
            add((self.parent_path() / k_module).string());
            add((self.parent_path() / "lib" / k_module).string());  // the Python package's
        }
    }
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) add((exe.parent_path() / k_module).string());
    add(k_module);
    return out;
}

const Backend* load() {
    std::vector<std::string> failures;
    for (const std::string& path : candidates()) {
        // RTLD_GLOBAL: torch's libraries (and OpenBLAS, which the module looks up by name to
        // keep it on the calling thread) become visible as if the program had linked them.
        void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL);
        if (!handle) {
            const char* why = dlerror();
            failures.push_back(why ? why : path + ": not loaded");
            continue;
        }
        using Get = const Backend* (*)();
        const auto get = reinterpret_cast<Get>(dlsym(handle, "heatloop_nn_backend"));
        const Backend* b = get ? get() : nullptr;
        if (!b) {
            failures.push_back(path + ": not heatloop's libtorch module (no heatloop_nn_backend)");
            continue;
        }
        if (b->interface != k_backend_interface || b->layout != backend_layout()) {
            failures.push_back(fmt::format(
                "{}: built from other heatloop sources (interface {}, layout {:x}; this program: "
                "{}, {:x})",
                path, b->interface, b->layout, k_backend_interface, backend_layout()));
            continue;
        }
        return b;
    }
    throw IoError(fmt::format(
        "the neural layer (libtorch) could not be loaded: {} is built beside the heatloop "
        "program and installed beside the Python extension; set HEATLOOP_TORCH_MODULE to its "
        "path if it lives elsewhere. Tried: {}",
        k_module, fmt::join(failures, "; ")));
}

}  // namespace

const Backend& backend() {
    static const Backend* const b = load();  // a failed load throws and is tried again next time
    return *b;
}

}  // namespace heatloop::nn::detail
