#pragma once
// Decimal text of integers, shared by every integer otelflat writes as text: JSONEachRow
// numbers, fingerprint fields, attribute values, and the digits and exponents of doubles.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace otelflat {

// The eight decimal digits of v < 10^8, zero-padded, as eight characters in memory order,
// computed in the lanes of one 64-bit word: two halves of four digits, each split into two of
// two, each into two of one (x / 100 as x * 10486 >> 20 for x < 10^4, y / 10 as y * 103 >> 10
// for y < 100). No loop and no division: a loop over digit pairs cost more than the rest of
// a double's formatting.
inline uint64_t eight_digits(uint32_t v) {
    uint64_t fours = (static_cast<uint64_t>(v % 10000) << 32) | (v / 10000);
    uint64_t hundreds = ((fours * 10486) >> 20) & 0x0000007F0000007FULL;
    uint64_t twos = ((fours - hundreds * 100) << 16) | hundreds;
    uint64_t tens = ((twos * 103) >> 10) & 0x000F000F000F000FULL;
    uint64_t ones = ((twos - tens * 10) << 8) | tens;
    return ones + 0x3030303030303030ULL;
}

// The text is at most 20 bytes ("-9223372036854775808"), but up to kMaxIntText bytes at p may
// be written: digits are stored eight at a time, past the end.
constexpr size_t kMaxIntText = 24;
namespace int_text {

// The last n (1..8) of v's eight digits (v < 10^8), stored as one eight-byte word.
inline char* put_last_digits(char* p, uint32_t v, int n) {
    uint64_t w = eight_digits(v) >> (8 * (8 - n));  // memory order: the first digit is the lowest byte
    std::memcpy(p, &w, sizeof w);
    return p + n;
}

// Digits of v < 10^8, at least one: v | 1 has as many digits as v (it never reaches the next
// power of ten, which is even), and is not 0, whose leading-zero count is undefined.
inline int digit_count(uint32_t v) {
    static constexpr uint32_t kPow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};
    v |= 1;
    int bits = 32 - __builtin_clz(v);
    int n = (bits * 1233) >> 12;  // floor(log10(2^bits)), within one of the count
    return n + (v >= kPow10[n]);
}

char* write_wide_uint(char* p, uint64_t v);  // v >= 10^8

}  // namespace int_text

// Writes the decimal text of v at p and returns its end. Values below 10^8 (counts, flags,
// bucket counts: most of the integers written) inline, whatever their length (a branch of
// their own for one digit was mispredicted for every other bucket count); the call they made
// cost as much as their digits.
inline char* write_uint(char* p, uint64_t v) {
    if (v < 100000000) {
        const auto small = static_cast<uint32_t>(v);
        return int_text::put_last_digits(p, small, int_text::digit_count(small));
    }
    return int_text::write_wide_uint(p, v);
}
char* write_int(char* p, int64_t v);

namespace int_text {
// For v < kSmallListed: v's text followed by a comma in the low bytes, the text's length plus
// one in the top byte.
constexpr uint32_t kSmallListed = 10000;
extern const std::array<uint64_t, kSmallListed> kListedText;
}  // namespace int_text

// Writes v's text and a comma at p (up to kMaxIntText + 1 bytes) and returns their end: an
// element of a JSON array of counts. Bucket counts, most of a histogram's numbers, are nearly
// all below 10^4: those are looked up, one load and one store (a fraction of formatting them),
// the table's first lines holding the commonest, below 100.
inline char* write_uint_listed(char* p, uint64_t v) {
    if (v < int_text::kSmallListed) {
        const uint64_t w = int_text::kListedText[v];
        std::memcpy(p, &w, sizeof w);
        return p + (w >> 56);
    }
    p = write_uint(p, v);
    *p = ',';
    return p + 1;
}

// The decimal text of an integer, kept from the call before: for a field whose value mostly
// repeats the row before's (a metric's points share their start time, a scrape's points their
// time), the text is then copied, not formatted again.
class LastIntText {
public:
    std::string_view of(int64_t v) {
        if (size_ == 0 || v != value_) {
            value_ = v;
            size_ = static_cast<size_t>(write_int(text_, v) - text_);
        }
        return std::string_view(text_, size_);
    }

private:
    int64_t value_ = 0;
    size_t size_ = 0;  // 0: nothing kept yet (every text has a digit)
    char text_[kMaxIntText];
};

}  // namespace otelflat
