#pragma once
#include <cstddef>
#include <cstdint>

namespace otelflat {

// Where a scan through one JSON value stands: nesting depth, and whether the last byte seen
// was inside a string (an escape at the very end of the data is skipped past it), and the
// '\n' bytes passed so far (line numbers, counted while the bytes are at hand).
struct ScanState {
    int64_t depth = 0;
    bool in_string = false;
    bool escaped_unseen = false;  // the byte before the resume position was skipped unread
    uint64_t newlines = 0;
};

// Advances from buf[pos] through the JSON value that starts at depth 0, tracking strings
// and escapes but validating nothing. Returns the index just past the byte that closes it
// (and sets complete), or an index >= end when the data ran out first; then call again with
// more data and the same state. st.newlines grows by the '\n' bytes in what it went through.
// Reads up to 64 bytes at a time with AVX2 when built for it.
size_t scan_json_value(const char* buf, size_t pos, size_t end, ScanState& st, bool& complete);

// The number of '\n' bytes in [begin, end) (line numbers for messages, for the bytes between
// documents: the scan above counts those inside them).
uint64_t count_newlines(const char* begin, const char* end);

// Index of the '{' of the first "\n{" in buf[from, to) (the start of the next JSON line: where
// reading resumes after bytes that are no document), or `to` when there is none.
size_t find_line_start_brace(const char* buf, size_t from, size_t to);

}  // namespace otelflat
