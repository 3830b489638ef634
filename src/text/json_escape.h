#pragma once
#include <string>
#include <string_view>

#include "text/text_cursor.h"

namespace otelflat {

// Appends s as a JSON string literal (with quotes), escaped the way the collector's Go JSON
// encoder escapes (otlp-json.md §5.4): \" \\ \b \f \n \r \t, other controls as \u00xx,
// U+2028/U+2029 as \u2028/\u2029, each invalid UTF-8 byte as \ufffd, everything else raw.
// The same escaping serves JSONEachRow output, so every line otelflat writes is valid UTF-8.
void append_json_string(std::string& out, std::string_view s);
void append_json_string(TextCursor& out, std::string_view s);

}  // namespace otelflat
