#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#if defined(__AVX2__)
#include <immintrin.h>
#endif

#include "text/text_cursor.h"

namespace otelflat {

#if defined(__AVX2__)
// 32 bytes from p may be read when they stay within p's page: the bytes past a short string
// are then mapped memory (never used, only loaded). The sanitizer is told, as it cannot know.
inline bool fits_in_page(const char* p) { return (reinterpret_cast<uintptr_t>(p) & 4095) <= 4096 - 32; }

// Bit i set when byte i of the 32 at p is a control, '"', '\\' or non-ASCII; v gets the bytes.
__attribute__((no_sanitize_address)) inline uint32_t escape_mask32(const char* p, __m256i& v) {
    v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    // Signed: bytes >= 0x80 are negative, so one compare finds them and the controls.
    __m256i special = _mm256_cmpgt_epi8(_mm256_set1_epi8(0x20), v);
    special = _mm256_or_si256(special, _mm256_cmpeq_epi8(v, _mm256_set1_epi8('"')));
    special = _mm256_or_si256(special, _mm256_cmpeq_epi8(v, _mm256_set1_epi8('\\')));
    return static_cast<uint32_t>(_mm256_movemask_epi8(special));
}
#endif

// Appends s as a JSON string literal (with quotes), escaped the way the collector's Go JSON
// encoder escapes (otlp-json.md §5.4): \" \\ \b \f \n \r \t, other controls as \u00xx,
// U+2028/U+2029 as \u2028/\u2029, each invalid UTF-8 byte as \ufffd, everything else raw.
// The same escaping serves JSONEachRow output, so every line otelflat writes is valid UTF-8.
void append_json_string(std::string& out, std::string_view s);

// The same into a cursor, for any s (append_json_string's general path).
void append_json_string_general(TextCursor& out, std::string_view s);

// Inline for the commonest value, 1 to 32 bytes that need no escaping (one load, one store):
// JSONEachRow writes several per row, and a call with its AVX stack frame cost as much.
inline void append_json_string(TextCursor& out, std::string_view s) {
#if defined(__AVX2__)
    if (!s.empty() && s.size() <= 32 && fits_in_page(s.data())) {
        __m256i v;
        uint32_t escapes = escape_mask32(s.data(), v) & (~0u >> (32 - s.size()));
        if (escapes == 0) {
            char* p = out.reserve(34);
            *p = '"';
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(p + 1), v);  // bytes past s are overwritten next
            p[s.size() + 1] = '"';
            out.commit(p + s.size() + 2);
            return;
        }
    }
#endif
    append_json_string_general(out, s);
}

}  // namespace otelflat
