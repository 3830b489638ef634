#pragma once
// What decoding one document gave, for the counters and notes (every input format).
#include <cstdint>

namespace otelflat {

struct DocumentOutcome {
    uint64_t spans = 0;
    uint64_t log_records = 0;
    uint64_t data_points = 0;
    uint64_t metrics_without_data = 0;  // metrics with no gauge/sum/...: no rows
    bool traces = false;        // had resourceSpans (or was a bare ResourceSpans)
    bool logs = false;          // had resourceLogs
    bool metrics = false;       // had resourceMetrics
    bool repaired_utf8 = false; // invalid UTF-8 bytes were replaced by U+FFFD
    bool repaired_surrogates = false;  // unpaired \uD800-\uDFFF escapes became \uFFFD
};

}  // namespace otelflat
