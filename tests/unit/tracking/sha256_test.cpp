#include "heatloop/tracking/sha256.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "heatloop/core/error.hpp"

using namespace heatloop;
using namespace heatloop::tracking;

TEST(Sha256, KnownVectors) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, IncrementalEqualsOneShotAcrossBlockBoundaries) {
    std::string text(1000, '\0');
    for (std::size_t i = 0; i < text.size(); ++i) text[i] = static_cast<char>(i * 7 + 3);
    const std::string expected = sha256_hex(text);
    for (std::size_t chunk : {1u, 3u, 55u, 56u, 63u, 64u, 65u, 999u}) {
        Sha256 h;
        for (std::size_t pos = 0; pos < text.size(); pos += chunk)
            h.update(std::string_view(text).substr(pos, chunk));
        EXPECT_EQ(h.hex_digest(), expected) << "chunk " << chunk;
    }
    // One million 'a' (FIPS 180-2 test vector).
    Sha256 h;
    std::string a(1000, 'a');
    for (int i = 0; i < 1000; ++i) h.update(a);
    EXPECT_EQ(h.hex_digest(), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, FileDigestAndSize) {
    auto path = std::filesystem::temp_directory_path() / "heatloop_sha256_test.bin";
    {
        std::ofstream out(path, std::ios::binary);
        out << "abc";
    }
    auto d = sha256_file(path);
    EXPECT_EQ(d.size, 3u);
    EXPECT_EQ(d.sha256, sha256_hex("abc"));
    std::filesystem::remove(path);
    EXPECT_THROW(sha256_file(path), IoError);
}
