#pragma once
#include <cstdint>
#include <string_view>

namespace otelflat {

// MD5 (RFC 1321), fed piece by piece, on the stack: fingerprints call it once per row.
class Md5 {
public:
    void update(std::string_view data);
    // Writes the digest as 32 lower-case hex characters; the object is spent afterwards.
    void hex(char out[32]);

private:
    uint32_t state_[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
    unsigned char block_[64];
    size_t filled_ = 0;
    uint64_t length_ = 0;
};

// MD5 of the concatenation a + b, as 32 lower-case hex characters.
void md5_hex(std::string_view a, std::string_view b, char out[32]);

}  // namespace otelflat
