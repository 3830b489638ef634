#pragma once
// The dead-letter record of a rejected document: one JSON line with where it came from, why
// it was rejected and its bytes as they were (as a JSON string when they are valid UTF-8,
// else base64), so nothing rejected is ever lost from sight.
#include <cstdint>
#include <string>
#include <string_view>

namespace otelflat {

struct DeadLetterSource {
    // A file (or "<stdin>"): name, line, byte. A Kafka message: topic, partition, offset (and
    // line/byte inside the message when it holds several documents).
    std::string_view file;
    std::string_view topic;
    int32_t partition = -1;
    int64_t offset = -1;
    uint64_t line = 0;
    uint64_t byte = 0;
};

// Appends one record and its newline. `bytes` is empty with `skipped` > 0 for a document too
// large to hold (its bytes were skipped, not kept).
void append_dead_letter(std::string& out, const DeadLetterSource& source, std::string_view reason,
                        std::string_view bytes, uint64_t skipped = 0);

}  // namespace otelflat
