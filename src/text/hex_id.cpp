#include "text/hex_id.h"

#if defined(__SSSE3__)
#include <immintrin.h>
#endif

namespace otelflat {

void write_hex(const unsigned char* bytes, size_t n, char* out) {
    static constexpr char digits[] = "0123456789abcdef";
#if defined(__SSSE3__)
    // Sixteen bytes at a time (a fingerprint on every row): each nibble looked up in the
    // digit table by one byte shuffle, the high and low nibbles then interleaved.
    const __m128i table = _mm_loadu_si128(reinterpret_cast<const __m128i*>(digits));
    const __m128i low_nibbles = _mm_set1_epi8(0x0f);
    for (; n >= 16; n -= 16, bytes += 16, out += 32) {
        __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes));
        __m128i high = _mm_shuffle_epi8(table, _mm_and_si128(_mm_srli_epi16(v, 4), low_nibbles));
        __m128i low = _mm_shuffle_epi8(table, _mm_and_si128(v, low_nibbles));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(out), _mm_unpacklo_epi8(high, low));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 16), _mm_unpackhi_epi8(high, low));
    }
#endif
    for (size_t i = 0; i < n; ++i) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 15];
    }
}

IdStatus normalize_hex_id(std::string_view in, unsigned bytes, HexId& out) {
    out.size = 0;
    if (in.empty()) return IdStatus::ok;
    if (in.size() != 2 * bytes) return IdStatus::wrong_length;
    // No early exit and no branch per digit, so the compiler turns this into a few vector
    // operations: every span carries three ids. Setting bit 0x20 lower-cases A-F and keeps
    // digits as they are; a digit is checked on the original byte, so 0x10-0x19 stay invalid.
    unsigned bad = 0, nonzero = 0;
    for (size_t i = 0; i < in.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(in[i]);
        unsigned char lower = c | 0x20;
        bool digit = static_cast<unsigned char>(c - '0') < 10;
        bool letter = static_cast<unsigned char>(lower - 'a') < 6;
        bad |= !(digit | letter);
        nonzero |= c ^ '0';
        out.text[i] = static_cast<char>(lower);
    }
    if (bad) return IdStatus::not_hex;
    if (nonzero) out.size = static_cast<unsigned char>(in.size());
    return IdStatus::ok;
}

}  // namespace otelflat
