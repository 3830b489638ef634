#pragma once
#include <cstddef>
#include <string_view>

namespace otelflat {

// A trace or span id normalised for output: lower-case hex, or empty for "no id".
struct HexId {
    char text[32];
    unsigned char size = 0;  // 0, 16 or 32
    std::string_view view() const { return {text, size}; }
};

enum class IdStatus { ok, wrong_length, not_hex };

// Normalises a hex id from OTLP/JSON (either case). The empty string and an all-zero id mean
// "no id" and give an empty HexId, as in the collector; any other length than 2*bytes, or a
// non-hex digit, is an error (the collector fails the whole document on it).
IdStatus normalize_hex_id(std::string_view in, unsigned bytes, HexId& out);

// Writes n bytes as 2n lower-case hex digits at out (digests, keyed hashes).
void write_hex(const unsigned char* bytes, size_t n, char* out);

}  // namespace otelflat
