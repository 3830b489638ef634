#include "source/kafka_offsets.h"

#include <charconv>

namespace otelflat {
namespace {

bool parse_int(const std::string& s, size_t from, int64_t& out) {
    const char* b = s.data() + from;
    const char* e = s.data() + s.size();
    auto r = std::from_chars(b, e, out);
    return b != e && r.ec == std::errc() && r.ptr == e;
}

}  // namespace

std::string add_offset_arg(const std::string& text, OffsetSpec& spec) {
    const std::string grammar = "beginning, end, stored, N, -N, s@EPOCH_MS or e@EPOCH_MS";
    if (text.rfind("e@", 0) == 0) {
        int64_t ms = 0;
        if (!parse_int(text, 2, ms) || ms < 0) return "-o " + text + ": e@ needs milliseconds since the epoch";
        if (spec.end_timestamp_ms) return "-o " + text + ": only one e@ end may be given";
        spec.end_timestamp_ms = ms;
        return "";
    }
    StartOffset start;
    if (text == "beginning") start.kind = StartOffset::beginning;
    else if (text == "end") start.kind = StartOffset::end;
    else if (text == "stored") start.kind = StartOffset::stored;
    else if (text.rfind("s@", 0) == 0) {
        if (!parse_int(text, 2, start.value) || start.value < 0)
            return "-o " + text + ": s@ needs milliseconds since the epoch";
        start.kind = StartOffset::timestamp;
    } else {
        int64_t n = 0;
        if (!parse_int(text, 0, n)) return "-o " + text + ": not an offset (" + grammar + ")";
        if (text[0] == '-') {
            if (n == 0) return "-o " + text + ": -N needs N > 0";
            start.kind = StartOffset::tail;
            start.value = -n;
        } else {
            start.kind = StartOffset::absolute;
            start.value = n;
        }
    }
    if (spec.start) return "-o " + text + ": only one start offset may be given (and one e@ end)";
    spec.start = start;
    return "";
}

}  // namespace otelflat
