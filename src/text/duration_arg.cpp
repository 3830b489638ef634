#include "text/duration_arg.h"

namespace otelflat {

std::optional<uint64_t> parse_duration_ns(std::string_view text) {
    size_t i = 0;
    uint64_t whole = 0;
    bool any_digit = false;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        if (whole > UINT64_MAX / 10 - 9) return std::nullopt;
        whole = whole * 10 + static_cast<uint64_t>(text[i] - '0');
        ++i;
        any_digit = true;
    }
    // Up to 9 fraction digits, kept as an exact integer numerator over 10^digits.
    uint64_t frac = 0, frac_scale = 1;
    if (i < text.size() && text[i] == '.') {
        ++i;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            if (frac_scale < 1000000000) {
                frac = frac * 10 + static_cast<uint64_t>(text[i] - '0');
                frac_scale *= 10;
            }
            ++i;
            any_digit = true;
        }
    }
    if (!any_digit) return std::nullopt;
    std::string_view unit = text.substr(i);
    uint64_t mult;
    if (unit == "ns") mult = 1;
    else if (unit == "us" || unit == "\xC2\xB5s") mult = 1000;
    else if (unit == "ms") mult = 1000000;
    else if (unit == "s") mult = 1000000000ULL;
    else if (unit == "m") mult = 60000000000ULL;
    else if (unit == "h") mult = 3600000000000ULL;
    else return std::nullopt;
    if (whole > UINT64_MAX / mult) return std::nullopt;
    // frac < frac_scale <= 1e9 and mult <= 3.6e12: the product fits in 64 bits only when
    // reduced first, so divide the scale out of the multiplier where possible.
    unsigned __int128 frac_ns = static_cast<unsigned __int128>(frac) * mult / frac_scale;
    unsigned __int128 total = static_cast<unsigned __int128>(whole) * mult + frac_ns;
    if (total > UINT64_MAX) return std::nullopt;
    return static_cast<uint64_t>(total);
}

}  // namespace otelflat
