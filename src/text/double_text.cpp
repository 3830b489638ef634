#include "text/double_text.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "text/exact_pow10.h"
#include "text/int_text.h"

namespace otelflat {

bool is_non_finite(double x) { return !std::isfinite(x); }

namespace {

char* put(char* p, const char* s, size_t n) {
    std::memcpy(p, s, n);
    return p + n;
}

// Eight '0' characters: a word of digit characters XOR this has a zero byte for each '0', so
// its leading and trailing '0's are its low and high zero bytes (the first character is the
// lowest byte).
constexpr uint64_t kZeroChars = 0x3030303030303030ULL;

// m * 10^-k (m < 10^17, 1 <= k <= 22) in fixed notation, trailing zeros dropped. Written by
// fixed-size copies that may run past the text's end (kMaxDoubleText allows for them).
char* put_fixed_digits(char* p, uint64_t m, int k) {
    uint64_t words[3] = {eight_digits(static_cast<uint32_t>(m / 10000000000000000ULL)),
                         eight_digits(static_cast<uint32_t>(m / 100000000 % 100000000)),
                         eight_digits(static_cast<uint32_t>(m % 100000000))};
    char buf[48];
    std::memcpy(buf, words, 24);
    // m > 0, so one of the words has a digit that is not '0'.
    int lead = 0, trail = 0;
    for (int i = 0; i < 3; ++i) {
        uint64_t w = words[i] ^ kZeroChars;
        if (w != 0) {
            lead += __builtin_ctzll(w) / 8;
            break;
        }
        lead += 8;
    }
    for (int i = 2; i >= 0; --i) {
        uint64_t w = words[i] ^ kZeroChars;
        if (w != 0) {
            trail += __builtin_clzll(w) / 8;
            break;
        }
        trail += 8;
    }
    if (trail > k) trail = k;
    const char* digits = buf + lead;
    int n = 24 - lead - trail;
    k -= trail;
    if (k == 0) {
        std::memcpy(p, digits, 24);
        return p + n;
    }
    if (n <= k) {  // below 1: "0.", the zeros before the digits, the digits
        std::memcpy(p, "0.0000000000000000000000", 24);
        std::memcpy(p + 2 + (k - n), digits, 24);
        return p + 2 + k;
    }
    std::memcpy(p, digits, 24);
    p[n - k] = '.';
    std::memcpy(p + (n - k) + 1, digits + (n - k), 24);
    return p + n + 1;
}

// m * 10^-k for 10^13 <= m < 10^15 and 1 <= k <= 22, as write_short_fixed finds them, in fixed
// notation with trailing zeros dropped: the same text as put_fixed_digits. Its sixteen digit
// characters are laid out in one 128-bit value (no store read back at an offset) and stored
// once, or after the zeros of "0.000..." for a value below 1.
char* put_short_fixed_digits(char* p, uint64_t m, int k) {
    const uint64_t high = eight_digits(static_cast<uint32_t>(m / 100000000));
    const uint64_t low = eight_digits(static_cast<uint32_t>(m % 100000000));
    const int lead = m < 100000000000000ULL ? 2 : 1;  // 14 or 15 digits in the sixteen
    const uint64_t low_digits = low ^ kZeroChars;
    int trail = low_digits ? __builtin_clzll(low_digits) / 8 : 8 + __builtin_clzll(high ^ kZeroChars) / 8;
    if (trail > k) trail = k;
    const int n = 16 - lead - trail, fraction = k - trail;  // n digits, `fraction` of them after the point
    using u128 = unsigned __int128;
    const u128 digits = ((static_cast<u128>(low) << 64) | high) >> (8 * lead);  // the first digit lowest
    const int whole = n - fraction;
    if (fraction == 0 || whole > 0) {
        u128 text = digits;
        if (fraction != 0) {  // 1 <= whole <= 14: the point after the whole digits
            const u128 below = (static_cast<u128>(1) << (8 * whole)) - 1;
            text = (digits & below) | (static_cast<u128>('.') << (8 * whole)) | ((digits & ~below) << 8);
        }
        std::memcpy(p, &text, sizeof text);
        return p + n + (fraction != 0);
    }
    std::memcpy(p, "0.0000000000000000000000", 24);  // below 1: "0.", -whole zeros, the digits
    std::memcpy(p + 2 - whole, &digits, sizeof digits);
    return p + 2 + fraction;
}

// The finest scale 10^-k at which a (1e-6 <= a < 1e15) has at most 15 digits: a * 10^k < 10^15.
// Its decimal magnitude 10^d <= a < 10^(d+1) comes from the binary exponent (floor(e log10 2)
// is e * 78913 >> 18) and one comparison, not a loop over the powers of ten.
int scale_of_15_digits(double a) {
    uint64_t bits;
    std::memcpy(&bits, &a, sizeof bits);
    int e = static_cast<int>(bits >> 52) - 1023;  // 2^e <= a < 2^(e+1)
    int d = (e * 78913) >> 18;                    // 10^d <= a < 10^(d+2)
    if (d + 1 >= 0 ? a >= kExactPow10[d + 1] : a * kExactPow10[-(d + 1)] >= 1) ++d;
    int k = 14 - d;
    if (a * kExactPow10[k] >= 1e15) --k;
    return k;
}

// The shortest round-trip digits of a (1e-6 <= a < 1e15, not an integer) in fixed notation,
// when they are at most 15 significant digits (every gauge, sum and bound an exporter writes
// from a short decimal), at scale 10^-k (scale_of_15_digits). At that scale two 15-digit
// decimals lie more than four ulps of `a` apart, and a * 10^k is within 0.25 of the one that
// reads back as `a`, so rounding it finds the only candidate, and with its zeros dropped it is
// the shortest one; one exact division (both operands below 2^53 and 10^22) checks that it
// reads back. Otherwise returns nullptr.
char* write_short_fixed(char* p, double a, int k) {
    double rounded = std::nearbyint(a * kExactPow10[k]);
    if (rounded >= 1e15 || rounded / kExactPow10[k] != a) return nullptr;
    return put_short_fixed_digits(p, static_cast<uint64_t>(rounded), k);
}

using uint128 = unsigned __int128;

constexpr uint128 pow10_128(int k) { return k == 0 ? 1 : 10 * pow10_128(k - 1); }
constexpr uint128 kPow10_128[] = {
    pow10_128(0),  pow10_128(1),  pow10_128(2),  pow10_128(3),  pow10_128(4),  pow10_128(5),
    pow10_128(6),  pow10_128(7),  pow10_128(8),  pow10_128(9),  pow10_128(10), pow10_128(11),
    pow10_128(12), pow10_128(13), pow10_128(14), pow10_128(15), pow10_128(16), pow10_128(17),
    pow10_128(18), pow10_128(19), pow10_128(20), pow10_128(21), pow10_128(22)};

// The same for 16 and 17 significant digits (a measured or computed value: 0.1 + 0.2, a
// duration in seconds, an exponential bucket's bound), where the shortest-digits search cost
// more than the rest of a row, in exact integer arithmetic. With a = m 2^-s, a 10^k is
// m 10^k / 2^s (below 2^127 for k <= 22); rounded, it is the nearest n-digit decimal N, which
// reads back as `a` when within half an ulp: |N 2^s - m 10^k| < 10^k / 2. The first length of
// 16 and 17 for which it does is the shortest (15 or fewer were ruled out above), and N the
// nearest of that length, as the general path would choose. Left to that path: a power-of-two
// mantissa (its lower neighbour is closer), an exact tie, a scale past 10^22.
char* write_long_fixed(char* p, double a, int k15) {
    uint64_t bits;
    std::memcpy(&bits, &a, sizeof bits);
    uint64_t m = (bits & ((uint64_t{1} << 52) - 1)) | (uint64_t{1} << 52);
    int s = 1075 - static_cast<int>(bits >> 52);  // a = m 2^-s; a < 1e15 < 2^52 gives s > 0
    if (m == uint64_t{1} << 52 || s <= 0 || s > 100) return nullptr;
    for (int n = 16; n <= 17; ++n) {
        int k = k15 + (n - 15);
        if (k > 22) return nullptr;
        uint128 scaled = static_cast<uint128>(m) * kPow10_128[k];
        uint128 q = scaled >> s, rest = scaled - (q << s), half = static_cast<uint128>(1) << (s - 1);
        if (rest == half) return nullptr;
        uint128 distance = rest;
        if (rest > half) {
            ++q;
            distance = (static_cast<uint128>(1) << s) - rest;
        }
        if (q < kPow10_128[n - 1] || q >= kPow10_128[n]) return nullptr;
        if (2 * distance < kPow10_128[k]) return put_fixed_digits(p, static_cast<uint64_t>(q), k);
    }
    return nullptr;
}

}  // namespace

char* write_double(char* p, double x) {
    if (std::isnan(x)) return put(p, "NaN", 3);
    if (std::isinf(x)) return x > 0 ? put(p, "Infinity", 8) : put(p, "-Infinity", 9);
    if (x == 0) return std::signbit(x) ? put(p, "-0", 2) : put(p, "0", 1);
    // Integers below 2^53 (counts, sums, most gauges): their shortest round-trip digits are
    // the integer itself, so the layout below would give exactly this.
    double a = std::fabs(x);
    if (a < 9007199254740992.0 && x == static_cast<double>(static_cast<int64_t>(x)))
        return write_int(p, static_cast<int64_t>(x));
    if (a >= 1e-6 && a < 1e15) {  // most values: found without the shortest-digits search
        char* q = p;
        if (x < 0) *q++ = '-';
        int k = scale_of_15_digits(a);
        if (char* end = write_short_fixed(q, a, k)) return end;
        if (char* end = write_long_fixed(q, a, k)) return end;
    }
    // Below 2^53 the integer part is exact, and the shortest round-trip digits in fixed
    // notation are the layout below (checked on 31 million random doubles): one call
    // instead of scientific digits laid out again.
    if (a >= 1e-6 && a < 9007199254740992.0)
        return std::to_chars(p, p + kMaxDoubleText, x, std::chars_format::fixed).ptr;

    // Shortest round-trip digits in scientific form: "-d.ddde+XX".
    char sci[64];
    auto res = std::to_chars(sci, sci + sizeof sci, x, std::chars_format::scientific);
    const char* s = sci;
    const char* end = res.ptr;
    bool negative = *s == '-';
    if (negative) ++s;
    char digits[32];
    int ndigits = 0;
    const char* e = s;
    for (; e < end && *e != 'e'; ++e)
        if (*e != '.') digits[ndigits++] = *e;
    int exponent = 0;
    std::from_chars(e + 1 + (e[1] == '+' ? 1 : 0), end, exponent);

    if (negative) *p++ = '-';
    if (a < 1e-6 || a >= 1e21) {
        *p++ = digits[0];
        if (ndigits > 1) {
            *p++ = '.';
            p = put(p, digits + 1, ndigits - 1);
        }
        *p++ = 'e';
        *p++ = exponent < 0 ? '-' : '+';
        int mag = exponent < 0 ? -exponent : exponent;
        return write_int(p, mag);  // "e-07" is never produced: no zero padding
    }
    // Plain decimal layout of the same digits: value = 0.d1d2... * 10^(exponent+1).
    int point = exponent + 1;  // digits before the decimal point
    if (point <= 0) {
        p = put(p, "0.", 2);
        std::memset(p, '0', static_cast<size_t>(-point));
        p += -point;
        return put(p, digits, ndigits);
    }
    if (point >= ndigits) {
        p = put(p, digits, ndigits);
        std::memset(p, '0', static_cast<size_t>(point - ndigits));
        return p + (point - ndigits);
    }
    p = put(p, digits, point);
    *p++ = '.';
    return put(p, digits + point, ndigits - point);
}

void append_double(std::string& out, double x) {
    char buf[kMaxDoubleText];
    out.append(buf, write_double(buf, x));
}

}  // namespace otelflat
