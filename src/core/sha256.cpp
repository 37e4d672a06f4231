#include "heatloop/core/sha256.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "heatloop/core/error.hpp"

namespace heatloop {

struct Sha256::Ctx {
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    ~Ctx() { EVP_MD_CTX_free(md); }
};

Sha256::Sha256() : ctx_(std::make_unique<Ctx>()) {
    if (!ctx_->md || EVP_DigestInit_ex(ctx_->md, EVP_sha256(), nullptr) != 1)
        throw InternalError("SHA-256: OpenSSL digest initialisation failed");
}

Sha256::~Sha256() = default;

void Sha256::update(const void* data, std::size_t size) {
    if (size > 0) EVP_DigestUpdate(ctx_->md, data, size);
}

std::string Sha256::hex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx_->md, digest, &len);
    std::string out;
    out.reserve(2 * len);
    for (unsigned int i = 0; i < len; ++i) out += fmt::format("{:02x}", digest[i]);
    return out;
}

std::string sha256_hex(std::string_view data) {
    Sha256 h;
    h.update(data);
    return h.hex();
}

FileDigest sha256_file(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw NotFoundError(fmt::format("{}: no such file", path.string()));
    std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!f) throw IoError(fmt::format("{}: cannot open: {}", path.string(), std::strerror(errno)));
    Sha256 h;
    FileDigest out;
    std::vector<char> buf(1 << 20);
    while (size_t n = std::fread(buf.data(), 1, buf.size(), f.get())) {
        h.update(buf.data(), n);
        out.size += n;
    }
    if (std::ferror(f.get()))
        throw IoError(fmt::format("{}: read failed: {}", path.string(), std::strerror(errno)));
    out.sha256 = h.hex();
    return out;
}

}  // namespace heatloop
