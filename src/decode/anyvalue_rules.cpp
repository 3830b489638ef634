#include "decode/anyvalue_rules.h"

#include <algorithm>

#include "text/base64.h"
#include "text/double_text.h"
#include "text/int_text.h"
#include "text/json_escape.h"

namespace otelflat {

void append_bool_text(std::string& out, bool b) { out += b ? "true" : "false"; }

void append_int_text(std::string& out, int64_t v) {
    char buf[kMaxIntText];
    out.append(buf, write_int(buf, v));
}

void append_double_text(std::string& out, double d) { append_double(out, d); }

void append_bytes_text(std::string& out, std::string_view raw) { append_base64(out, raw); }

void append_json_string_value(std::string& out, std::string_view s) { append_json_string(out, s); }

bool append_json_double(std::string& out, double d) {
    if (is_non_finite(d)) return false;
    append_double(out, d);
    return true;
}

void append_json_bytes(std::string& out, std::string_view raw) {
    if (raw.empty()) {
        out += "null";  // Go turns an empty byte slice into nil
        return;
    }
    out += '"';
    append_base64(out, raw);
    out += '"';
}

bool write_kvlist(std::vector<KvlistEntry>& es, const std::string& text, std::string& out) {
    std::sort(es.begin(), es.end(), [](const KvlistEntry& a, const KvlistEntry& b) {
        return a.key != b.key ? a.key < b.key : a.seq < b.seq;
    });
    bool ok = true;
    out += '{';
    bool first = true;
    for (size_t i = 0; i < es.size(); ++i) {
        if (i + 1 < es.size() && es[i + 1].key == es[i].key) continue;
        ok &= es[i].finite;  // a NaN that a later duplicate replaces does not spoil the kvlist
        if (!first) out += ',';
        first = false;
        append_json_string(out, es[i].key);
        out += ':';
        out.append(text, es[i].offset, es[i].length);
    }
    out += '}';
    return ok;
}

}  // namespace otelflat
