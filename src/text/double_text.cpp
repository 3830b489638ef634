#include "text/double_text.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "text/exact_pow10.h"

namespace otelflat {

bool is_non_finite(double x) { return !std::isfinite(x); }

namespace {

char* put(char* p, const char* s, size_t n) {
    std::memcpy(p, s, n);
    return p + n;
}

// The shortest round-trip digits of a (1e-6 <= a < 1e15, not an integer) in fixed notation,
// when they are at most 15 significant digits (every gauge, sum and bound an exporter writes
// from a short decimal): the digits at the finest scale 10^-k with a * 10^k < 10^15, trailing
// zeros dropped. At that scale two 15-digit decimals lie more than four ulps of `a` apart, and
// a * 10^k is within 0.25 of the one that reads back as `a`, so rounding it finds the only
// candidate, and with its zeros dropped it is the shortest one; one exact division
// (both operands below 2^53 and 10^22) checks that it reads back. Otherwise returns nullptr
// and the general shortest-digits path runs.
char* write_short_fixed(char* p, double a) {
    int k = 15;  // a < 10^d gives k = 15 - d
    for (int d = 0; d < 15 && a >= kExactPow10[d]; ++d) --k;
    for (double x = a; x < 0.1 && k < 22; x *= 10) ++k;  // below 1: more fraction digits fit
    double scaled = a * kExactPow10[k];
    if (scaled >= 1e15) scaled = a * kExactPow10[--k];
    double rounded = std::nearbyint(scaled);
    if (rounded >= 1e15 || rounded / kExactPow10[k] != a) return nullptr;
    uint64_t m = static_cast<uint64_t>(rounded);
    // Trailing zeros (at most 15) come off eight, four, two and one at a time.
    auto drop = [&](uint64_t tens, int n) {
        if (k < n || m % tens != 0) return false;
        m /= tens;
        k -= n;
        return true;
    };
    while (drop(100000000, 8)) {}
    drop(10000, 4);
    drop(100, 2);
    drop(10, 1);
    char digits[24];
    char* end = std::to_chars(digits, digits + sizeof digits, m).ptr;
    int n = static_cast<int>(end - digits);
    if (n <= k) {  // below 1: "0." and the zeros before the digits
        p = put(p, "0.", 2);
        std::memset(p, '0', static_cast<size_t>(k - n));
        return put(p + (k - n), digits, static_cast<size_t>(n));
    }
    p = put(p, digits, static_cast<size_t>(n - k));
    *p++ = '.';
    return put(p, digits + (n - k), static_cast<size_t>(k));
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
        return std::to_chars(p, p + kMaxDoubleText, static_cast<int64_t>(x)).ptr;
    if (a >= 1e-6 && a < 1e15) {  // most values: found without the shortest-digits search
        char* q = p;
        if (x < 0) *q++ = '-';
        if (char* end = write_short_fixed(q, a)) return end;
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
        return std::to_chars(p, p + 8, mag).ptr;  // "e-07" is never produced: no zero padding
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
