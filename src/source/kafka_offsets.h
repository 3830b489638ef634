#pragma once
// kcat's -o grammar: where each partition starts, and where it stops.
#include <cstdint>
#include <optional>
#include <string>

namespace otelflat {

struct StartOffset {
    enum Kind { beginning, end, stored, absolute, tail, timestamp };
    Kind kind = beginning;
    int64_t value = 0;  // absolute: the offset; tail: messages before the end; timestamp: ms
};

// What the -o values of one command line say (at most one start and one e@ end).
struct OffsetSpec {
    std::optional<StartOffset> start;    // none given: beginning, or stored with -G
    std::optional<int64_t> end_timestamp_ms;  // e@T: stop before the first message at or after T
};

// Adds one -o value to spec: beginning|end|stored|N|-N|s@MS|e@MS. Returns an error text, or
// "" when the value was taken.
std::string add_offset_arg(const std::string& text, OffsetSpec& spec);

}  // namespace otelflat
