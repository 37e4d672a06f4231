#include "heatloop/core/sha256.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "heatloop/core/error.hpp"

using namespace heatloop;

TEST(Sha256, KnownVectors) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    Sha256 h;
    h.update("a");
    h.update("bc");
    EXPECT_EQ(h.hex(), sha256_hex("abc"));
}

TEST(Sha256, File) {
    auto p = std::filesystem::temp_directory_path() / "heatloop_sha256_test.txt";
    std::ofstream(p) << "abc";
    FileDigest d = sha256_file(p);
    EXPECT_EQ(d.size, 3u);
    EXPECT_EQ(d.sha256, sha256_hex("abc"));
    std::filesystem::remove(p);
    EXPECT_THROW(sha256_file(p), NotFoundError);
}
