#pragma once
#include <cstdint>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace otelflat {

// Appends "YYYY-MM-DD HH:MM:SS" followed by "." and `precision` fraction digits, UTC, for a
// tick count of 10^-precision seconds since the Unix epoch (DateTime64(precision) text).
// Exact integer arithmetic, valid for the whole range of int64 ticks.
void append_datetime64_text(std::string& out, int64_t ticks, int precision);
// The same text written at p (at most kMaxDateTimeText bytes); returns its end.
constexpr size_t kMaxDateTimeText = 64;
char* write_datetime64_text(char* p, int64_t ticks, int precision);

// The reverse, for times users write (--where start_time >= "2026-01-01"): "YYYY-MM-DD",
// optionally followed by " HH:MM:SS" or "THH:MM:SS", a fraction of up to `precision` digits
// and a "Z"; UTC. Ticks of 10^-precision s, or nothing when the text is not such a time.
std::optional<int64_t> parse_datetime_text(std::string_view text, int precision);

// Span start/end nanoseconds (unsigned, as OTLP sends them) to DateTime64(6) microseconds:
// truncation towards zero, with no floating point. Always fits in int64.
inline int64_t nanos_to_micros(uint64_t nanos) { return static_cast<int64_t>(nanos / 1000); }

// (end - start) nanoseconds as milliseconds rounded to 2 decimals, half away from zero,
// computed on integers; negative when end < start.
double duration_ms_2dp(uint64_t start_nanos, uint64_t end_nanos);

}  // namespace otelflat
