#pragma once
#include <string>
#include <string_view>

namespace otelflat {

// Standard base64 with padding (RFC 4648 §4), as the collector writes bytes values.
void append_base64(std::string& out, std::string_view bytes);

// Decodes standard padded base64 as Go's base64.StdEncoding does (the collector's reader):
// CR and LF are ignored, anything else outside the alphabet, a wrong length or misplaced
// padding is an error. Returns false on error; out may then hold a partial result.
bool decode_base64(std::string_view text, std::string& out);

}  // namespace otelflat
