#include "text/sha256.h"

#include <algorithm>
#include <cstring>

namespace otelflat {
namespace {

constexpr uint32_t kRound[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

inline uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

}  // namespace

void Sha256::compress(const unsigned char b[64]) {
    uint32_t w[64];
    for (int i = 0; i < 16; ++i)
        w[i] = uint32_t(b[4 * i]) << 24 | uint32_t(b[4 * i + 1]) << 16 | uint32_t(b[4 * i + 2]) << 8 | b[4 * i + 3];
    for (int i = 16; i < 64; ++i) {
        uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = state_[0], b1 = state_[1], c = state_[2], d = state_[3], e = state_[4], f = state_[5],
             g = state_[6], h = state_[7];
    for (int i = 0; i < 64; ++i) {
        uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + kRound[i] + w[i];
        uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b1) ^ (a & c) ^ (b1 & c));
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b1;
        b1 = a;
        a = t1 + t2;
    }
    state_[0] += a;
    state_[1] += b1;
    state_[2] += c;
    state_[3] += d;
    state_[4] += e;
    state_[5] += f;
    state_[6] += g;
    state_[7] += h;
}

void Sha256::update(std::string_view data) {
    const auto* p = reinterpret_cast<const unsigned char*>(data.data());
    size_t n = data.size();
    length_ += n;
    if (filled_ > 0) {
        size_t take = std::min(n, sizeof block_ - filled_);
        std::memcpy(block_ + filled_, p, take);
        filled_ += take;
        p += take;
        n -= take;
        if (filled_ < sizeof block_) return;
        compress(block_);
        filled_ = 0;
    }
    for (; n >= 64; p += 64, n -= 64) compress(p);
    std::memcpy(block_, p, n);
    filled_ = n;
}

void Sha256::digest(unsigned char out[32]) {
    uint64_t bits = length_ * 8;
    static const unsigned char kPad[64] = {0x80};
    update(std::string_view(reinterpret_cast<const char*>(kPad), filled_ < 56 ? 56 - filled_ : 120 - filled_));
    unsigned char len[8];
    for (int i = 0; i < 8; ++i) len[i] = static_cast<unsigned char>(bits >> (56 - 8 * i));
    update(std::string_view(reinterpret_cast<const char*>(len), 8));
    for (int i = 0; i < 8; ++i)
        for (int k = 0; k < 4; ++k) out[4 * i + k] = static_cast<unsigned char>(state_[i] >> (24 - 8 * k));
}

HmacSha256::HmacSha256(std::string_view key) {
    unsigned char k[64] = {};
    if (key.size() > 64) {
        Sha256 h;
        h.update(key);
        h.digest(k);
    } else {
        std::memcpy(k, key.data(), key.size());
    }
    unsigned char ipad[64], opad[64];
    for (int i = 0; i < 64; ++i) {
        ipad[i] = k[i] ^ 0x36;
        opad[i] = k[i] ^ 0x5c;
    }
    inner_.update(std::string_view(reinterpret_cast<const char*>(ipad), 64));
    outer_.update(std::string_view(reinterpret_cast<const char*>(opad), 64));
}

void HmacSha256::mac(std::string_view message, unsigned char out[32]) const {
    Sha256 inner = inner_;
    inner.update(message);
    unsigned char inner_digest[32];
    inner.digest(inner_digest);
    Sha256 outer = outer_;
    outer.update(std::string_view(reinterpret_cast<const char*>(inner_digest), 32));
    outer.digest(out);
}

}  // namespace otelflat
