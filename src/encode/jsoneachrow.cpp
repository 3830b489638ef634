#include "encode/jsoneachrow.h"

#include <charconv>
#include <cmath>

#include "text/double_text.h"
#include "text/json_escape.h"
#include "text/time_text.h"

namespace otelflat {

void JsonEachRowEncoder::write_value(const Column& c, size_t row, std::string& out) const {
    switch (c.kind) {
        case ColumnKind::datetime64:
            if (time_format_ == TimeFormat::ticks) {
                char buf[24];
                auto r = std::to_chars(buf, buf + sizeof buf, c.ints[row]);
                out.append(buf, r.ptr);
            } else {
                out += '"';
                append_datetime64_text(out, c.ints[row], c.precision);
                out += '"';
            }
            break;
        case ColumnKind::float64: {
            double d = c.floats[row];
            if (std::isfinite(d)) append_double(out, d);
            else out += "null";  // JSON has no NaN/Infinity literals
            break;
        }
        case ColumnKind::string: append_json_string(out, c.strings.at(row)); break;
        case ColumnKind::map_string_string: {
            out += '{';
            size_t first = row == 0 ? 0 : c.map_ends[row - 1];
            for (size_t e = first; e < c.map_ends[row]; ++e) {
                if (e != first) out += ',';
                append_json_string(out, c.strings.at(e));
                out += ':';
                append_json_string(out, c.values.at(e));
            }
            out += '}';
            break;
        }
    }
}

void JsonEachRowEncoder::write(const Block& block, size_t begin, size_t end, Output& output) {
    std::string& out = output.buffer();
    for (size_t row = begin; row < end; ++row) {
        if ((row & 255) == 0) output.maybe_flush();
        char sep = '{';
        for (const Column& c : block.columns) {
            out += sep;
            sep = ',';
            append_json_string(out, c.name);
            out += ':';
            write_value(c, row, out);
        }
        out += "}\n";
    }
}

}  // namespace otelflat
