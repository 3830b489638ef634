#include "decode/otlp_json/json_access.h"

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <cmath>
#include <limits>

#include "decode/otlp_json/plain_text.h"
#include "text/exact_pow10.h"

namespace otelflat::otlp_json {

void fail(const std::string& why) { throw DecodeError(why); }

std::string_view unescaped_field_key(od::field& field) {
    std::string_view key;
    if (field.unescaped_key().get(key)) throw StringEscapeError("invalid escape sequence in an object key");
    return key;
}

void fail_type_of() { fail("invalid JSON value"); }

void fail_read_string(simdjson::error_code err) {
    if (err == simdjson::STRING_ERROR) throw StringEscapeError("invalid escape sequence in a string");
    fail(std::string("expected a string: ") + simdjson::error_message(err));
}

namespace {

// The value of eight digit values 0-9, one per byte, the first in the lowest byte: pairs,
// then fours, then the eight, each a multiply and a shift (SWAR).
uint64_t digit_bytes_value(uint64_t v) {
    v = (v * 10 + (v >> 8)) & 0x00FF00FF00FF00FF;
    v = (v * 100 + (v >> 16)) & 0x0000FFFF0000FFFF;
    return (v * 10000 + (v >> 32)) & 0xFFFFFFFF;
}

// How many of the eight bytes of w, the first in the lowest byte, are digits before the first
// that is not (8: all of them). A byte is a digit when its high nibble is 3 and stays 3 with 6
// added; a carry out of a non-digit byte changes only the bytes after it, which do not count.
size_t leading_digits(uint64_t w) {
    constexpr uint64_t kHigh = 0xF0F0F0F0F0F0F0F0ULL, kThrees = 0x3030303030303030ULL;
    const uint64_t not_digit = ((w & kHigh) ^ kThrees) | (((w + 0x0606060606060606ULL) & kHigh) ^ kThrees);
    return not_digit ? static_cast<size_t>(__builtin_ctzll(not_digit)) / 8 : 8;
}

// Eight ASCII digits at p, or false. SWAR: one 8-byte load instead of a dependent step per
// digit; every time stamp has 19 digits, and metrics carry their counts as strings too.
bool eight_digits(const char* p, uint64_t& out) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    if (((v + 0x4646464646464646) | (v - 0x3030303030303030)) & 0x8080808080808080) return false;
    out = digit_bytes_value(v - 0x3030303030303030);
    return true;
}

}  // namespace

const char* digit_run(const char* p, uint64_t& out) {
    static constexpr uint64_t kPow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};
    constexpr uint64_t kThrees = 0x3030303030303030ULL;
    const char* const first = p;
    uint64_t value = 0;
    for (int word = 0; word < 3; ++word) {
        uint64_t w;
        std::memcpy(&w, p, sizeof w);
        const size_t n = leading_digits(w);
        if (n > 0) value = value * kPow10[n] + digit_bytes_value((w - kThrees) << (8 * (8 - n)));
        p += n;
        if (n < 8) break;
    }
    const auto digits = p - first;
    if (digits == 0 || digits > 19) return nullptr;
    out = value;
    return p;
}

bool parse_below_1e19(const char* b, const char* e, uint64_t& out) {
    if (b == e || e - b > 19) return false;
    uint64_t u = 0, eight;
    for (; e - b >= 8; b += 8) {
        if (!eight_digits(b, eight)) return false;
        u = u * 100000000 + eight;
    }
    for (; b != e; ++b) {
        unsigned d = static_cast<unsigned>(*b - '0');
        if (d > 9) return false;
        u = u * 10 + d;
    }
    out = u;
    return true;
}

namespace {

template <typename T>
T read_integer(od::value& v, const char* what) {
    switch (type_of(v)) {
        case od::json_type::null: return 0;
        case od::json_type::number:
            if constexpr (std::is_signed_v<T>) {
                int64_t x;
                if (v.get_int64().get(x)) fail(std::string("expected ") + what + ", got " + std::string(v.raw_json_token()));
                if (x < std::numeric_limits<T>::min() || x > std::numeric_limits<T>::max())
                    fail(std::string(what) + " out of range: " + std::to_string(x));
                return static_cast<T>(x);
            } else {
                uint64_t x;
                if (v.get_uint64().get(x)) fail(std::string("expected ") + what + ", got " + std::string(v.raw_json_token()));
                if (x > std::numeric_limits<T>::max()) fail(std::string(what) + " out of range: " + std::to_string(x));
                return static_cast<T>(x);
            }
        case od::json_type::string: {
            std::string_view s;
            if (v.get_string().get(s)) fail(std::string("expected ") + what);
            T x{};
            const char* b = s.data();
            const char* e = b + s.size();
            if (b != e && *b == '+') ++b;  // Go's ParseInt accepts a leading '+'
            uint64_t u;
            if (parse_below_1e19(b, e, u) && u <= static_cast<uint64_t>(std::numeric_limits<T>::max()))
                return static_cast<T>(u);  // every time stamp: no overflow possible
            auto r = std::from_chars(b, e, x);
            if (b == e || r.ec != std::errc() || r.ptr != e)
                fail(std::string("expected ") + what + ", got \"" + std::string(s) + "\"");
            return x;
        }
        default: fail(std::string("expected ") + what + " as a number or a string");
    }
}

}  // namespace

// A decimal of at most 15 significant digits with a small exponent, converted exactly:
// the digits (below 2^53) and 10^|k| (k <= 22) are both exact doubles, so one IEEE multiply
// or divide rounds correctly, giving what from_chars gives (Clinger's fast path). Every
// value a metrics exporter writes (sums, bounds, gauges) takes it; anything longer, or a
// form from_chars reads differently, returns false for the full parser.
bool parse_short_decimal(const char* b, const char* e, double& out) {
    const char* p = b;
    bool neg = p != e && *p == '-';
    if (neg) ++p;
    // The digits before and after the point, each in a loop of its own (one test a digit);
    // `m` may wrap when there are more than 19, which the significant-digit count below
    // rejects before `m` is used.
    uint64_t m = 0;
    const char* first = p;
    for (unsigned d; p != e && (d = static_cast<unsigned>(*p - '0')) < 10; ++p) m = m * 10 + d;
    int before_point = static_cast<int>(p - first), after_point = 0;
    if (before_point == 0) return false;
    if (p != e && *p == '.') {
        const char* fraction = ++p;
        for (unsigned d; p != e && (d = static_cast<unsigned>(*p - '0')) < 10; ++p) m = m * 10 + d;
        after_point = static_cast<int>(p - fraction);
        if (after_point == 0) return false;
    }
    if (before_point + after_point > 15) {  // leading zeros are not significant
        int zeros = 0;
        for (const char* z = first; z != p && (*z == '0' || *z == '.'); ++z) zeros += *z == '0';
        if (before_point + after_point - zeros > 15) return false;
    }
    int exp10 = -after_point;
    if (p != e && (*p == 'e' || *p == 'E')) {
        ++p;
        bool eneg = p != e && *p == '-';
        if (p != e && (*p == '-' || *p == '+')) ++p;
        const char* exp_begin = p;
        int x = 0;
        while (p != e && static_cast<unsigned>(*p - '0') < 10) {
            x = x * 10 + (*p++ - '0');
            if (x > 1000) return false;
        }
        if (p == exp_begin) return false;
        exp10 += eneg ? -x : x;
    }
    if (p != e || exp10 < -22 || exp10 > 22) return false;
    double v = static_cast<double>(m);
    v = exp10 < 0 ? v / kExactPow10[-exp10] : v * kExactPow10[exp10];
    out = neg ? -v : v;
    return true;
}

namespace {

// from_chars reports overflow and underflow without a value; JSON parsers give +-Inf and +-0
// (or the nearest subnormal), as Go's ParseFloat does.
double parse_out_of_range(std::string_view t) {
    std::string s(t);
    return std::strtod(s.c_str(), nullptr);
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

}  // namespace

bool double_from_number_text(std::string_view t, double& x) {
    if (parse_short_decimal(t.data(), t.data() + t.size(), x)) return true;
    auto r = std::from_chars(t.data(), t.data() + t.size(), x);
    if (r.ec == std::errc::result_out_of_range) {
        x = parse_out_of_range(t);
        return true;
    }
    return r.ec == std::errc() && r.ptr == t.data() + t.size();
}

uint64_t read_uint64(od::value& v) { return read_integer<uint64_t>(v, "an unsigned 64-bit integer"); }

namespace {

// The elements of a JSON array given as its text, in one pass: element(p, end, quoted, out)
// reads one at p (after its opening quote when quoted), appends it to `out` and returns where
// its text ends (at the closing quote when quoted), or nullptr when it does not take it; false
// at the first thing that is not such an array or that element() does not take.
template <typename T, typename Element>
bool scan_array(std::string_view raw, std::vector<T>& out, Element element) {
    const char* p = raw.data();
    const char* end = p + raw.size();
    auto skip_space = [&] {
        while (p != end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) ++p;
    };
    skip_space();
    if (p == end || *p++ != '[') return false;
    skip_space();
    if (p != end && *p == ']') {
        ++p;
    } else {
        bool quoted = p != end && *p == '"';
        if (quoted) ++p;
        for (;;) {
            p = element(p, end, quoted, out);
            if (!p) return false;
            if (quoted && (p == end || *p++ != '"')) return false;  // an escape: the general reader unescapes
            // An exporter's compact array: the comma follows at once and the next element
            // starts after it, two bytes known without the loops over spaces below.
            if (end - p >= 2 && p[0] == ',' && p[1] != ' ' && p[1] != '\n' && p[1] != '\r' && p[1] != '\t') {
                quoted = p[1] == '"';
                p += 1 + quoted;
                continue;
            }
            skip_space();
            if (p == end) return false;
            if (*p == ']') {
                ++p;
                break;
            }
            if (*p++ != ',') return false;
            skip_space();
            quoted = p != end && *p == '"';
            if (quoted) ++p;
        }
    }
    skip_space();
    return p == end;
}

}  // namespace

bool scan_uint_array(std::string_view raw, std::vector<uint64_t>& out) {
    return scan_array(raw, out, [](const char* p, const char* end, bool quoted, std::vector<uint64_t>& to) -> const char* {
        // Up to seven digits (every count but the largest) from one 8-byte load, with no branch
        // on their number, which varies from count to count; the byte after them, in the same
        // word, shows where they end. The load may read past `end`: the text is followed by
        // readable bytes (see the declaration).
        uint64_t w;
        std::memcpy(&w, p, sizeof w);
        constexpr uint64_t kThrees = 0x3030303030303030ULL;
        const size_t digits = leading_digits(w);
        if (digits > 0 && digits < 8 && p + digits < end) {
            // JSON numbers have no leading zeros; quoted ones may (read as Go's ParseUint does).
            if (!quoted && digits > 1 && *p == '0') return nullptr;
            to.push_back(digit_bytes_value((w - kThrees) << (8 * (8 - digits))));  // zero digits first
            return p + digits;
        }
        // Each digit read once (a sign, a fraction, 20 digits and more are left to read_uint64).
        const char* first = p;
        uint64_t u = 0;
        for (unsigned d; p != end && (d = static_cast<unsigned>(*p - '0')) < 10; ++p) u = u * 10 + d;
        size_t n = static_cast<size_t>(p - first);
        if (n == 0 || n > 19 || (!quoted && n > 1 && *first == '0')) return nullptr;
        to.push_back(u);
        return p;
    });
}

bool scan_double_array(std::string_view raw, std::vector<double>& out) {
    return scan_array(raw, out, [](const char* b, const char* end, bool quoted, std::vector<double>& to) -> const char* {
        // A JSON number ('-' or a digit first, as the general reader's type check wants) that the
        // exact short-decimal path reads, as read_double would; strings ("NaN"...) are left to it.
        if (quoted || b == end || (*b != '-' && static_cast<unsigned>(*b - '0') > 9)) return nullptr;
        const char* e = b;
        while (e != end && *e != ',' && *e != ']' && *e != ' ' && *e != '\n' && *e != '\r' && *e != '\t') ++e;
        double d;
        if (!parse_short_decimal(b, e, d)) return nullptr;
        to.push_back(d);
        return e;
    });
}
bool scan_bounds(std::string_view raw, std::vector<double>& out, std::string& last_text) {
    if (!last_text.empty() && raw == last_text) return true;
    last_text.clear();
    out.clear();
    if (!scan_double_array(raw, out)) return false;
    last_text.assign(raw);
    return true;
}

int64_t read_int64(od::value& v) { return read_integer<int64_t>(v, "a 64-bit integer"); }
uint32_t read_uint32(od::value& v) { return read_integer<uint32_t>(v, "an unsigned 32-bit integer"); }
int32_t read_int32(od::value& v) { return read_integer<int32_t>(v, "a 32-bit integer"); }

double read_double(od::value& v) {
    switch (type_of(v)) {
        case od::json_type::null: return 0;
        case od::json_type::number: {
            // Parsed from the token text: simdjson 3.0's get_double() misreads some long
            // mantissas (0.1000000000000000055511151231257827 gave 4.1e-16).
            std::string_view t = v.raw_json_token();
            while (!t.empty() && (t.back() == ' ' || t.back() == '\n' || t.back() == '\r' || t.back() == '\t'))
                t.remove_suffix(1);
            double x = 0;
            if (!double_from_number_text(t, x)) fail("expected a number, got " + std::string(t));
            return x;
        }
        case od::json_type::string: {
            std::string_view s;
            if (v.get_string().get(s)) fail("expected a number");
            std::string_view t = s;
            bool neg = false;
            if (!t.empty() && (t[0] == '+' || t[0] == '-')) {
                neg = t[0] == '-';
                t.remove_prefix(1);
            }
            if (equals_ignore_case(t, "nan")) return std::numeric_limits<double>::quiet_NaN();
            if (equals_ignore_case(t, "inf") || equals_ignore_case(t, "infinity"))
                return neg ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
            double x = 0;
            if (parse_short_decimal(t.data(), t.data() + t.size(), x)) return neg ? -x : x;
            auto r = std::from_chars(t.data(), t.data() + t.size(), x);
            if (!t.empty() && r.ec == std::errc::result_out_of_range && r.ptr == t.data() + t.size())
                x = parse_out_of_range(t);
            else if (t.empty() || r.ec != std::errc() || r.ptr != t.data() + t.size())
                fail("expected a number, got \"" + std::string(s) + "\"");
            return neg ? -x : x;
        }
        default: fail("expected a number");
    }
}

bool read_bool(od::value& v) {
    if (type_of(v) == od::json_type::null) return false;
    bool b;
    if (v.get_bool().get(b)) fail("expected true or false");
    return b;
}

int64_t read_enum(od::value& v, const char* const* names, size_t count, const char* what) {
    switch (type_of(v)) {
        case od::json_type::null: return 0;
        case od::json_type::number: {
            int64_t x;
            if (v.get_int64().get(x) || x < INT32_MIN || x > INT32_MAX)
                fail(std::string("invalid ") + what + ": " + std::string(v.raw_json_token()));
            return x;
        }
        case od::json_type::string: {
            std::string_view s;
            if (v.get_string().get(s)) fail(std::string("invalid ") + what);
            for (size_t i = 0; i < count; ++i)
                if (s == names[i]) return static_cast<int64_t>(i);
            fail(std::string("unknown ") + what + " \"" + std::string(s) + "\"");
        }
        default: fail(std::string("invalid ") + what + ": expected a number or a name");
    }
}

}  // namespace otelflat::otlp_json
