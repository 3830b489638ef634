#include "text/base64.h"

#include <cstdint>

namespace otelflat {
namespace {
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int value_of(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}
}  // namespace

void append_base64(std::string& out, std::string_view bytes) {
    size_t i = 0;
    const auto* b = reinterpret_cast<const uint8_t*>(bytes.data());
    for (; i + 3 <= bytes.size(); i += 3) {
        uint32_t v = (uint32_t{b[i]} << 16) | (uint32_t{b[i + 1]} << 8) | b[i + 2];
        out += kAlphabet[v >> 18];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += kAlphabet[v & 63];
    }
    size_t rest = bytes.size() - i;
    if (rest == 1) {
        uint32_t v = uint32_t{b[i]} << 16;
        out += kAlphabet[v >> 18];
        out += kAlphabet[(v >> 12) & 63];
        out += "==";
    } else if (rest == 2) {
        uint32_t v = (uint32_t{b[i]} << 16) | (uint32_t{b[i + 1]} << 8);
        out += kAlphabet[v >> 18];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += '=';
    }
}

bool decode_base64(std::string_view text, std::string& out) {
    uint32_t acc = 0;
    int have = 0;    // sextets in acc
    int padding = 0;
    for (char c : text) {
        if (c == '\r' || c == '\n') continue;
        if (c == '=') {
            ++padding;
            continue;
        }
        if (padding) return false;  // data after padding
        int v = value_of(c);
        if (v < 0) return false;
        acc = (acc << 6) | static_cast<uint32_t>(v);
        if (++have == 4) {
            out += static_cast<char>(acc >> 16);
            out += static_cast<char>((acc >> 8) & 0xFF);
            out += static_cast<char>(acc & 0xFF);
            acc = 0;
            have = 0;
        }
    }
    if (have == 0) return padding == 0;
    if (have == 1 || have + padding != 4) return false;
    if (have == 2) {
        out += static_cast<char>((acc << 12) >> 16);
    } else {
        acc <<= 6;
        out += static_cast<char>(acc >> 16);
        out += static_cast<char>((acc >> 8) & 0xFF);
    }
    return true;
}

}  // namespace otelflat
