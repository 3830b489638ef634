#include "encode/jsoneachrow.h"

#include <charconv>
#include <cmath>

#include "text/double_text.h"
#include "text/json_escape.h"
#include "text/time_text.h"

namespace otelflat {

namespace {

template <typename T>
void append_integer(std::string& out, T v) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

void append_number(std::string& out, double d) {
    if (std::isfinite(d)) append_double(out, d);
    else out += "null";  // JSON has no NaN/Infinity literals
}

}  // namespace

void JsonEachRowEncoder::write_value(const Column& c, size_t row, std::string& out) const {
    switch (c.kind) {
        case ColumnKind::datetime64:
            if (time_format_ == TimeFormat::ticks) {
                append_integer(out, c.ints[row]);
            } else {
                out += '"';
                append_datetime64_text(out, c.ints[row], c.precision);
                out += '"';
            }
            break;
        case ColumnKind::float64: append_number(out, c.floats[row]); break;
        case ColumnKind::uint8:
        case ColumnKind::uint32:
        case ColumnKind::int32: append_integer(out, c.ints[row]); break;
        case ColumnKind::uint64: append_integer(out, static_cast<uint64_t>(c.ints[row])); break;
        case ColumnKind::boolean: out += c.ints[row] ? "true" : "false"; break;
        case ColumnKind::string: append_json_string(out, c.strings.at(row)); break;
        case ColumnKind::map_string_string: {
            out += '{';
            for (size_t e = c.first(row); e < c.offsets[row]; ++e) {
                if (e != c.first(row)) out += ',';
                append_json_string(out, c.strings.at(e));
                out += ':';
                append_json_string(out, c.values.at(e));
            }
            out += '}';
            break;
        }
        case ColumnKind::array_float64:
        case ColumnKind::array_uint64: {
            out += '[';
            for (size_t e = c.first(row); e < c.offsets[row]; ++e) {
                if (e != c.first(row)) out += ',';
                if (c.kind == ColumnKind::array_float64) append_number(out, c.floats[e]);
                else append_integer(out, static_cast<uint64_t>(c.ints[e]));
            }
            out += ']';
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
