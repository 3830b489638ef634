#pragma once
#include <cstddef>
#include <string>

namespace otelflat {

// Appends a double exactly as the OpenTelemetry Collector's pcommon.Value.AsString renders
// it (ECMAScript Number-to-String layout, but "-0" for negative zero and NaN/Infinity/-Infinity):
// shortest round-trip digits, plain form for 1e-6 <= |x| < 1e21, exponent form otherwise.
// Every double otelflat prints as text (attribute values, duration_ms in JSON) goes through here.
void append_double(std::string& out, double x);
// The same text written at p; returns its end. The text is at most 26 bytes, but up to
// kMaxDoubleText bytes at p may be written (fixed-size copies run past the end).
constexpr size_t kMaxDoubleText = 48;
char* write_double(char* p, double x);

// True when x is NaN or infinite: such values cannot appear inside the collector's JSON
// rendering of arrays and kvlists.
bool is_non_finite(double x);

}  // namespace otelflat
