#pragma once
/// SHA-256 digests (OpenSSL) of bytes and files: content hashes for idempotent ingest,
/// dataset fingerprints and artifact checksums.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace heatloop {

/// Incremental SHA-256: update() any number of times, then hex() once.
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    /// Feed bytes.
    void update(const void* data, std::size_t size);
    /// Feed the bytes of a string.
    void update(std::string_view text) { update(text.data(), text.size()); }
    /// Finish and return the 64-character lowercase hex digest; the object is spent.
    std::string hex();

private:
    struct Ctx;
    std::unique_ptr<Ctx> ctx_;
};

/// Hex SHA-256 of a string.
std::string sha256_hex(std::string_view data);

/// Digest and size of a file's contents.
struct FileDigest {
    std::string sha256;       ///< 64 lowercase hex characters
    std::uintmax_t size = 0;  ///< bytes
};

/// Digest of the file at `path`. Throws NotFoundError when it does not exist, IoError when
/// it cannot be read.
FileDigest sha256_file(const std::filesystem::path& path);

}  // namespace heatloop
