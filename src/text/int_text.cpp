#include "text/int_text.h"

#include <cstring>

namespace otelflat {
namespace {

char* put_eight(char* p, uint32_t v) {
    uint64_t w = eight_digits(v);
    std::memcpy(p, &w, sizeof w);
    return p + 8;
}

// The text of each v < kSmallListed and a comma, as write_uint_listed stores it.
constexpr std::array<uint64_t, int_text::kSmallListed> listed_text() {
    std::array<uint64_t, int_text::kSmallListed> table{};
    for (uint32_t v = 0; v < int_text::kSmallListed; ++v) {
        const uint32_t n = v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : 4;
        uint64_t w = static_cast<uint64_t>(',') << (8 * n);
        for (uint32_t x = v, i = n; i-- > 0; x /= 10) w |= static_cast<uint64_t>('0' + x % 10) << (8 * i);
        table[v] = w | static_cast<uint64_t>(n + 1) << 56;
    }
    return table;
}

}  // namespace

// Built by the compiler: constant data, no start-up work.
const std::array<uint64_t, int_text::kSmallListed> int_text::kListedText = listed_text();

// 9 to 20 digits as two or three groups of eight: the first group written without its
// leading zeros, the others whole.
char* int_text::write_wide_uint(char* p, uint64_t v) {
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
