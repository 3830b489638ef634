#include "encode/jsoneachrow.h"

#include <charconv>
#include <cmath>
#include <cstring>

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

// JSON has no NaN/Infinity literals: those are written quoted ("NaN", "Infinity",
// "-Infinity"), which keeps the line valid JSON and which ClickHouse reads into Float64.
void append_number(std::string& out, double d) {
    if (std::isfinite(d)) {
        append_double(out, d);
    } else {
        out += '"';
        append_double(out, d);
        out += '"';
    }
}

}  // namespace

// A DateTime64 as UTC text only when the column is typed with 'UTC' (and text was asked
// for); otherwise as integer ticks, which no server time zone can misread.
void JsonEachRowEncoder::write_time(const Column& c, int64_t ticks, std::string& out) const {
    if (time_format_ == TimeFormat::text && c.utc) {
        out += '"';
        append_datetime64_text(out, ticks, c.precision);
        out += '"';
    } else {
        append_integer(out, ticks);
    }
}

// Map entries [begin, end) as a JSON object (duplicate keys stay, as ClickHouse keeps them).
void JsonEachRowEncoder::write_map(const Column& c, size_t begin, size_t end, std::string& out) const {
    out += '{';
    for (size_t e = begin; e < end; ++e) {
        if (e != begin) out += ',';
        append_json_string(out, c.strings.at(e));
        out += ':';
        append_json_string(out, c.values.at(e));
    }
    out += '}';
}

// Same keys and values in the same order: compared as bytes, which is far cheaper than
// escaping them. Entry lengths are compared too, so "ab","c" never equals "a","bc".
bool JsonEachRowEncoder::same_entries(const Column& c, const MapMemo& m, size_t begin, size_t end) const {
    if (m.column != &c || end - begin != m.end - m.begin) return false;
    for (size_t i = 0; i < end - begin; ++i) {
        if (c.strings.at(begin + i).size() != c.strings.at(m.begin + i).size() ||
            c.values.at(begin + i).size() != c.values.at(m.begin + i).size())
            return false;
    }
    auto range_equal = [&](const StringStore& s) {
        uint64_t from = s.begin_of(begin), len = s.begin_of(end) - from, prev = s.begin_of(m.begin);
        return len == s.begin_of(m.end) - prev && std::memcmp(s.data() + from, s.data() + prev, len) == 0;
    };
    return end == begin || (range_equal(c.strings) && range_equal(c.values));
}

// Histogram bounds repeat on every point of a metric; formatting doubles is the costly part.
void JsonEachRowEncoder::write_floats_memoized(const Column& c, size_t begin, size_t end, MapMemo& memo,
                                               std::string& out) const {
    size_t n = end - begin;
    bool same = memo.column == &c && memo.end - memo.begin == n &&
                (n == 0 || std::memcmp(&c.floats[begin], &c.floats[memo.begin], n * sizeof(double)) == 0);
    if (!same) {
        memo.column = &c;
        memo.begin = begin;
        memo.end = end;
        memo.text.assign(1, '[');
        for (size_t e = begin; e < end; ++e) {
            if (e != begin) memo.text += ',';
            append_number(memo.text, c.floats[e]);
        }
        memo.text += ']';
    }
    out += memo.text;
}

void JsonEachRowEncoder::write_map_memoized(const Column& c, size_t begin, size_t end, MapMemo& memo,
                                            std::string& out) const {
    if (!same_entries(c, memo, begin, end)) {
        memo.column = &c;
        memo.begin = begin;
        memo.end = end;
        memo.text.clear();
        write_map(c, begin, end, memo.text);
    }
    out += memo.text;
}

void JsonEachRowEncoder::write_value(const Column& c, size_t row, MapMemo& memo, std::string& out) const {
    switch (c.kind) {
        case ColumnKind::datetime64: write_time(c, c.ints[row], out); break;
        case ColumnKind::datetime: append_integer(out, c.ints[row]); break;
        case ColumnKind::float64: append_number(out, c.floats[row]); break;
        case ColumnKind::uint8:
        case ColumnKind::uint32:
        case ColumnKind::int32: append_integer(out, c.ints[row]); break;
        case ColumnKind::uint64: append_integer(out, static_cast<uint64_t>(c.ints[row])); break;
        case ColumnKind::boolean: out += c.ints[row] ? "true" : "false"; break;
        case ColumnKind::string: append_json_string(out, c.strings.at(row)); break;
        case ColumnKind::map_string_string: write_map_memoized(c, c.first(row), c.offsets[row], memo, out); break;
        case ColumnKind::array_float64: write_floats_memoized(c, c.first(row), c.offsets[row], memo, out); break;
        default: {  // other arrays
            out += '[';
            for (size_t e = c.first(row); e < c.offsets[row]; ++e) {
                if (e != c.first(row)) out += ',';
                switch (c.kind) {
                    case ColumnKind::array_float64: append_number(out, c.floats[e]); break;
                    case ColumnKind::array_uint64: append_integer(out, static_cast<uint64_t>(c.ints[e])); break;
                    case ColumnKind::array_datetime64: write_time(c, c.ints[e], out); break;
                    case ColumnKind::array_datetime: append_integer(out, c.ints[e]); break;
                    case ColumnKind::array_string: append_json_string(out, c.strings.at(e)); break;
                    case ColumnKind::array_map: write_map(c, c.first_entry(e), c.inner_offsets[e], out); break;
                    default: break;
                }
            }
            out += ']';
            break;
        }
    }
}

void JsonEachRowEncoder::write(const Block& block, size_t begin, size_t end, Output& output) {
    std::string& out = output.buffer();
    // Each row starts its keys with these: `{"name":` then `,"name":`, escaped once per call.
    keys_.resize(block.columns.size());
    memos_.assign(block.columns.size(), MapMemo{});
    for (size_t i = 0; i < block.columns.size(); ++i) {
        keys_[i].assign(i == 0 ? "{" : ",");
        append_json_string(keys_[i], block.columns[i].name);
        keys_[i] += ':';
    }
    for (size_t row = begin; row < end; ++row) {
        if ((row & 255) == 0) output.maybe_flush();
        for (size_t i = 0; i < block.columns.size(); ++i) {
            out += keys_[i];
            write_value(block.columns[i], row, memos_[i], out);
        }
        out += "}\n";
    }
}

}  // namespace otelflat
