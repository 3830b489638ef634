#include "text/double_text.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace otelflat {

bool is_non_finite(double x) { return !std::isfinite(x); }

void append_double(std::string& out, double x) {
    if (std::isnan(x)) { out += "NaN"; return; }
    if (std::isinf(x)) { out += x > 0 ? "Infinity" : "-Infinity"; return; }
    if (x == 0) { out += std::signbit(x) ? "-0" : "0"; return; }
    // Integers below 2^53 (counts, sums, most gauges): their shortest round-trip digits are
    // the integer itself, so the layout below would give exactly this.
    if (std::fabs(x) < 9007199254740992.0 && x == static_cast<double>(static_cast<int64_t>(x))) {
        char buf[24];
        auto r = std::to_chars(buf, buf + sizeof buf, static_cast<int64_t>(x));
        out.append(buf, r.ptr);
        return;
    }

    // Shortest round-trip digits in scientific form: "-d.ddde+XX".
    char sci[64];
    auto res = std::to_chars(sci, sci + sizeof sci, x, std::chars_format::scientific);
    const char* p = sci;
    const char* end = res.ptr;
    bool negative = *p == '-';
    if (negative) ++p;
    char digits[32];
    int ndigits = 0;
    const char* e = p;
    for (; e < end && *e != 'e'; ++e)
        if (*e != '.') digits[ndigits++] = *e;
    int exponent = 0;
    std::from_chars(e + 1 + (e[1] == '+' ? 1 : 0), end, exponent);

    double a = std::fabs(x);
    if (negative) out += '-';
    if (a < 1e-6 || a >= 1e21) {
        out += digits[0];
        if (ndigits > 1) {
            out += '.';
            out.append(digits + 1, ndigits - 1);
        }
        out += 'e';
        out += exponent < 0 ? '-' : '+';
        int mag = exponent < 0 ? -exponent : exponent;
        char ebuf[8];
        auto er = std::to_chars(ebuf, ebuf + sizeof ebuf, mag);
        out.append(ebuf, er.ptr);  // "e-07" is never produced: no zero padding
        return;
    }
    // Plain decimal layout of the same digits: value = 0.d1d2... * 10^(exponent+1).
    int point = exponent + 1;  // digits before the decimal point
    if (point <= 0) {
        out += "0.";
        out.append(static_cast<size_t>(-point), '0');
        out.append(digits, ndigits);
    } else if (point >= ndigits) {
        out.append(digits, ndigits);
        out.append(static_cast<size_t>(point - ndigits), '0');
    } else {
        out.append(digits, point);
        out += '.';
        out.append(digits + point, ndigits - point);
    }
}

}  // namespace otelflat
