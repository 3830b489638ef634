#pragma once
#include <string_view>

namespace otelflat {

// MD5 (RFC 1321) of the concatenation a + b, written as 32 lower-case hex characters into
// out. Works on the stack: the fingerprint column calls it once per row.
void md5_hex(std::string_view a, std::string_view b, char out[32]);

}  // namespace otelflat
