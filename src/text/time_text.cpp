#include "text/time_text.h"

#include <cstring>

#include "text/int_text.h"

namespace otelflat {
namespace {

// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian), exact for any int64 day.
void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
}

// The inverse: days since 1970-01-01 of a proleptic Gregorian date.
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

char* put_padded(char* p, uint64_t v, int width) {
    for (int i = width - 1; i >= 0; --i) {
        p[i] = static_cast<char>('0' + v % 10);
        v /= 10;
    }
    return p + width;
}

// Two digits 00..99 from one table load.
char* put2(char* p, unsigned v) {
    static constexpr char kPairs[] =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
        "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
        "8081828384858687888990919293949596979899";
    std::memcpy(p, kPairs + 2 * v, 2);
    return p + 2;
}

// One instance per precision: the divisions by 10^P are by a constant, which the compiler
// turns into multiplications (a 64-bit division by a variable is ~40 cycles, and every row of
// JSONEachRow output writes two or more times).
template <int P>
char* write_text(char* p, int64_t ticks) {
    constexpr int64_t scale = [] {
        int64_t s = 1;
        for (int i = 0; i < P; ++i) s *= 10;
        return s;
    }();
    int64_t secs = ticks / scale;
    int64_t frac = ticks % scale;
    if (frac < 0) { frac += scale; --secs; }
    int64_t days = secs / 86400;
    int64_t sod = secs % 86400;
    if (sod < 0) { sod += 86400; --days; }
    // The rows of a file are mostly of one day: its text is kept from the last call.
    thread_local int64_t last_days = INT64_MIN;
    thread_local char day_text[12];
    thread_local size_t day_len = 0;
    if (days != last_days) {
        int64_t y;
        unsigned m, d;
        civil_from_days(days, y, m, d);
        char* q = day_text;
        if (y < 0) { *q++ = '-'; y = -y; }
        q = put_padded(q, static_cast<uint64_t>(y), 4);
        *q++ = '-';
        q = put2(q, m);
        *q++ = '-';
        q = put2(q, d);
        *q++ = ' ';
        day_len = static_cast<size_t>(q - day_text);
        last_days = days;
    }
    std::memcpy(p, day_text, day_len);
    p += day_len;
    unsigned sec = static_cast<unsigned>(sod);
    p = put2(p, sec / 3600);
    *p++ = ':';
    p = put2(p, sec / 60 % 60);
    *p++ = ':';
    p = put2(p, sec % 60);
    if constexpr (P > 0) {
        *p++ = '.';
        uint32_t low = static_cast<uint32_t>(frac % 100000000);
        if constexpr (P == 9) *p++ = static_cast<char>('0' + frac / 100000000);
        uint64_t digits = eight_digits(low) >> (8 * (8 - (P < 8 ? P : 8)));  // the last P of eight
        std::memcpy(p, &digits, P < 8 ? P : 8);
        p += P < 8 ? P : 8;
    }
    return p;
}

}  // namespace

char* write_datetime64_text(char* p, int64_t ticks, int precision) {
    switch (precision) {
        case 0: return write_text<0>(p, ticks);
        case 1: return write_text<1>(p, ticks);
        case 2: return write_text<2>(p, ticks);
        case 3: return write_text<3>(p, ticks);
        case 4: return write_text<4>(p, ticks);
        case 5: return write_text<5>(p, ticks);
        case 6: return write_text<6>(p, ticks);
        case 7: return write_text<7>(p, ticks);
        case 8: return write_text<8>(p, ticks);
        default: return write_text<9>(p, ticks);  // DateTime64 allows 0..9
    }
}

void append_datetime64_text(std::string& out, int64_t ticks, int precision) {
    char buf[kMaxDateTimeText];
    out.append(buf, write_datetime64_text(buf, ticks, precision));
}

std::optional<int64_t> parse_datetime_text(std::string_view t, int precision) {
    size_t i = 0;
    auto digits = [&](size_t n, int64_t& v) {
        if (i + n > t.size()) return false;
        v = 0;
        for (size_t k = 0; k < n; ++k) {
            char c = t[i + k];
            if (c < '0' || c > '9') return false;
            v = v * 10 + (c - '0');
        }
        i += n;
        return true;
    };
    auto literal = [&](char c) { return i < t.size() && t[i] == c ? (++i, true) : false; };
    int64_t y, mo, d, h = 0, mi = 0, s = 0;
    if (!digits(4, y) || !literal('-') || !digits(2, mo) || !literal('-') || !digits(2, d)) return std::nullopt;
    if (mo < 1 || mo > 12 || d < 1 || d > 31) return std::nullopt;
    int64_t frac = 0;
    int frac_digits = 0;
    if (i < t.size() && (t[i] == ' ' || t[i] == 'T')) {
        ++i;
        if (!digits(2, h) || !literal(':') || !digits(2, mi) || !literal(':') || !digits(2, s)) return std::nullopt;
        if (h > 23 || mi > 59 || s > 59) return std::nullopt;
        if (literal('.')) {
            while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
                if (++frac_digits > precision) return std::nullopt;  // finer than the column holds
                frac = frac * 10 + (t[i++] - '0');
            }
            if (frac_digits == 0) return std::nullopt;
        }
    }
    literal('Z');
    if (i != t.size()) return std::nullopt;
    for (int k = frac_digits; k < precision; ++k) frac *= 10;
    int64_t scale = 1;
    for (int k = 0; k < precision; ++k) scale *= 10;
    int64_t secs = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 + mi * 60 + s;
    return secs * scale + frac;
}

double duration_ms_2dp(uint64_t start_nanos, uint64_t end_nanos) {
    // |end - start| < 2^64, so do the subtraction in unsigned space and keep the sign apart.
    bool negative = end_nanos < start_nanos;
    uint64_t diff = negative ? start_nanos - end_nanos : end_nanos - start_nanos;
    uint64_t hundredths = diff / 10000;         // 1/100 ms = 10,000 ns
    if (diff % 10000 >= 5000) ++hundredths;     // half away from zero (on the magnitude)
    double ms = static_cast<double>(hundredths) / 100.0;
    return negative && hundredths != 0 ? -ms : ms;  // never -0: it would print as "-0"
}

}  // namespace otelflat
