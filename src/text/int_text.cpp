#include "text/int_text.h"

#include <cstring>

namespace otelflat {
namespace {

// The last n (1..8) of v's eight digits (v < 10^8), stored as one eight-byte word.
char* put_last_digits(char* p, uint32_t v, int n) {
    uint64_t w = eight_digits(v) >> (8 * (8 - n));  // memory order: the first digit is the lowest byte
    std::memcpy(p, &w, sizeof w);
    return p + n;
}

char* put_eight(char* p, uint32_t v) {
    uint64_t w = eight_digits(v);
    std::memcpy(p, &w, sizeof w);
    return p + 8;
}

// Digits of v < 10^8, at least one: v | 1 has as many digits as v (it never reaches the next
// power of ten, which is even), and is not 0, whose leading-zero count is undefined.
int digit_count(uint32_t v) {
    static constexpr uint32_t kPow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};
    v |= 1;
    int bits = 32 - __builtin_clz(v);
    int n = (bits * 1233) >> 12;  // floor(log10(2^bits)), within one of the count
    return n + (v >= kPow10[n]);
}

}  // namespace

// Up to 20 digits as at most three groups of eight: the first group written without its
// leading zeros, the others whole. Values below 10^8 (counts, flags) take the first branch
// only, whatever their length: a branch of its own for one digit was mispredicted for every
// other bucket count.
char* write_uint(char* p, uint64_t v) {
    if (v < 100000000) return put_last_digits(p, static_cast<uint32_t>(v), digit_count(static_cast<uint32_t>(v)));
    uint32_t low = static_cast<uint32_t>(v % 100000000);
    uint64_t high = v / 100000000;
    if (high < 100000000) {
        p = put_last_digits(p, static_cast<uint32_t>(high), digit_count(static_cast<uint32_t>(high)));
    } else {
        uint32_t top = static_cast<uint32_t>(high / 100000000);  // at most 1844
        p = put_last_digits(p, top, digit_count(top));
        p = put_eight(p, static_cast<uint32_t>(high % 100000000));
    }
    return put_eight(p, low);
}

char* write_int(char* p, int64_t v) {
    if (v >= 0) return write_uint(p, static_cast<uint64_t>(v));
    *p = '-';
    return write_uint(p + 1, ~static_cast<uint64_t>(v) + 1);  // |INT64_MIN| as unsigned
}

}  // namespace otelflat
