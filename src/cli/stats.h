#pragma once
#include <cstdint>
#include <cstdio>

namespace otelflat {

// Counters for --stats. Invariant: documents = converted + rejected + skipped.
struct RunStats {
    uint64_t documents = 0;
    uint64_t documents_converted = 0;  // had trace data (possibly zero spans)
    uint64_t documents_rejected = 0;
    uint64_t documents_skipped = 0;    // nothing convertible: other signals, or no known content
    uint64_t spans = 0;
    uint64_t rows_written = 0;
    uint64_t rows_filtered = 0;
    uint64_t bytes_in = 0;             // bytes read from files/stdin, before decompression
    double seconds = 0;

    void print(std::FILE* out) const;
};

}  // namespace otelflat
