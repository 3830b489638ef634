#include "text/hex_id.h"

namespace otelflat {

void write_hex(const unsigned char* bytes, size_t n, char* out) {
    static constexpr char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; ++i) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 15];
    }
}

IdStatus normalize_hex_id(std::string_view in, unsigned bytes, HexId& out) {
    out.size = 0;
    if (in.empty()) return IdStatus::ok;
    if (in.size() != 2 * bytes) return IdStatus::wrong_length;
    bool all_zero = true;
    for (size_t i = 0; i < in.size(); ++i) {
        char c = in[i];
        if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
        else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return IdStatus::not_hex;
        all_zero &= c == '0';
        out.text[i] = c;
    }
    if (!all_zero) out.size = static_cast<unsigned char>(in.size());
    return IdStatus::ok;
}

}  // namespace otelflat
