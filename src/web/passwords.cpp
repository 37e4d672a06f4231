#include "heatloop/web/passwords.hpp"

#include <sodium.h>

#include <mutex>
#include <vector>

#include "heatloop/core/error.hpp"

namespace heatloop::web {

namespace {

void init_sodium() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (sodium_init() < 0) throw InternalError("libsodium could not be initialised");
    });
}

}  // namespace

std::string hash_password(std::string_view password) {
    init_sodium();
    if (password.empty()) throw InvalidInputError("password: must not be empty");
    char out[crypto_pwhash_STRBYTES];
    // The interactive limits (2 passes, 64 MiB): about 0.1-0.3 s per sign-in on one core.
    if (crypto_pwhash_str_alg(
            out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw InternalError("password hashing ran out of memory");
    return std::string(out);
}

bool verify_password(std::string_view password, const std::string& hash) {
    init_sodium();
    if (hash.size() >= crypto_pwhash_STRBYTES || hash.rfind("$argon2id$", 0) != 0) return false;
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string random_token(std::size_t bytes) {
    init_sodium();
    std::vector<unsigned char> raw(bytes);
    randombytes_buf(raw.data(), raw.size());
    std::string hex(bytes * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), raw.data(), raw.size());
    hex.pop_back();
    return hex;
}

std::string random_password() {
    init_sodium();
    static constexpr std::string_view k_alphabet =
        "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    std::string out;
    for (int i = 0; i < 20; ++i)
        out += k_alphabet[randombytes_uniform(static_cast<std::uint32_t>(k_alphabet.size()))];
    return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

}  // namespace heatloop::web
