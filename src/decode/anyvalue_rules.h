#pragma once
// pcommon.Value.AsString (otlp-json.md §5), the parts that do not depend on how the value was
// encoded: the OTLP/JSON and the OTLP/protobuf decoders walk their own trees and render every
// value through these, so both give the same text for the same data.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace otelflat {

// Arrays and kvlists are rendered as JSON to this many AnyValue levels; deeper input is
// rejected (our recursion must not follow arbitrarily deep input).
constexpr size_t kMaxAnyValueDepth = 200;

// A value at the top (an attribute's value, a log body): bool, int, double and bytes.
void append_bool_text(std::string& out, bool b);
void append_int_text(std::string& out, int64_t v);
void append_double_text(std::string& out, double d);
void append_bytes_text(std::string& out, std::string_view raw);  // standard base64

// The same inside an array or kvlist, as JSON: strings escaped, NaN and infinities make the
// whole top-level value unrenderable (false, nothing written), empty bytes are null.
void append_json_string_value(std::string& out, std::string_view s);
bool append_json_double(std::string& out, double d);
void append_json_bytes(std::string& out, std::string_view raw);
inline void append_json_empty(std::string& out) { out += "null"; }  // an AnyValue with no value

// A kvlist's entries, each rendered as JSON into `text` (at offset, length), in input order.
// Written as an object sorted by key in byte order, the last of equal keys winning (a Go map);
// false when a value that is written holds a NaN or an infinity.
struct KvlistEntry {
    std::string_view key;
    size_t offset = 0, length = 0;
    size_t seq = 0;
    bool finite = true;
};
bool write_kvlist(std::vector<KvlistEntry>& entries, const std::string& text, std::string& out);

}  // namespace otelflat
