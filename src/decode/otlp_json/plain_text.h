#pragma once
// Reading the commonest shapes of OTLP/JSON straight from the document's text, where
// simdjson's On-Demand iteration costs most per byte (an attribute is a dozen tokens for one
// short string). Each reader takes only a strict subset of JSON, and the document has passed
// simdjson's stage 1 (UTF-8, no raw control characters in strings, balanced quotes), or the
// same checks made apart (closed_compact below, and UTF-8), so what they take reads exactly
// as simdjson reads it. Anything else (an escape, a null, another
// spelling) makes them return nullptr, and the caller reads it with simdjson as before.
//
// The document is followed by at least 64 readable bytes (see DocumentReader), so the 32-byte
// loads below may read past a string's end. The readers never pass the document's end: its
// brackets balance, and a document cut at the end of a stream is followed by spaces, where
// skip_space stops them. Nor does a string scan: no reader takes a quote into anything but a
// string, so the quotes they meet pair as JSON's do, and every string closes in the document;
// the whole-document reader (plain_metrics.cpp) also bounds its string scans by the end.
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace otelflat::otlp_json::plain {

// JSON's four spaces; the first test passes for no character that may follow a token.
inline bool is_space(char c) {
    return static_cast<unsigned char>(c) <= ' ' && (c == ' ' || c == '\n' || c == '\r' || c == '\t');
}

// Past the spaces at p, up to 32 of them: a longer run (deep indentation) is left to the
// general reader, and the readers never go further than 32 bytes past a document's end (into
// its padding, which is spaces): a pointer at a space matches nothing that any of them wants.
inline const char* skip_space(const char* p) {
    for (const char* stop = p + 32; p != stop && is_space(*p);) ++p;
    return p;
}

// p at a string's first character (after its opening quote): where its closing quote is, or
// nullptr when a backslash comes first (the text is not the string's value), or when none
// comes in the 32-byte blocks that start before `limit` (if given: a reader's guard against
// passing its document's end; tested only after a block without one, so short strings, nearly
// all of them, pay nothing for it).
inline const char* string_end(const char* p, const char* limit = nullptr) {
#if defined(__AVX2__)
    for (;; p += 32) {
        __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
        uint32_t quotes = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('"'))));
        uint32_t slashes = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('\\'))));
        if ((quotes | slashes) != 0) {
            uint32_t first = static_cast<uint32_t>(__builtin_ctz(quotes | slashes));
            return (quotes >> first) & 1 ? p + first : nullptr;
        }
        if (limit && p + 32 >= limit) return nullptr;
    }
#else
    for (;; ++p) {
        if (limit && p >= limit) return nullptr;
        if (*p == '"') return p;
        if (*p == '\\') return nullptr;
    }
#endif
}

// p at '"': the string's value (no escapes in it) and where the text after it starts.
inline const char* string(const char* p, std::string_view& s, const char* limit = nullptr) {
    if (*p != '"') return nullptr;
    const char* e = string_end(p + 1, limit);
    if (!e) return nullptr;
    s = std::string_view(p + 1, static_cast<size_t>(e - p - 1));
    return e + 1;
}

// The character c after the spaces at p: what follows it and its spaces, or nullptr.
inline const char* separator(const char* p, char c) {
    p = skip_space(p);
    return *p == c ? skip_space(p + 1) : nullptr;
}

// The closing bracket c after the spaces at p: where the text after it starts, or nullptr.
inline const char* closing(const char* p, char c) {
    if (*p != c) p = skip_space(p);
    return *p == c ? p + 1 : nullptr;
}

// p at '"' of a key: its name and where its value starts (after the colon and spaces).
inline const char* key(const char* p, std::string_view& name, const char* limit = nullptr) {
    p = string(p, name, limit);
    return p ? separator(p, ':') : nullptr;
}

// p at an object's '{': its first member's name and where its value starts.
inline const char* first_key(const char* p, std::string_view& name, const char* limit = nullptr) {
    return *p == '{' ? key(skip_space(p + 1), name, limit) : nullptr;
}

// A JSON number's text at p: up to the space, comma or closing bracket after it.
inline const char* token_end(const char* p) {
    while (!is_space(*p) && *p != ',' && *p != '}' && *p != ']') ++p;
    return p;
}

// An integer in the form int64 text is written in: optional '-', then 1 to 18 digits (no
// overflow possible) with no leading zero, and not "-0". Bare or quoted alike, its text is
// then its decimal rendering, as it stands.
inline const char* canonical_integer(const char* p) {
    const char* first = p + (*p == '-');
    const char* e = first;
    while (static_cast<unsigned>(*e - '0') < 10) ++e;
    size_t digits = static_cast<size_t>(e - first);
    if (digits == 0 || digits > 18 || (*first == '0' && (digits > 1 || first != p))) return nullptr;
    return e;
}

// `true` or `false`: where it ends.
inline const char* boolean(const char* p) {
    if (std::memcmp(p, "true", 4) == 0) return p + 4;
    if (std::memcmp(p, "false", 5) == 0) return p + 5;
    return nullptr;
}

// Whether the n bytes at p hold no backslash, no byte below 0x20 and an even number of quotes.
// Such a text (a compact document, as JSON lines are, with no escape) gives the readers here
// what simdjson's stage 1 otherwise checks for them: its quotes alternate, opening and
// closing, so every string closes inside it, and no string holds a raw control character.
// (UTF-8 is checked apart.) Thirty-two bytes at a time: a fraction of stage 1's cost.
inline bool closed_compact(const char* p, size_t n) {
    size_t quotes = 0;
    size_t i = 0;
    bool bad = false;
#if defined(__AVX2__)
    __m256i any = _mm256_setzero_si256();
    for (; i + 32 <= n; i += 32) {
        const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
        const __m256i low = _mm256_cmpeq_epi8(_mm256_max_epu8(v, _mm256_set1_epi8(0x1F)), _mm256_set1_epi8(0x1F));
        any = _mm256_or_si256(any, _mm256_or_si256(low, _mm256_cmpeq_epi8(v, _mm256_set1_epi8('\\'))));
        quotes += static_cast<size_t>(
            __builtin_popcount(static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('"'))))));
    }
    bad = !_mm256_testz_si256(any, any);
#endif
    for (; i < n; ++i) {
        const auto c = static_cast<unsigned char>(p[i]);
        bad |= c < 0x20 || c == '\\';
        quotes += c == '"';
    }
    return !bad && quotes % 2 == 0;
}

// The literal `text` (a compile-time string) at p: where it ends, or nullptr.
template <size_t N>
inline const char* literal(const char* p, const char (&text)[N]) {
    return std::memcmp(p, text, N - 1) == 0 ? p + (N - 1) : nullptr;
}

}  // namespace otelflat::otlp_json::plain
