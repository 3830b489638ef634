#include <catch2/catch.hpp>

#include <charconv>
#include <cctype>
#include <cmath>
#include <cstring>
#include <random>
#include <limits>
#include <string>

#include "text/double_text.h"

using otelflat::append_double;

static std::string render(double x) {
    std::string s;
    append_double(s, x);
    return s;
}

TEST_CASE("doubles render as the collector's AsString (otlp-json.md 5.2 table)", "[text]") {
    CHECK(render(1.0) == "1");
    CHECK(render(-0.0) == "-0");
    CHECK(render(0.0) == "0");
    CHECK(render(0.1) == "0.1");
    CHECK(render(0.1 + 0.2) == "0.30000000000000004");
    CHECK(render(1.0 / 3) == "0.3333333333333333");
    CHECK(render(123456789.0) == "123456789");
    CHECK(render(-2.5) == "-2.5");
    CHECK(render(9007199254740993.0) == "9007199254740992");
    CHECK(render(0.000123) == "0.000123");
    CHECK(render(std::ldexp(1.0, 60)) == "1152921504606847000");
    CHECK(render(1e-6) == "0.000001");
    CHECK(render(1e-7) == "1e-7");
    CHECK(render(1.5e-7) == "1.5e-7");
    CHECK(render(1e-10) == "1e-10");
    CHECK(render(5e-324) == "5e-324");
    CHECK(render(1e20) == "100000000000000000000");
    CHECK(render(1e21) == "1e+21");
    CHECK(render(1.2345e22) == "1.2345e+22");
    CHECK(render(1.7976931348623157e308) == "1.7976931348623157e+308");
    CHECK(render(123456789012345678901.0) == "123456789012345680000");
    CHECK(render(-1e-7) == "-1e-7");
}

TEST_CASE("integral doubles below 2^53 print as the integer itself", "[text]") {
    CHECK(render(-123.0) == "-123");
    CHECK(render(1e15) == "1000000000000000");
    CHECK(render(9007199254740991.0) == "9007199254740991");  // 2^53 - 1: the fast path's last
    CHECK(render(-9007199254740991.0) == "-9007199254740991");
    CHECK(render(1e16) == "10000000000000000");               // past it: the general layout
    CHECK(render(4503599627370495.5) == "4503599627370495.5");  // not integral
}

TEST_CASE("non-finite doubles use the collector's names", "[text]") {
    CHECK(render(std::numeric_limits<double>::quiet_NaN()) == "NaN");
    CHECK(render(std::numeric_limits<double>::infinity()) == "Infinity");
    CHECK(render(-std::numeric_limits<double>::infinity()) == "-Infinity");
}

// The ECMAScript layout built independently from the shortest scientific digits: an oracle
// for the fixed-notation shortcut taken for 1e-6 <= |x| < 2^53.
static std::string plain_layout(double x) {
    char sci[64];
    char* end = std::to_chars(sci, sci + sizeof sci, x, std::chars_format::scientific).ptr;
    std::string s(sci, end), digits, out;
    size_t e = s.find('e');
    int exponent = std::stoi(s.substr(e + 1));
    for (size_t i = 0; i < e; ++i)
        if (std::isdigit(static_cast<unsigned char>(s[i]))) digits += s[i];
    if (x < 0) out += '-';
    int point = exponent + 1;
    if (point <= 0) return out + "0." + std::string(-point, '0') + digits;
    if (point >= static_cast<int>(digits.size())) return out + digits + std::string(point - digits.size(), '0');
    return out + digits.substr(0, point) + "." + digits.substr(point);
}

TEST_CASE("doubles between 1e-6 and 2^53 match the plain layout of their shortest digits", "[text]") {
    std::mt19937_64 rng(7);
    int checked = 0;
    for (int i = 0; i < 300000; ++i) {
        uint64_t bits = rng();
        double candidates[] = {0, std::ldexp(static_cast<double>(rng() >> 11), static_cast<int>(rng() % 120) - 70),
                               static_cast<double>(rng() % 100000000) / std::pow(10, static_cast<int>(rng() % 12)),
                               -static_cast<double>(rng() % 1000000) / 1000.0,
                               // decimals of 13 to 17 digits at every scale: both sides of the
                               // 15-digit fast path in write_double
                               static_cast<double>(rng() % 100000000000000000ull) / std::pow(10, static_cast<int>(rng() % 23)),
                               static_cast<double>(rng() % 1000000000000000ull) / std::pow(10, static_cast<int>(rng() % 23)),
                               -static_cast<double>(rng() % 10000000000000ull) / std::pow(10, static_cast<int>(rng() % 23))};
        std::memcpy(&candidates[0], &bits, sizeof bits);
        for (double x : candidates) {
            double a = std::fabs(x);
            if (!(a >= 1e-6 && a < 9007199254740992.0)) continue;
            ++checked;
            std::string got = render(x);
            if (got != plain_layout(x)) FAIL("x=" << std::hexfloat << x << ": " << got << " vs " << plain_layout(x));
        }
    }
    for (double x : {1e-6, 1.5e-6, 0.1, 0.5, 0.9999999999999999, 99.99999999999999, 999999999999999.9,
                     999999999999999.0 + 0.5, 123456789012345.6, 0.123456789012345, 1e-6 * 1.000000000000001}) {
        ++checked;
        CHECK(render(x) == plain_layout(x));
        CHECK(render(-x) == plain_layout(-x));
    }
    CHECK(checked > 1000000);
}

TEST_CASE("doubles next to powers of ten and exponential bucket bounds match the plain layout", "[text]") {
    // The fixed-notation paths pick their scale from the binary exponent: values a few ulps
    // either side of d * 10^j are where an estimate of the decimal magnitude can be off by one.
    // Exponential histogram bounds (2^(i / 2^scale)) need 16 or 17 digits: the exact path.
    int checked = 0;
    for (int j = -6; j <= 15; ++j) {
        for (int d = 1; d <= 9; ++d) {
            double x = d * std::pow(10.0, j);
            for (int i = 0; i < 40; ++i) x = std::nextafter(x, 0.0);
            for (int i = 0; i < 80; ++i, x = std::nextafter(x, 1e300)) {
                if (!(x >= 1e-6 && x < 9007199254740992.0)) continue;
                ++checked;
                if (render(x) != plain_layout(x)) FAIL("x=" << std::hexfloat << x << ": " << render(x) << " vs " << plain_layout(x));
                if (render(-x) != plain_layout(-x)) FAIL("x=" << std::hexfloat << -x << ": " << render(-x));
            }
        }
    }
    for (int scale = 0; scale <= 8; ++scale) {
        for (int i = -160; i <= 160; ++i) {
            double x = std::exp2(i / std::ldexp(1.0, scale));
            if (!(x >= 1e-6 && x < 9007199254740992.0)) continue;
            ++checked;
            if (render(x) != plain_layout(x)) FAIL("x=" << std::hexfloat << x << ": " << render(x) << " vs " << plain_layout(x));
        }
    }
    CHECK(render(std::exp2(0.25)) == "1.189207115002721");
    CHECK(render(0.1 + 0.2) == "0.30000000000000004");
    CHECK(checked > 15000);
}
