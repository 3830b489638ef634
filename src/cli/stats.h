#pragma once
#include <cstdint>
#include <cstdio>

namespace otelflat {

// Counters for --stats. Invariants: documents = documents_converted + documents_rejected +
// documents_skipped; spans + log_records + data_points = rows_written + rows_filtered +
// rows_deduplicated + rows_sampled_out + rows_unrouted.
struct RunStats {
    uint64_t documents = 0;
    uint64_t documents_converted = 0;  // had a supported signal (possibly with zero records)
    uint64_t documents_rejected = 0;
    uint64_t documents_skipped = 0;    // nothing convertible
    uint64_t spans = 0;
    uint64_t log_records = 0;
    uint64_t data_points = 0;
    uint64_t metrics_without_data = 0;  // metrics with no gauge/sum/histogram/...: no rows
    uint64_t rows_written = 0;
    uint64_t rows_filtered = 0;         // --min-duration, --where
    uint64_t rows_deduplicated = 0;     // --dedup-window
    uint64_t rows_sampled_out = 0;      // --sample
    uint64_t rows_unrouted = 0;         // rows of tables with no destination
    uint64_t times_clamped = 0;         // times beyond the column type's range (otel schema)
    uint64_t bytes_in = 0;              // bytes read from files/stdin, before decompression
    double seconds = 0;
    bool kafka_in = false, kafka_out = false;  // print the Kafka counters
    uint64_t kafka_messages = 0;               // messages consumed
    uint64_t kafka_delivered = 0;              // messages produced and acknowledged
    bool dead_letter = false;                  // print dead_letters
    uint64_t dead_letters = 0;                 // rejected documents written to --dead-letter

    void print(std::FILE* out) const;
    void print_json(std::FILE* out) const;  // the same counters as one JSON object on a line
};

}  // namespace otelflat
