// SHA-256 against the FIPS 180-4 test vectors.
#include "io/ingest_hash.hpp"

#include <gtest/gtest.h>

#include "heatloop/core/error.hpp"
#include "workspace_test_util.hpp"

using namespace heatloop;
using namespace heatloop::io;

TEST(IngestHash, KnownVectors) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(IngestHash, IncrementalEqualsOneShotAndFiles) {
    const std::string million(1'000'000, 'a');
    Sha256 h;
    for (std::size_t i = 0; i < million.size(); i += 997)
        h.update(million.data() + i, std::min<std::size_t>(997, million.size() - i));
    const std::string expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
    EXPECT_EQ(h.hex(), expected);
    wstest::TempDir dir;
    EXPECT_EQ(sha256_file(dir.write("a.txt", million)), expected);
    EXPECT_THROW(sha256_file(dir / "missing"), NotFoundError);
}
