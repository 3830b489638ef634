#include "text/md5.h"

#include "text/hex_id.h"
#include "text/md5_constants.h"

#include <cstdint>
#include <algorithm>
#include <cstring>

namespace otelflat {
namespace {

using md5_detail::kK;

inline uint32_t rotl(uint32_t x, int c) { return (x << c) | (x >> (32 - c)); }

// The 64 steps written out round by round (RFC 1321 §3.4): the fingerprint columns hash every
// row, and the unrolled form avoids a branch and an index computation per step.
#define OTELFLAT_MD5_STEP(f, a, b, c, d, x, k, s) a = b + rotl(a + f(b, c, d) + x + k, s)
#define OTELFLAT_MD5_F(b, c, d) (d ^ (b & (c ^ d)))
#define OTELFLAT_MD5_G(b, c, d) (c ^ (d & (b ^ c)))
#define OTELFLAT_MD5_H(b, c, d) (b ^ c ^ d)
#define OTELFLAT_MD5_I(b, c, d) (c ^ (b | ~d))

void compress(uint32_t state[4], const unsigned char block[64]) {
    uint32_t m[16];
    for (int i = 0; i < 16; ++i)
        m[i] = uint32_t{block[i * 4]} | (uint32_t{block[i * 4 + 1]} << 8) |
               (uint32_t{block[i * 4 + 2]} << 16) | (uint32_t{block[i * 4 + 3]} << 24);
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    for (int i = 0; i < 16; i += 4) {
        OTELFLAT_MD5_STEP(OTELFLAT_MD5_F, a, b, c, d, m[i], kK[i], 7);
        OTELFLAT_MD5_STEP(OTELFLAT_MD5_F, d, a, b, c, m[i + 1], kK[i + 1], 12);
        OTELFLAT_MD5_STEP(OTELFLAT_MD5_F, c, d, a, b, m[i + 2], kK[i + 2], 17);
        OTELFLAT_MD5_STEP(OTELFLAT_MD5_F, b, c, d, a, m[i + 3], kK[i + 3], 22);
    }
    for (int i = 16; i < 32; i += 4) {
        OTELFLAT_MD5_STEP(OTELFLAT_MD5_G, a, b, c, d, m[(5 * i + 1) & 15], kK[i], 5);
        OTELFLAT_MD5_STEP(OTELFLAT_MD5_G, d, a, b, c, m[(5 * i + 6) & 15], kK[i + 1], 9);
        OTELFLAT_MD5_STEP(OTELFLAT_MD5_G, c, d, a, b, m[(5 * i + 11) & 15], kK[i + 2], 14);
        OTELFLAT_MD5_STEP(OTELFLAT_MD5_G, b, c, d, a, m[(5 * i + 16) & 15], kK[i + 3], 20);
    }
    for (int i = 32; i < 48; i += 4) {
        OTELFLAT_MD5_STEP(OTELFLAT_MD5_H, a, b, c, d, m[(3 * i + 5) & 15], kK[i], 4);
        OTELFLAT_MD5_STEP(OTELFLAT_MD5_H, d, a, b, c, m[(3 * i + 8) & 15], kK[i + 1], 11);
        OTELFLAT_MD5_STEP(OTELFLAT_MD5_H, c, d, a, b, m[(3 * i + 11) & 15], kK[i + 2], 16);
        OTELFLAT_MD5_STEP(OTELFLAT_MD5_H, b, c, d, a, m[(3 * i + 14) & 15], kK[i + 3], 23);
    }
    for (int i = 48; i < 64; i += 4) {
        OTELFLAT_MD5_STEP(OTELFLAT_MD5_I, a, b, c, d, m[(7 * i) & 15], kK[i], 6);
        OTELFLAT_MD5_STEP(OTELFLAT_MD5_I, d, a, b, c, m[(7 * i + 7) & 15], kK[i + 1], 10);
        OTELFLAT_MD5_STEP(OTELFLAT_MD5_I, c, d, a, b, m[(7 * i + 14) & 15], kK[i + 2], 15);
        OTELFLAT_MD5_STEP(OTELFLAT_MD5_I, b, c, d, a, m[(7 * i + 21) & 15], kK[i + 3], 21);
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
}

#undef OTELFLAT_MD5_STEP
#undef OTELFLAT_MD5_F
#undef OTELFLAT_MD5_G
#undef OTELFLAT_MD5_H
#undef OTELFLAT_MD5_I

}  // namespace

void Md5::update(std::string_view data) {
    length_ += data.size();
    const auto* p = reinterpret_cast<const unsigned char*>(data.data());
    size_t n = data.size();
    if (filled_ > 0) {  // top up the pending block first
        size_t take = std::min(n, 64 - filled_);
        std::memcpy(block_ + filled_, p, take);
        filled_ += take;
        p += take;
        n -= take;
        if (filled_ < 64) return;
        compress(state_, block_);
        filled_ = 0;
    }
    for (; n >= 64; p += 64, n -= 64) compress(state_, p);  // whole blocks straight from the input
    std::memcpy(block_, p, n);
    filled_ = n;
}

void Md5::hex(char out[32]) {
    uint64_t bits = length_ * 8;
    block_[filled_++] = 0x80;
    if (filled_ > 56) {
        std::memset(block_ + filled_, 0, 64 - filled_);
        compress(state_, block_);
        filled_ = 0;
    }
    std::memset(block_ + filled_, 0, 56 - filled_);
    for (int i = 0; i < 8; ++i) block_[56 + i] = static_cast<unsigned char>(bits >> (8 * i));
    compress(state_, block_);
    unsigned char digest[16];
    for (int i = 0; i < 16; ++i) digest[i] = static_cast<unsigned char>(state_[i / 4] >> (8 * (i % 4)));
    write_hex(digest, 16, out);
}

void md5_hex(std::string_view a, std::string_view b, char out[32]) {
    Md5 m;
    m.update(a);
    m.update(b);
    m.hex(out);
}

}  // namespace otelflat
