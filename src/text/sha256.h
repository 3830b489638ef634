#pragma once
// SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), for --hash-attr: a keyed hash that
// ClickHouse users can reproduce elsewhere (openssl dgst -sha256 -hmac, Python hmac).
#include <cstdint>
#include <string_view>

namespace otelflat {

class Sha256 {
public:
    void update(std::string_view data);
    void digest(unsigned char out[32]);  // the object is spent afterwards

private:
    void compress(const unsigned char block[64]);
    uint32_t state_[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                          0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    unsigned char block_[64];
    size_t filled_ = 0;
    uint64_t length_ = 0;
};

// HMAC-SHA256 with a key prepared once (the padded inner and outer key states), since the
// same key hashes every value of a run.
class HmacSha256 {
public:
    explicit HmacSha256(std::string_view key);
    void mac(std::string_view message, unsigned char out[32]) const;

private:
    Sha256 inner_, outer_;  // states after absorbing key^ipad and key^opad
};

}  // namespace otelflat
