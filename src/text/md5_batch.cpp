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

// Two groups of eight lanes: one MD5 step depends on the one before, so a single group
// leaves the core waiting on each step's latency; a second, independent group fills it.
constexpr size_t kGroups = 2, kGroupLanes = 8, kLanes = kGroups * kGroupLanes;

using md5_detail::kK;

// Blocks of a message after MD5 padding (0x80, zeros, the bit length in the last 8 bytes).
size_t padded_blocks(size_t len) { return (len + 8) / 64 + 1; }
// Messages of more blocks are sorted as if they had this many.
constexpr size_t kMaxSortedBlocks = 15;

#define OTELFLAT_ROTL(x, s) _mm256_or_si256(_mm256_slli_epi32(x, s), _mm256_srli_epi32(x, 32 - (s)))
#define OTELFLAT_F(b, c, d) _mm256_xor_si256(d, _mm256_and_si256(b, _mm256_xor_si256(c, d)))
#define OTELFLAT_G(b, c, d) _mm256_xor_si256(c, _mm256_and_si256(d, _mm256_xor_si256(b, c)))
#define OTELFLAT_H(b, c, d) _mm256_xor_si256(b, _mm256_xor_si256(c, d))
#define OTELFLAT_I(b, c, d) _mm256_xor_si256(c, _mm256_or_si256(b, _mm256_xor_si256(d, ones)))
#define OTELFLAT_STEP1(f, a, b, c, d, w, i, s)                                                             \
    a = _mm256_add_epi32(                                                                                  \
        b, OTELFLAT_ROTL(_mm256_add_epi32(_mm256_add_epi32(a, f(b, c, d)),                                 \
                                          _mm256_add_epi32(w, _mm256_set1_epi32(static_cast<int>(kK[i])))), \
                         s))
// The same step in both groups.
#define OTELFLAT_STEP(f, a, b, c, d, g, i, s)                    \
    OTELFLAT_STEP1(f, a[0], b[0], c[0], d[0], m[0][g], i, s);    \
    OTELFLAT_STEP1(f, a[1], b[1], c[1], d[1], m[1][g], i, s)

// The 64 steps on sixteen blocks at once; m[group][w] holds word w of each lane's block.
void compress(__m256i state[kGroups][4], const __m256i m[kGroups][16]) {
    const __m256i ones = _mm256_set1_epi32(-1);
    __m256i a[kGroups], b[kGroups], c[kGroups], d[kGroups];
    for (size_t g = 0; g < kGroups; ++g) {
        a[g] = state[g][0];
        b[g] = state[g][1];
        c[g] = state[g][2];
        d[g] = state[g][3];
    }
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
    for (size_t g = 0; g < kGroups; ++g) {
        state[g][0] = _mm256_add_epi32(state[g][0], a[g]);
        state[g][1] = _mm256_add_epi32(state[g][1], b[g]);
        state[g][2] = _mm256_add_epi32(state[g][2], c[g]);
        state[g][3] = _mm256_add_epi32(state[g][3], d[g]);
    }
}

#undef OTELFLAT_STEP
#undef OTELFLAT_STEP1
#undef OTELFLAT_I
#undef OTELFLAT_H
#undef OTELFLAT_G
#undef OTELFLAT_F
#undef OTELFLAT_ROTL

// Eight rows of eight 32-bit words (one lane's half block each) turned into eight vectors of
// one word of every lane: three rounds of shuffles, far cheaper than a gather per word.
void transpose8(const __m256i r[8], __m256i out[8]) {
    __m256i t[8], u[8];
    for (int i = 0; i < 4; ++i) {
        t[2 * i] = _mm256_unpacklo_epi32(r[2 * i], r[2 * i + 1]);      // words 0,1 | 4,5 of two rows
        t[2 * i + 1] = _mm256_unpackhi_epi32(r[2 * i], r[2 * i + 1]);  // words 2,3 | 6,7
    }
    for (int h = 0; h < 2; ++h) {  // rows 0-3, then 4-7
        __m256i* x = t + 4 * h;
        u[4 * h + 0] = _mm256_unpacklo_epi64(x[0], x[2]);  // word 0 | 4 of four rows
        u[4 * h + 1] = _mm256_unpackhi_epi64(x[0], x[2]);  // word 1 | 5
        u[4 * h + 2] = _mm256_unpacklo_epi64(x[1], x[3]);  // word 2 | 6
        u[4 * h + 3] = _mm256_unpackhi_epi64(x[1], x[3]);  // word 3 | 7
    }
    for (int w = 0; w < 4; ++w) {
        out[w] = _mm256_permute2x128_si256(u[w], u[4 + w], 0x20);
        out[w + 4] = _mm256_permute2x128_si256(u[w], u[4 + w], 0x31);
    }
}

// Up to sixteen messages; lanes past `count` hash nothing and are not written. Each message
// is padded once into its own stretch of `scratch`, and the words of every lane's block b in
// a group are then loaded a half block per lane and transposed.
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
        std::memcpy(lane + last * 64 - 8, &bits, sizeof bits);  // x86: little-endian, as MD5 wants
    }
    __m256i state[kGroups][4], lane_blocks[kGroups];
    for (size_t g = 0; g < kGroups; ++g) {
        state[g][0] = _mm256_set1_epi32(0x67452301);
        state[g][1] = _mm256_set1_epi32(static_cast<int>(0xefcdab89));
        state[g][2] = _mm256_set1_epi32(static_cast<int>(0x98badcfe));
        state[g][3] = _mm256_set1_epi32(0x10325476);
        const size_t* gb = blocks + g * kGroupLanes;
        lane_blocks[g] = _mm256_setr_epi32(static_cast<int>(gb[0]), static_cast<int>(gb[1]), static_cast<int>(gb[2]),
                                           static_cast<int>(gb[3]), static_cast<int>(gb[4]), static_cast<int>(gb[5]),
                                           static_cast<int>(gb[6]), static_cast<int>(gb[7]));
    }
    for (size_t b = 0; b < most; ++b) {
        __m256i m[kGroups][16], before[kGroups][4];
        for (size_t g = 0; g < kGroups; ++g) {
            const char* block = scratch.data() + g * kGroupLanes * stride + b * 64;
            for (int half = 0; half < 2; ++half) {
                __m256i rows[kGroupLanes];
                for (size_t l = 0; l < kGroupLanes; ++l)
                    rows[l] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(block + l * stride + 32 * half));
                transpose8(rows, m[g] + 8 * half);
            }
            for (int i = 0; i < 4; ++i) before[g][i] = state[g][i];
        }
        compress(state, m);
        // Lanes whose message has no block b keep their finished state.
        for (size_t g = 0; g < kGroups; ++g) {
            __m256i active = _mm256_cmpgt_epi32(lane_blocks[g], _mm256_set1_epi32(static_cast<int>(b)));
            for (int i = 0; i < 4; ++i) state[g][i] = _mm256_blendv_epi8(before[g][i], state[g][i], active);
        }
    }
    alignas(32) uint32_t lanes[kGroups][4][kGroupLanes];
    for (size_t g = 0; g < kGroups; ++g)
        for (int i = 0; i < 4; ++i) _mm256_store_si256(reinterpret_cast<__m256i*>(lanes[g][i]), state[g][i]);
    for (size_t l = 0; l < count; ++l) {
        unsigned char digest[16];
        const size_t g = l / kGroupLanes, lane = l % kGroupLanes;
        for (int i = 0; i < 4; ++i) std::memcpy(digest + 4 * i, &lanes[g][i][lane], 4);  // x86: little-endian words
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
    // Sixteen lanes hash as many blocks as the longest of their messages: messages are taken
    // in order of their block count (a stable sort), so that lanes of a group finish together
    // instead of idling behind one long message. Fingerprint messages range from 2 to 4
    // blocks, by the attributes they carry.
    order_.resize(n);
    size_t counts[kMaxSortedBlocks + 1] = {};
    auto blocks_of = [&](size_t i) {
        return std::min(padded_blocks(ends_[i] - (i == 0 ? 0 : ends_[i - 1])), kMaxSortedBlocks);
    };
    for (size_t i = 0; i < n; ++i) ++counts[blocks_of(i)];
    for (size_t b = 0, at = 0; b <= kMaxSortedBlocks; ++b) {  // counts become first positions
        size_t count = counts[b];
        counts[b] = at;
        at += count;
    }
    for (size_t i = 0; i < n; ++i) order_[counts[blocks_of(i)]++] = i;
    for (size_t first = 0; first < n; first += kLanes) {
        const char* msg[kLanes];
        size_t len[kLanes];
        char* dst[kLanes];
        size_t count = std::min(kLanes, n - first);
        for (size_t l = 0; l < count; ++l) {
            size_t i = order_[first + l], begin = i == 0 ? 0 : ends_[i - 1];
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
