#pragma once
/// SHA-256 of files: the content hash that makes re-ingesting a file idempotent.

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace heatloop::io {

/// Incremental SHA-256 (FIPS 180-4).
class Sha256 {
public:
    Sha256();
    /// Adds bytes.
    void update(const void* data, std::size_t size);
    /// The digest as 64 lower-case hex digits; the object must not be updated afterwards.
    std::string hex();

private:
    void block(const unsigned char* p);
    std::array<std::uint32_t, 8> h_;
    std::array<unsigned char, 64> buf_{};
    std::size_t used_ = 0;
    std::uint64_t bytes_ = 0;
};

/// SHA-256 of `data` in hex.
std::string sha256_hex(std::string_view data);

/// SHA-256 of a file's bytes in hex. Throws NotFoundError when it does not exist, IoError
/// when it cannot be read.
std::string sha256_file(const std::filesystem::path& file);

}  // namespace heatloop::io
