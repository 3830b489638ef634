#include "source/json_scan.h"

#include <cstring>

#if defined(__AVX2__) && defined(__PCLMUL__)
#include <immintrin.h>
#define OTELFLAT_SCAN_SIMD 1
#endif

namespace otelflat {
namespace {

// One byte at a time; handles everything, including escapes and top-level strings.
size_t scan_scalar(const char* buf, size_t pos, size_t end, ScanState& st, bool& complete) {
    while (pos < end) {
        char c = buf[pos];
        st.newlines += c == '\n';
        if (st.in_string) {
            if (c == '\\') {
                // May step past end: the caller resumes there with more data, and the escaped
                // byte is counted then.
                if (pos + 1 < end) st.newlines += buf[pos + 1] == '\n';
                else st.escaped_unseen = true;
                pos += 2;
                continue;
            }
            ++pos;
            if (c == '"') {
                st.in_string = false;
                if (st.depth == 0) {  // a top-level string
                    complete = true;
                    return pos;
                }
            }
            continue;
        }
        ++pos;
        switch (c) {
            case '{':
            case '[': ++st.depth; break;
            case '}':
            case ']':
                if (--st.depth <= 0) {
                    complete = true;
                    return pos;
                }
                break;
            case '"': st.in_string = true; break;
            default: break;
        }
    }
    return pos;
}

// An escape that ended a call's data skipped its second byte unread: counted once it is there.
inline void count_unseen_escape(const char* buf, size_t pos, size_t end, ScanState& st) {
    if (st.escaped_unseen && pos <= end) {
        st.escaped_unseen = false;
        st.newlines += buf[pos - 1] == '\n';
    }
}

#ifdef OTELFLAT_SCAN_SIMD
inline uint64_t eq_mask(__m256i lo, __m256i hi, char c) {
    __m256i v = _mm256_set1_epi8(c);
    uint32_t l = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(lo, v)));
    uint32_t h = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(hi, v)));
    return l | (uint64_t{h} << 32);
}

// Bit i set when an odd number of quote bits are at or below i: "inside a string".
inline uint64_t prefix_xor(uint64_t bits) {
    __m128i r = _mm_clmulepi64_si128(_mm_set_epi64x(0, static_cast<long long>(bits)), _mm_set1_epi8(-1), 0);
    return static_cast<uint64_t>(_mm_cvtsi128_si64(r));
}
#endif

}  // namespace

size_t scan_json_value(const char* buf, size_t pos, size_t end, ScanState& st, bool& complete) {
    complete = false;
    count_unseen_escape(buf, pos, end, st);
#ifdef OTELFLAT_SCAN_SIMD
    // 64 bytes at a time while inside a container. A block with a backslash goes through the
    // scalar path (escapes are rare in OTLP); so do the first byte and the tail.
    if (st.depth == 0) {
        if (pos >= end) return pos;
        pos = scan_scalar(buf, pos, pos + 1, st, complete);
        if (complete) return pos;
    }
    while (pos + 64 <= end) {
        __m256i lo = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(buf + pos));
        __m256i hi = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(buf + pos + 32));
        if (eq_mask(lo, hi, '\\')) {
            size_t block_end = pos + 64;
            pos = scan_scalar(buf, pos, block_end, st, complete);
            if (complete) return pos;
            count_unseen_escape(buf, pos, end, st);
            continue;
        }
        uint64_t inside = prefix_xor(eq_mask(lo, hi, '"')) ^ (st.in_string ? ~uint64_t{0} : 0);
        // Setting bit 0x20 maps '[' to '{' and ']' to '}', and no other byte to either.
        __m256i lo_folded = _mm256_or_si256(lo, _mm256_set1_epi8(0x20));
        __m256i hi_folded = _mm256_or_si256(hi, _mm256_set1_epi8(0x20));
        uint64_t opens = eq_mask(lo_folded, hi_folded, '{') & ~inside;
        uint64_t closes = eq_mask(lo_folded, hi_folded, '}') & ~inside;
        uint64_t newlines = eq_mask(lo, hi, '\n');
        // The value cannot end in this block while the depth exceeds its closing brackets:
        // then only the counts matter. Inside a long document that is nearly every block.
        int64_t n_closes = __builtin_popcountll(closes);
        if (st.depth > n_closes) {
            st.depth += __builtin_popcountll(opens) - n_closes;
            st.newlines += static_cast<uint64_t>(__builtin_popcountll(newlines));
        } else {
            uint64_t structural = opens | closes;
            while (structural) {
                unsigned i = static_cast<unsigned>(__builtin_ctzll(structural));
                if ((opens >> i) & 1) {
                    ++st.depth;
                } else if (--st.depth <= 0) {
                    complete = true;
                    st.newlines += static_cast<uint64_t>(__builtin_popcountll(newlines & ((uint64_t{1} << i) - 1)));
                    return pos + i + 1;
                }
                structural &= structural - 1;
            }
            st.newlines += static_cast<uint64_t>(__builtin_popcountll(newlines));
        }
        st.in_string = inside >> 63;
        pos += 64;
    }
#endif
    return scan_scalar(buf, pos, end, st, complete);
}

uint64_t count_newlines(const char* begin, const char* end) {
    uint64_t n = 0;
    const char* p = begin;
#ifdef OTELFLAT_SCAN_SIMD
    for (; end - p >= 64; p += 64) {
        __m256i lo = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
        __m256i hi = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32));
        n += static_cast<uint64_t>(__builtin_popcountll(eq_mask(lo, hi, '\n')));
    }
#endif
    for (; p < end; ++p) n += *p == '\n';
    return n;
}

size_t find_line_start_brace(const char* buf, size_t from, size_t to) {
    for (size_t i = from; i + 1 < to;) {
        const void* nl = std::memchr(buf + i, '\n', to - i - 1);
        if (!nl) return to;
        size_t k = static_cast<size_t>(static_cast<const char*>(nl) - buf);
        if (buf[k + 1] == '{') return k + 1;
        i = k + 1;
    }
    return to;
}

}  // namespace otelflat
