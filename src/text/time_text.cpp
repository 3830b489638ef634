#include "text/time_text.h"

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

char* put_padded(char* p, uint64_t v, int width) {
    for (int i = width - 1; i >= 0; --i) {
        p[i] = static_cast<char>('0' + v % 10);
        v /= 10;
    }
    return p + width;
}

}  // namespace

char* write_datetime64_text(char* p, int64_t ticks, int precision) {
    int64_t scale = 1;
    for (int i = 0; i < precision; ++i) scale *= 10;
    int64_t secs = ticks / scale;
    int64_t frac = ticks % scale;
    if (frac < 0) { frac += scale; --secs; }
    int64_t days = secs / 86400;
    int64_t sod = secs % 86400;
    if (sod < 0) { sod += 86400; --days; }
    int64_t y;
    unsigned m, d;
    civil_from_days(days, y, m, d);
    if (y < 0) { *p++ = '-'; y = -y; }
    p = put_padded(p, static_cast<uint64_t>(y), 4);
    *p++ = '-';
    p = put_padded(p, m, 2);
    *p++ = '-';
    p = put_padded(p, d, 2);
    *p++ = ' ';
    p = put_padded(p, static_cast<uint64_t>(sod / 3600), 2);
    *p++ = ':';
    p = put_padded(p, static_cast<uint64_t>(sod / 60 % 60), 2);
    *p++ = ':';
    p = put_padded(p, static_cast<uint64_t>(sod % 60), 2);
    if (precision > 0) {
        *p++ = '.';
        p = put_padded(p, static_cast<uint64_t>(frac), precision);
    }
    return p;
}

void append_datetime64_text(std::string& out, int64_t ticks, int precision) {
    char buf[kMaxDateTimeText];
    out.append(buf, write_datetime64_text(buf, ticks, precision));
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
