#include <catch2/catch.hpp>

#include <charconv>
#include <cstdint>
#include <limits>
#include <random>
#include <string>

#include "text/int_text.h"

namespace {

std::string expected(int64_t v) {
    char buf[32];
    return std::string(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

std::string expected(uint64_t v) {
    char buf[32];
    return std::string(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

// Writes into a buffer filled with '#', so the stores past the end stay within kMaxIntText.
template <typename T>
std::string written(T v) {
    char buf[otelflat::kMaxIntText + 8];
    std::fill(buf, buf + sizeof buf, '#');
    char* end;
    if constexpr (std::is_signed_v<T>) end = otelflat::write_int(buf, v);
    else end = otelflat::write_uint(buf, v);
    for (size_t i = otelflat::kMaxIntText; i < sizeof buf; ++i) REQUIRE(buf[i] == '#');
    return std::string(buf, end);
}

}  // namespace

TEST_CASE("integers are written as std::to_chars writes them", "[text]") {
    CHECK(written(int64_t{0}) == "0");
    CHECK(written(int64_t{7}) == "7");
    CHECK(written(int64_t{-7}) == "-7");
    CHECK(written(std::numeric_limits<int64_t>::min()) == "-9223372036854775808");
    CHECK(written(std::numeric_limits<int64_t>::max()) == "9223372036854775807");
    CHECK(written(std::numeric_limits<uint64_t>::max()) == "18446744073709551615");
    CHECK(written(int64_t{1767228334223803178}) == "1767228334223803178");
    // Every digit count, at both ends of its range and the powers of ten around it.
    uint64_t p = 1;
    for (int digits = 1; digits <= 20; ++digits) {
        for (uint64_t v : {p, p - 1, p + 1, p * 9 + (p - 1)}) {
            CHECK(written(v) == expected(v));
            if (v <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
                CHECK(written(static_cast<int64_t>(v)) == expected(static_cast<int64_t>(v)));
                CHECK(written(-static_cast<int64_t>(v)) == expected(-static_cast<int64_t>(v)));
            }
        }
        if (digits < 20) p *= 10;
    }
    std::mt19937_64 rng(7);
    for (int i = 0; i < 200000; ++i) {
        uint64_t v = rng() >> (rng() % 64);  // every magnitude
        REQUIRE(written(v) == expected(v));
        REQUIRE(written(static_cast<int64_t>(v)) == expected(static_cast<int64_t>(v)));
    }
}

TEST_CASE("LastIntText gives each integer's text, whether it repeats the one before or not", "[text]") {
    otelflat::LastIntText text;
    // Zero first (the state before any call must not pass for a kept 0), repeats, changes back
    // and forth, and lengths that shrink and grow.
    for (int64_t v : {int64_t{0}, int64_t{0}, int64_t{7}, int64_t{7}, int64_t{-7}, int64_t{1767228334223803},
                      int64_t{1767228334223803}, int64_t{5}, std::numeric_limits<int64_t>::min(), int64_t{0}})
        CHECK(text.of(v) == expected(v));
    std::mt19937_64 rng(11);
    int64_t v = 0;
    for (int i = 0; i < 100000; ++i) {
        if (rng() % 3 == 0) v = static_cast<int64_t>(rng() >> (rng() % 64));
        REQUIRE(text.of(v) == expected(v));
    }
}

TEST_CASE("a listed integer is its text and a comma, from the table or formatted", "[text]") {
    auto listed = [](uint64_t v) {
        char buf[otelflat::kMaxIntText + 9];
        std::fill(buf, buf + sizeof buf, '#');
        char* end = otelflat::write_uint_listed(buf, v);
        for (size_t i = otelflat::kMaxIntText + 1; i < sizeof buf; ++i) REQUIRE(buf[i] == '#');
        return std::string(buf, end);
    };
    // Every table entry, and the formatted values past its end.
    for (uint64_t v = 0; v < otelflat::int_text::kSmallListed + 100; ++v) REQUIRE(listed(v) == expected(v) + ",");
    CHECK(listed(std::numeric_limits<uint64_t>::max()) == "18446744073709551615,");
    CHECK(listed(123456789) == "123456789,");
    // One after another, as an array's elements are written: each overwrites the bytes past
    // the one before.
    char buf[64];
    char* p = buf;
    for (uint64_t v : {4000u, 0u, 3u, 10u, 250u, 12345u, 1u}) p = otelflat::write_uint_listed(p, v);
    CHECK(std::string(buf, p) == "4000,0,3,10,250,12345,1,");
}
