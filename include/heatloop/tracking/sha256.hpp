#pragma once
/// SHA-256 digests of byte strings and files (FIPS 180-4), for artifact checksums.

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

namespace heatloop::tracking {

/// Incremental SHA-256: update() any number of times, then hex_digest() once.
class Sha256 {
  public:
    Sha256();
    /// Feed more bytes.
    void update(std::span<const std::byte> data);
    /// Feed the bytes of a string.
    void update(std::string_view text);
    /// Finish and return the 64-character lowercase hex digest; the object is spent.
    std::string hex_digest();

  private:
    void compress(const std::uint8_t* block);
    std::array<std::uint32_t, 8> h_;
    std::array<std::uint8_t, 64> buffer_{};
    std::size_t buffered_ = 0;
    std::uint64_t total_bytes_ = 0;
};

/// Hex SHA-256 of a string.
std::string sha256_hex(std::string_view text);

/// Hex SHA-256 and size of a file's contents. Throws IoError naming the file when it
/// cannot be read.
struct FileDigest {
    std::string sha256;       ///< 64 lowercase hex characters
    std::uintmax_t size = 0;  ///< bytes
};
/// Digest of the file at `path`.
FileDigest sha256_file(const std::filesystem::path& path);

}  // namespace heatloop::tracking
