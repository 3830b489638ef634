#include "text/json_escape.h"

#include <cstdint>
#include <algorithm>
#include <cstring>

namespace otelflat {
namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 when the byte there starts no
// valid sequence (overlong forms, surrogates and code points above U+10FFFF are invalid).
size_t utf8_sequence_length(std::string_view s, size_t i) {
    auto b = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
    uint8_t c = b(i);
    size_t n = s.size() - i;
    auto cont = [&](size_t k) { return (b(i + k) & 0xC0) == 0x80; };
    if (c >= 0xC2 && c <= 0xDF) return n >= 2 && cont(1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || !cont(1) || !cont(2)) return 0;
        if (c == 0xE0 && b(i + 1) < 0xA0) return 0;
        if (c == 0xED && b(i + 1) > 0x9F) return 0;
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || !cont(1) || !cont(2) || !cont(3)) return 0;
        if (c == 0xF0 && b(i + 1) < 0x90) return 0;
        if (c == 0xF4 && b(i + 1) > 0x8F) return 0;
        return 4;
    }
    return 0;
}

constexpr char kHex[] = "0123456789abcdef";

}  // namespace

// True when none of the 8 bytes is a control, '"', '\\' or non-ASCII: the common case, which
// is then copied without looking at each byte (SWAR: one test per 8 bytes).
inline bool plain_ascii_word(const char* p) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    constexpr uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    uint64_t below_space = (w - ones * 0x20) & ~w;          // high bit set where byte < 0x20
    uint64_t quote = w ^ (ones * '"'), backslash = w ^ (ones * '\\');
    uint64_t is_quote = (quote - ones) & ~quote;             // high bit where byte == '"'
    uint64_t is_backslash = (backslash - ones) & ~backslash;
    return ((below_space | is_quote | is_backslash | w) & highs) == 0;
}

// True when no byte of s needs escaping: whole words only, the last one overlapping the one
// before it, so a short key or value costs a few word tests instead of a test per byte.
inline bool plain_ascii(std::string_view s) {
    const char* p = s.data();
    const size_t n = s.size();
    if (n < 8) {
        char w[8] = {' ', ' ', ' ', ' ', ' ', ' ', ' ', ' '};  // spaces need no escaping
        if (n) std::memcpy(w, p, n);
        return plain_ascii_word(w);
    }
    for (size_t i = 0; i + 8 <= n; i += 8)
        if (!plain_ascii_word(p + i)) return false;
    return plain_ascii_word(p + n - 8);
}

namespace {

// How many bytes from s[i] (before stop) surely need no escaping: 32 are looked at in one
// step with AVX2 (up to the first that needs a look), else 8; 0 when s[i] needs a look.
inline size_t plain_run(std::string_view s, size_t i, size_t stop) {
#if defined(__AVX2__)
    if (stop - i >= 32) {
        __m256i v;
        uint32_t special = escape_mask32(s.data() + i, v);
        return special == 0 ? 32 : static_cast<size_t>(__builtin_ctz(special));
    }
#endif
    return i + 8 <= stop && plain_ascii_word(s.data() + i) ? 8 : 0;
}

// Input bytes escaped per piece: 6 output bytes at most per input byte, plus a sequence that
// starts before the piece's end and ends after it.
constexpr size_t kPiece = 4096;
constexpr size_t kPieceRoom = 6 * kPiece + 8;

// Escapes s from i until at least `stop` (whole UTF-8 sequences only) into p, and returns the
// end of what it wrote; i moves to where it stopped.
char* escape_piece(std::string_view s, size_t& i, size_t stop, char* p) {
    auto put = [&](const char* text, size_t n) {
        std::memcpy(p, text, n);
        p += n;
    };
    size_t run = i;  // start of the pending run of bytes that need no escaping
    while (i < stop) {
        if (size_t plain = plain_run(s, i, stop)) {
            i += plain;
            continue;
        }
        uint8_t c = static_cast<uint8_t>(s[i]);
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') { ++i; continue; }
        if (c >= 0x80) {
            size_t len = utf8_sequence_length(s, i);
            bool line_sep = len == 3 && c == 0xE2 && static_cast<uint8_t>(s[i + 1]) == 0x80 &&
                            (static_cast<uint8_t>(s[i + 2]) & 0xFE) == 0xA8;
            if (len != 0 && !line_sep) { i += len; continue; }
            put(s.data() + run, i - run);
            if (line_sep) {
                put(static_cast<uint8_t>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029", 6);
                i += 3;
            } else {
                put("\\ufffd", 6);
                i += 1;
            }
            run = i;
            continue;
        }
        put(s.data() + run, i - run);
        switch (c) {
            case '"': put("\\\"", 2); break;
            case '\\': put("\\\\", 2); break;
            case '\b': put("\\b", 2); break;
            case '\f': put("\\f", 2); break;
            case '\n': put("\\n", 2); break;
            case '\r': put("\\r", 2); break;
            case '\t': put("\\t", 2); break;
            default: {
                char u[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
                put(u, 6);
            }
        }
        ++i;
        run = i;
    }
    put(s.data() + run, i - run);
    return p;
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
    out += '"';
    char piece[kPieceRoom];
    for (size_t i = 0; i < s.size();) {
        char* end = escape_piece(s, i, std::min(s.size(), i + kPiece), piece);
        out.append(piece, static_cast<size_t>(end - piece));
    }
    out += '"';
}

void append_json_string_general(TextCursor& out, std::string_view s) {
    if (s.empty()) {
        out.put(std::string_view("\"\"", 2));
        return;
    }
    if (s.size() <= kPiece) {  // one reservation for the quotes and all of s
        if (plain_ascii(s)) {  // most keys and values: copied as they are
            char* p = out.reserve(s.size() + 2);
            *p = '"';
            if (!s.empty()) std::memcpy(p + 1, s.data(), s.size());
            p[s.size() + 1] = '"';
            out.commit(p + s.size() + 2);
            return;
        }
        char* p = out.reserve(6 * s.size() + 10);
        *p++ = '"';
        size_t i = 0;
        p = escape_piece(s, i, s.size(), p);
        *p++ = '"';
        out.commit(p);
        return;
    }
    out.put('"');
    for (size_t i = 0; i < s.size();) {
        char* p = out.reserve(kPieceRoom);
        out.commit(escape_piece(s, i, std::min(s.size(), i + kPiece), p));
    }
    out.put('"');
}

}  // namespace otelflat
