#include "sink/dead_letter.h"

#include <simdjson.h>

#include "text/base64.h"
#include "text/int_text.h"
#include "text/json_escape.h"

namespace otelflat {
namespace {

void append_number(std::string& out, const char* key, int64_t v) {
    char buf[kMaxIntText];
    out += ",\"";
    out += key;
    out += "\":";
    out.append(buf, write_int(buf, v));
}

}  // namespace

void append_dead_letter(std::string& out, const DeadLetterSource& source, std::string_view reason,
                        std::string_view bytes, uint64_t skipped) {
    if (!source.topic.empty()) {
        out += "{\"source\":\"kafka\",\"topic\":";
        append_json_string(out, source.topic);
        append_number(out, "partition", source.partition);
        append_number(out, "offset", source.offset);
    } else {
        out += "{\"source\":\"file\",\"file\":";
        append_json_string(out, source.file);
    }
    append_number(out, "line", static_cast<int64_t>(source.line));
    append_number(out, "byte", static_cast<int64_t>(source.byte));
    out += ",\"reason\":";
    append_json_string(out, reason);
    if (skipped > 0) {
        append_number(out, "skipped_bytes", static_cast<int64_t>(skipped));
    } else if (simdjson::validate_utf8(bytes.data(), bytes.size())) {
        // Escaped by the same rule as every other string otelflat writes: valid UTF-8 input
        // comes back byte for byte when the line is parsed.
        out += ",\"document\":";
        append_json_string(out, bytes);
    } else {
        out += ",\"document_base64\":\"";
        append_base64(out, bytes);
        out += '"';
    }
    out += "}\n";
}

}  // namespace otelflat
