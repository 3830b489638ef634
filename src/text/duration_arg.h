#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace otelflat {

// Parses a duration such as "1ms", "250us", "2s", "1.5ms", "500ns", "1m" into nanoseconds.
// Units: ns, us (or µs), ms, s, m, h. A bare number is rejected: the unit must be explicit.
std::optional<uint64_t> parse_duration_ns(std::string_view text);

}  // namespace otelflat
