#include "encode/jsoneachrow.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include "text/double_text.h"
#include "text/json_escape.h"
#include "text/time_text.h"

namespace otelflat {

namespace {

constexpr size_t kMaxIntegerText = 24;

template <typename T>
void put_integer(TextCursor& out, T v) {
    char* p = out.reserve(kMaxIntegerText);
    out.commit(std::to_chars(p, p + kMaxIntegerText, v).ptr);
}

// JSON has no NaN/Infinity literals: those are written quoted ("NaN", "Infinity",
// "-Infinity"), which keeps the line valid JSON and which ClickHouse reads into Float64.
void put_number(TextCursor& out, double d) {
    char* p = out.reserve(kMaxDoubleText + 2);
    if (std::isfinite(d)) {
        out.commit(write_double(p, d));
    } else {
        *p = '"';
        p = write_double(p + 1, d);
        *p = '"';
        out.commit(p + 1);
    }
}

}  // namespace

// A DateTime64 as UTC text only when the column is typed with 'UTC' (and text was asked
// for); otherwise as integer ticks, which no server time zone can misread.
void JsonEachRowEncoder::write_time(const Column& c, int64_t ticks) {
    if (time_format_ == TimeFormat::text && c.utc) {
        char* p = out_.reserve(kMaxDateTimeText + 2);
        *p = '"';
        p = write_datetime64_text(p + 1, ticks, c.precision);
        *p = '"';
        out_.commit(p + 1);
    } else {
        put_integer(out_, ticks);
    }
}

// Map entries [begin, end) as a JSON object (duplicate keys stay, as ClickHouse keeps them).
void JsonEachRowEncoder::write_map(const Column& c, size_t begin, size_t end) {
    out_.put('{');
    for (size_t e = begin; e < end; ++e) {
        if (e != begin) out_.put(',');
        append_json_string(out_, c.strings.at(e));
        out_.put(':');
        append_json_string(out_, c.values.at(e));
    }
    out_.put('}');
}

void JsonEachRowEncoder::write_floats(const Column& c, size_t begin, size_t end) {
    out_.put('[');
    for (size_t e = begin; e < end; ++e) {
        if (e != begin) out_.put(',');
        put_number(out_, c.floats[e]);
    }
    out_.put(']');
}

// Same keys and values in the same order: compared as bytes, which is far cheaper than
// escaping them. Entry lengths are compared too, so "ab","c" never equals "a","bc".
bool JsonEachRowEncoder::same_entries(const Column& c, const Memo& m, size_t begin, size_t end) const {
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
bool JsonEachRowEncoder::same_floats(const Column& c, const Memo& m, size_t begin, size_t end) const {
    size_t n = end - begin;
    return m.column == &c && m.end - m.begin == n &&
           (n == 0 || std::memcmp(&c.floats[begin], &c.floats[m.begin], n * sizeof(double)) == 0);
}

// Copies the last rendering when the value is the same; otherwise renders it straight into
// the output and keeps a copy of the text (when it is still in the cursor's scratch) for
// the rows after it.
template <typename Write>
void JsonEachRowEncoder::write_memoized(const Column& c, size_t begin, size_t end, Memo& memo, bool same,
                                        Write write) {
    if (same) {
        out_.put(memo.text);
        return;
    }
    const char* from = out_.pos();
    size_t flushes = out_.flushes();
    write();
    if (out_.flushes() == flushes) {
        memo.column = &c;
        memo.begin = begin;
        memo.end = end;
        memo.text.assign(from, static_cast<size_t>(out_.pos() - from));
    } else {
        memo.column = nullptr;
    }
}

void JsonEachRowEncoder::write_value(const Column& c, size_t row, Memo& memo) {
    switch (c.kind) {
        case ColumnKind::datetime64: write_time(c, c.ints[row]); break;
        case ColumnKind::datetime: put_integer(out_, c.ints[row]); break;
        case ColumnKind::float64: put_number(out_, c.floats[row]); break;
        case ColumnKind::uint8:
        case ColumnKind::uint32:
        case ColumnKind::int32:
        case ColumnKind::int64: put_integer(out_, c.ints[row]); break;
        case ColumnKind::uint64: put_integer(out_, static_cast<uint64_t>(c.ints[row])); break;
        case ColumnKind::boolean: out_.put(c.ints[row] ? std::string_view("true") : std::string_view("false")); break;
        case ColumnKind::string: append_json_string(out_, c.strings.at(row)); break;
        case ColumnKind::map_string_string: {
            size_t b = c.first(row), e = c.offsets[row];
            if (b == e) out_.put(std::string_view("{}"));  // leaves the memo to the rows that have entries
            else write_memoized(c, b, e, memo, same_entries(c, memo, b, e), [&] { write_map(c, b, e); });
            break;
        }
        case ColumnKind::array_float64: {
            size_t b = c.first(row), e = c.offsets[row];
            if (b == e) out_.put(std::string_view("[]"));  // gauges between histograms keep the memo
            else write_memoized(c, b, e, memo, same_floats(c, memo, b, e), [&] { write_floats(c, b, e); });
            break;
        }
        default: {  // other arrays
            out_.put('[');
            for (size_t e = c.first(row); e < c.offsets[row]; ++e) {
                if (e != c.first(row)) out_.put(',');
                switch (c.kind) {
                    case ColumnKind::array_uint64: put_integer(out_, static_cast<uint64_t>(c.ints[e])); break;
                    case ColumnKind::array_datetime64: write_time(c, c.ints[e]); break;
                    case ColumnKind::array_datetime: put_integer(out_, c.ints[e]); break;
                    case ColumnKind::array_string: append_json_string(out_, c.strings.at(e)); break;
                    case ColumnKind::array_map: write_map(c, c.first_entry(e), c.inner_offsets[e]); break;
                    default: break;
                }
            }
            out_.put(']');
            break;
        }
    }
}

void JsonEachRowEncoder::write(const Block& block, size_t begin, size_t end, Output& output) {
    // Each row starts its keys with these: `{"name":` then `,"name":`, escaped once per call.
    keys_.resize(block.columns.size());
    memos_.assign(block.columns.size(), Memo{});
    for (size_t i = 0; i < block.columns.size(); ++i) {
        keys_[i].assign(i == 0 ? "{" : ",");
        append_json_string(keys_[i], block.columns[i].name);
        keys_[i] += ':';
    }
    out_.start(output.buffer());
    for (size_t row = begin; row < end; ++row) {
        if ((row & 255) == 0 && row != begin) {
            out_.finish();
            output.maybe_flush();
            out_.start(output.buffer());
        }
        for (size_t i = 0; i < block.columns.size(); ++i) {
            out_.put(keys_[i]);
            write_value(block.columns[i], row, memos_[i]);
        }
        out_.put(std::string_view("}\n"));
    }
    out_.finish();
}

}  // namespace otelflat
