#include "text/md5_batch.h"

#include <algorithm>
#include <cstring>

#include "text/hex_id.h"
#include "text/md5_constants.h"
#include "text/md5.h"

#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace otelflat {
namespace {

#if defined(__AVX2__)

constexpr size_t kLanes = 8;

using md5_detail::kK;

// Blocks of a message after MD5 padding (0x80, zeros, the bit length in the last 8 bytes).
size_t padded_blocks(size_t len) { return (len + 8) / 64 + 1; }

#define OTELFLAT_ROTL(x, s) _mm256_or_si256(_mm256_slli_epi32(x, s), _mm256_srli_epi32(x, 32 - (s)))
#define OTELFLAT_F(b, c, d) _mm256_xor_si256(d, _mm256_and_si256(b, _mm256_xor_si256(c, d)))
#define OTELFLAT_G(b, c, d) _mm256_xor_si256(c, _mm256_and_si256(d, _mm256_xor_si256(b, c)))
#define OTELFLAT_H(b, c, d) _mm256_xor_si256(b, _mm256_xor_si256(c, d))
#define OTELFLAT_I(b, c, d) _mm256_xor_si256(c, _mm256_or_si256(b, _mm256_xor_si256(d, ones)))
#define OTELFLAT_STEP(f, a, b, c, d, g, i, s)                                                              \
    a = _mm256_add_epi32(                                                                                  \
        b, OTELFLAT_ROTL(_mm256_add_epi32(_mm256_add_epi32(a, f(b, c, d)),                                 \
                                          _mm256_add_epi32(m[g], _mm256_set1_epi32(static_cast<int>(kK[i])))), \
                         s))

// The 64 steps on eight blocks at once; m[w] holds word w of each lane's block.
void compress8(__m256i state[4], const __m256i m[16]) {
    const __m256i ones = _mm256_set1_epi32(-1);
    __m256i a = state[0], b = state[1], c = state[2], d = state[3];
    for (int i = 0; i < 16; i += 4) {
        OTELFLAT_STEP(OTELFLAT_F, a, b, c, d, i, i, 7);
        OTELFLAT_STEP(OTELFLAT_F, d, a, b, c, i + 1, i + 1, 12);
        OTELFLAT_STEP(OTELFLAT_F, c, d, a, b, i + 2, i + 2, 17);
        OTELFLAT_STEP(OTELFLAT_F, b, c, d, a, i + 3, i + 3, 22);
    }
    for (int i = 16; i < 32; i += 4) {
        OTELFLAT_STEP(OTELFLAT_G, a, b, c, d, (5 * i + 1) & 15, i, 5);
        OTELFLAT_STEP(OTELFLAT_G, d, a, b, c, (5 * i + 6) & 15, i + 1, 9);
        OTELFLAT_STEP(OTELFLAT_G, c, d, a, b, (5 * i + 11) & 15, i + 2, 14);
        OTELFLAT_STEP(OTELFLAT_G, b, c, d, a, (5 * i + 16) & 15, i + 3, 20);
    }
    for (int i = 32; i < 48; i += 4) {
        OTELFLAT_STEP(OTELFLAT_H, a, b, c, d, (3 * i + 5) & 15, i, 4);
        OTELFLAT_STEP(OTELFLAT_H, d, a, b, c, (3 * i + 8) & 15, i + 1, 11);
        OTELFLAT_STEP(OTELFLAT_H, c, d, a, b, (3 * i + 11) & 15, i + 2, 16);
        OTELFLAT_STEP(OTELFLAT_H, b, c, d, a, (3 * i + 14) & 15, i + 3, 23);
    }
    for (int i = 48; i < 64; i += 4) {
        OTELFLAT_STEP(OTELFLAT_I, a, b, c, d, (7 * i) & 15, i, 6);
        OTELFLAT_STEP(OTELFLAT_I, d, a, b, c, (7 * i + 7) & 15, i + 1, 10);
        OTELFLAT_STEP(OTELFLAT_I, c, d, a, b, (7 * i + 14) & 15, i + 2, 15);
        OTELFLAT_STEP(OTELFLAT_I, b, c, d, a, (7 * i + 21) & 15, i + 3, 21);
    }
    state[0] = _mm256_add_epi32(state[0], a);
    state[1] = _mm256_add_epi32(state[1], b);
    state[2] = _mm256_add_epi32(state[2], c);
    state[3] = _mm256_add_epi32(state[3], d);
}

#undef OTELFLAT_STEP
#undef OTELFLAT_I
#undef OTELFLAT_H
#undef OTELFLAT_G
#undef OTELFLAT_F
#undef OTELFLAT_ROTL

// Up to eight messages; lanes past `count` hash nothing and are not written. Each message is
// padded once into its own stretch of `scratch`, and word w of every lane's block b is then
// one gather.
void hash_lanes(const char* const msg[], const size_t len[], size_t count, char* out[], std::string& scratch) {
    size_t blocks[kLanes] = {}, most = 0;
    for (size_t l = 0; l < count; ++l) most = std::max(most, blocks[l] = padded_blocks(len[l]));
    const size_t stride = most * 64;
    scratch.resize(kLanes * stride);
    for (size_t l = 0; l < kLanes; ++l) {
        unsigned char* lane = reinterpret_cast<unsigned char*>(scratch.data()) + l * stride;
        size_t n = l < count ? len[l] : 0;
        std::memcpy(lane, l < count ? msg[l] : "", n);
        lane[n] = 0x80;
        std::memset(lane + n + 1, 0, stride - n - 1);
        size_t last = l < count ? blocks[l] : 1;
        uint64_t bits = static_cast<uint64_t>(n) * 8;
        for (int i = 0; i < 8; ++i) lane[last * 64 - 8 + i] = static_cast<unsigned char>(bits >> (8 * i));
    }
    __m256i state[4] = {_mm256_set1_epi32(0x67452301), _mm256_set1_epi32(static_cast<int>(0xefcdab89)),
                        _mm256_set1_epi32(static_cast<int>(0x98badcfe)), _mm256_set1_epi32(0x10325476)};
    const __m256i lane_starts = _mm256_mullo_epi32(_mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7),
                                                   _mm256_set1_epi32(static_cast<int>(stride / 4)));
    const __m256i lane_blocks = _mm256_setr_epi32(static_cast<int>(blocks[0]), static_cast<int>(blocks[1]),
                                                  static_cast<int>(blocks[2]), static_cast<int>(blocks[3]),
                                                  static_cast<int>(blocks[4]), static_cast<int>(blocks[5]),
                                                  static_cast<int>(blocks[6]), static_cast<int>(blocks[7]));
    const int* base = reinterpret_cast<const int*>(scratch.data());
    for (size_t b = 0; b < most; ++b) {
        __m256i m[16];
        __m256i at = _mm256_add_epi32(lane_starts, _mm256_set1_epi32(static_cast<int>(b * 16)));
        for (int w = 0; w < 16; ++w) m[w] = _mm256_i32gather_epi32(base, _mm256_add_epi32(at, _mm256_set1_epi32(w)), 4);
        __m256i before[4] = {state[0], state[1], state[2], state[3]};
        compress8(state, m);
        // Lanes whose message has no block b keep their finished state.
        __m256i active = _mm256_cmpgt_epi32(lane_blocks, _mm256_set1_epi32(static_cast<int>(b)));
        for (int i = 0; i < 4; ++i) state[i] = _mm256_blendv_epi8(before[i], state[i], active);
    }
    alignas(32) uint32_t lanes[4][kLanes];
    for (int i = 0; i < 4; ++i) _mm256_store_si256(reinterpret_cast<__m256i*>(lanes[i]), state[i]);
    for (size_t l = 0; l < count; ++l) {
        unsigned char digest[16];
        for (int i = 0; i < 16; ++i) digest[i] = static_cast<unsigned char>(lanes[i / 4][l] >> (8 * (i % 4)));
        write_hex(digest, 16, out[l]);
    }
}

#endif  // __AVX2__

}  // namespace

std::string_view Md5Batch::hex_digests() {
    const size_t n = ends_.size();
    hex_.resize(32 * n);
    char* out = hex_.data();
#if defined(__AVX2__)
    for (size_t first = 0; first < n; first += kLanes) {
        const char* msg[kLanes];
        size_t len[kLanes];
        char* dst[kLanes];
        size_t count = std::min(kLanes, n - first);
        for (size_t l = 0; l < count; ++l) {
            size_t i = first + l, begin = i == 0 ? 0 : ends_[i - 1];
            msg[l] = bytes_.data() + begin;
            len[l] = ends_[i] - begin;
            dst[l] = out + 32 * i;
        }
        hash_lanes(msg, len, count, dst, scratch_);
    }
#else
    for (size_t i = 0; i < n; ++i) {
        size_t begin = i == 0 ? 0 : ends_[i - 1];
        Md5 md5;
        md5.update(std::string_view(bytes_.data() + begin, ends_[i] - begin));
        md5.hex(out + 32 * i);
    }
#endif
    return hex_;
}

}  // namespace otelflat
