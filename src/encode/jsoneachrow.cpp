#include "encode/jsoneachrow.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#if defined(__AVX2__)
#include <immintrin.h>
#endif

#include "text/double_text.h"
#include "text/int_text.h"
#include "text/json_escape.h"
#include "text/time_text.h"

namespace otelflat {

namespace {

void put_integer(TextCursor& out, int64_t v) { out.commit(write_int(out.reserve(kMaxIntText), v)); }
void put_integer(TextCursor& out, uint64_t v) { out.commit(write_uint(out.reserve(kMaxIntText), v)); }

// JSON has no NaN/Infinity literals: those are written quoted ("NaN", "Infinity",
// "-Infinity"), which keeps the line valid JSON and which ClickHouse reads into Float64.
// Writes up to kMaxNumberText bytes at p.
constexpr size_t kMaxNumberText = kMaxDoubleText + 2;
char* write_number(char* p, double d) {
    if (std::isfinite(d)) return write_double(p, d);
    *p = '"';
    p = write_double(p + 1, d);
    *p = '"';
    return p + 1;
}

void put_number(TextCursor& out, double d) { out.commit(write_number(out.reserve(kMaxNumberText), d)); }

// Ends a JSON array written at p, each element followed by a comma: the last comma becomes
// the bracket, or the bracket follows the '[' of an empty one.
void close_array(TextCursor& out, char* p, bool empty) {
    p[empty ? 0 : -1] = ']';
    out.commit(p + empty);
}

// Map entries [b1, e1) and [b2, e2): the same keys and values in the same order, compared as
// bytes, which is far cheaper than escaping them: first the byte totals and the bytes (a
// point's attributes mostly differ there), then the entry lengths, so "ab","c" never equals
// "a","bc".
bool same_entries(const Column& c, size_t b1, size_t e1, size_t b2, size_t e2) {
    if (e1 - b1 != e2 - b2) return false;
    if (e1 == b1) return true;
    auto same_bytes = [&](const StringStore& s) {
        uint64_t from = s.begin_of(b1), len = s.begin_of(e1) - from, other = s.begin_of(b2);
        return len == s.begin_of(e2) - other && std::memcmp(s.data() + from, s.data() + other, len) == 0;
    };
    if (!same_bytes(c.values) || !same_bytes(c.strings)) return false;
    // Same lengths entry by entry: each entry ends the same distance after its run's start.
    auto same_lengths = [&](const StringStore& s) {
        const uint64_t* ends = s.ends();
        uint64_t shift = s.begin_of(b1) - s.begin_of(b2);
        bool same = true;
        for (size_t i = 0; i < e1 - b1; ++i) same &= ends[b1 + i] - ends[b2 + i] == shift;
        return same;
    };
    return same_lengths(c.strings) && same_lengths(c.values);
}

// Elements [b1, e1) and [b2, e2) of an array kept in `v` (bitwise for doubles: equal bits
// are equal text).
template <typename T>
bool same_elements(const std::vector<T>& v, size_t b1, size_t e1, size_t b2, size_t e2) {
    return e1 - b1 == e2 - b2 && (e1 == b1 || std::memcmp(&v[b1], &v[b2], (e1 - b1) * sizeof(T)) == 0);
}

// From a row's flag words (bit c % 64 of word c / 64 for column c; bits past the last column
// are 0): the first column from i on whose flag is clear (n when none).
inline size_t next_clear_flag(const uint64_t* same, size_t i, size_t n) {
    for (size_t w = i / 64; w * 64 < n; ++w) {
        uint64_t bits = ~same[w];
        if (w == i / 64) bits &= ~uint64_t{0} << (i % 64);
        if (bits) return std::min(n, w * 64 + static_cast<size_t>(__builtin_ctzll(bits)));
    }
    return n;
}

// Sets `bit` in the flag word of each row k in [1, rows) (mask[k * words]) whose value equals
// row k - 1's. The pointers do not alias, so that a comparison of numbers, one table with up
// to 64 columns (words == 1), compiles to vector compares of several rows at once.
template <typename Equal>
void mark_rows(uint64_t* __restrict mask, size_t words, uint64_t bit, size_t rows, Equal equal) {
    if (words == 1) {
        for (size_t k = 1; k < rows; ++k) mask[k] |= equal(k) ? bit : 0;
    } else {
        for (size_t k = 1; k < rows; ++k) mask[k * words] |= equal(k) ? bit : 0;
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
    if (float_text_.empty()) float_text_.resize(size_t{1} << kFloatTextBits);
    // Room for every element at once (a bucket bound array is a few dozen), each followed by
    // a comma, the last one's replaced by the bracket.
    char* p = out_.reserve(2 + (end - begin) * (std::max(kMaxNumberText, sizeof(FloatText::text)) + 1));
    *p++ = '[';
    auto bits_of = [&](size_t e) {
        uint64_t bits;
        std::memcpy(&bits, &c.floats[e], sizeof bits);
        return bits;
    };
    auto slot_of = [&](uint64_t bits) -> FloatText& {
        return float_text_[(bits * 0x9E3779B97F4A7C15ULL) >> (64 - kFloatTextBits)];
    };
    // The slots are scattered over 160 KB, mostly out of the first-level cache: asked for a
    // few elements ahead, they arrive while the elements before are copied.
    constexpr size_t kAhead = 12;
    for (size_t e = begin; e < std::min(end, begin + kAhead); ++e) __builtin_prefetch(&slot_of(bits_of(e)));
    for (size_t e = begin; e < end; ++e) {
        if (e + kAhead < end) __builtin_prefetch(&slot_of(bits_of(e + kAhead)));
        const uint64_t bits = bits_of(e);
        FloatText& slot = slot_of(bits);
        if (slot.size != 0 && slot.bits == bits) {
            std::memcpy(p, slot.text, sizeof slot.text);
            p += slot.size;
        } else {
            char* text = p;
            p = write_number(p, c.floats[e]);
            if (static_cast<size_t>(p - text) <= sizeof slot.text) {
                slot.bits = bits;
                slot.size = static_cast<uint8_t>(p - text);
                std::memcpy(slot.text, text, slot.size);
            }
        }
        *p++ = ',';
    }
    close_array(out_, p, begin == end);
}

// Copies the first of the `kept` renderings whose value is this one (same(begin, end)
// compares them) and that is still in place in the output, when the copy fits without moving
// it; otherwise renders it straight into the output and remembers where, in place of the
// oldest one.
template <typename Same, typename Write>
void JsonEachRowEncoder::write_memoized(const Column& c, size_t begin, size_t end, Memo& memo, size_t kept,
                                        Same same, Write write) {
    for (size_t i = 0; i < kept; ++i) {
        const Memo::Entry& m = memo.entries[i];
        if (m.column == &c && m.moves == out_.moves() && m.text.size() <= out_.room() && same(m.begin, m.end)) {
            out_.put(m.text);  // fits: no move, so the source stays valid while copied
            return;
        }
    }
    TextCursor::Mark before = out_.mark();
    write();
    Memo::Entry& m = memo.entries[memo.next];
    memo.next = (memo.next + 1) % kept;
    std::string_view text = out_.written_since(before);
    if (text.data()) {
        m.column = &c;
        m.begin = begin;
        m.end = end;
        m.text = text;
        m.moves = out_.moves();
    } else {
        m.column = nullptr;
    }
}

// Scalars here, meant to be inlined into write_row; maps and arrays out of line
// (write_container), so that a number or a string does not pay their function's entry.
inline void JsonEachRowEncoder::write_value(const Column& c, size_t row, Memo& memo) {
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
        default: write_container(c, row, memo); break;
    }
}

void JsonEachRowEncoder::write_container(const Column& c, size_t row, Memo& memo) {
    switch (c.kind) {
        case ColumnKind::map_string_string: {
            size_t b = c.first(row), e = c.offsets[row];
            if (b == e) out_.put(std::string_view("{}"));  // leaves the memo to the rows that have entries
            else write_memoized(c, b, e, memo, 1, [&](size_t b2, size_t e2) { return same_entries(c, b, e, b2, e2); },
                                [&] { write_map(c, b, e); });
            break;
        }
        case ColumnKind::array_float64: {
            size_t b = c.first(row), e = c.offsets[row];
            if (b == e) out_.put(std::string_view("[]"));  // gauges between histograms keep the memo
            else write_memoized(c, b, e, memo, Memo::kEntries,
                                [&](size_t b2, size_t e2) { return same_elements(c.floats, b, e, b2, e2); },
                                [&] { write_floats(c, b, e); });
            break;
        }
        case ColumnKind::array_uint64: {
            // Bucket counts, most of a histogram row's numbers: room for all at once, each
            // followed by a comma (write_uint_listed), the last one's replaced by the bracket.
            size_t b = c.first(row), e = c.offsets[row];
            char* p = out_.reserve(2 + (e - b) * (kMaxIntText + 1));
            *p++ = '[';
            for (size_t i = b; i < e; ++i) p = write_uint_listed(p, static_cast<uint64_t>(c.ints[i]));
            close_array(out_, p, b == e);
            break;
        }
        default: {  // other arrays
            out_.put('[');
            for (size_t e = c.first(row); e < c.offsets[row]; ++e) {
                if (e != c.first(row)) out_.put(',');
                switch (c.kind) {
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

void JsonEachRowEncoder::put_key(const Key& k) {
    if (!k.fits()) return out_.put(k.text);
    char* p = out_.reserve(sizeof k.padded);
    std::memcpy(p, k.padded, sizeof k.padded);  // the bytes past the key are overwritten next
    out_.commit(p + k.text.size());
}

// starts[k] = before[k] + shift for the columns [i, j) of a run copied from the row before,
// four at a time: up to kStartsSlack entries past j get a value too, which is overwritten
// before it is read (every column of a row gets its start as the row is written, in order,
// and the entries past the last column's end are slack). A run is five columns on average,
// and the loop one at a time was the hottest line of a metrics row.
void JsonEachRowEncoder::shift_starts(const char** __restrict starts, const char* const* __restrict before, size_t i,
                                      size_t j, ptrdiff_t shift) {
#if defined(__AVX2__)
    static_assert(sizeof(const char*) == 8 && kStartsSlack >= 3, "four 64-bit addresses a step");
    const __m256i by = _mm256_set1_epi64x(shift);
    for (size_t k = i; k < j; k += 4) {
        const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(before + k));
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(starts + k), _mm256_add_epi64(b, by));
    }
#else
    for (size_t k = i; k < j; ++k) starts[k] = before[k] + shift;
#endif
}

// Bit i % 64 of same_[(row - begin) * words + i / 64]: whether column i of `row` equals the row
// before, for the rows after `begin` (a run's first row follows a hand-over: it is never copied).
void JsonEachRowEncoder::mark_repeats(const Block& block, size_t begin, size_t end) {
    const size_t n = block.columns.size(), words = flag_words(n), rows = end - begin;
    same_.assign(rows * words, 0);
    for (size_t i = 0; i < n; ++i) {
        const Column& c = block.columns[i];
        auto mark = [&](auto equal) { mark_rows(same_.data() + i / 64, words, uint64_t{1} << (i % 64), rows, equal); };
        // Rows the column says repeat the row before are marked range by range, not compared
        // (nor tested one by one against the ranges: that branch was mispredicted at each
        // range's end); the rows between are compared.
        auto mark_unless_known = [&](auto equal) {
            uint64_t* mask = same_.data() + i / 64;
            const uint64_t bit = uint64_t{1} << (i % 64);
            auto known = std::lower_bound(c.repeated_rows.begin(), c.repeated_rows.end(), begin + 1,
                                          [](const auto& range, size_t row) { return range.second <= row; });
            for (size_t r = begin + 1; r < end; ++known) {
                const bool more = known != c.repeated_rows.end();
                const size_t known_begin = more ? std::clamp<size_t>(known->first, r, end) : end;
                for (; r < known_begin; ++r) mask[(r - begin) * words] |= equal(r) ? bit : 0;
                if (!more) break;
                for (const size_t known_end = std::min<size_t>(known->second, end); r < known_end; ++r)
                    mask[(r - begin) * words] |= bit;
            }
        };
        // Array and map rows: their elements or entries against the row before's.
        auto mark_ranges = [&](auto same_ranges) {
            mark([&](size_t k) {
                size_t r = begin + k;
                return same_ranges(c.first(r), c.offsets[r], c.first(r - 1), c.offsets[r - 1]);
            });
        };
        switch (c.kind) {
            case ColumnKind::float64: {  // bitwise: equal bits are equal text
                const double* v = c.floats.data() + begin;
                mark([v](size_t k) {
                    uint64_t a, b;
                    std::memcpy(&a, v + k, sizeof a);
                    std::memcpy(&b, v + k - 1, sizeof b);
                    return a == b;
                });
                break;
            }
            case ColumnKind::string:
                mark_unless_known([&](size_t r) { return c.strings.at(r) == c.strings.at(r - 1); });
                break;
            case ColumnKind::map_string_string:
                mark_unless_known([&](size_t r) {
                    return same_entries(c, c.first(r), c.offsets[r], c.first(r - 1), c.offsets[r - 1]);
                });
                break;
            case ColumnKind::array_float64:
                mark_ranges([&](size_t b1, size_t e1, size_t b2, size_t e2) {
                    return same_elements(c.floats, b1, e1, b2, e2);
                });
                break;
            case ColumnKind::array_uint64:
            case ColumnKind::array_datetime64:
            case ColumnKind::array_datetime:
                mark_ranges([&](size_t b1, size_t e1, size_t b2, size_t e2) {
                    return same_elements(c.ints, b1, e1, b2, e2);
                });
                break;
            case ColumnKind::array_string:
            case ColumnKind::array_map:  // compared only when empty: not worth a deep comparison
                mark([&](size_t k) {
                    size_t r = begin + k;
                    return c.first(r) == c.offsets[r] && c.first(r - 1) == c.offsets[r - 1];
                });
                break;
            default: {  // every integer and time kind
                const int64_t* v = c.ints.data() + begin;
                mark([v](size_t k) { return v[k] == v[k - 1]; });
                break;
            }
        }
    }
}

// `previous_in_place`: the row before was written since the cursor's last move, so its text
// (at previous_starts_) is still in place to copy from, as long as nothing moves it.
void JsonEachRowEncoder::write_row(const Block& block, size_t row, const uint64_t* same, bool previous_in_place) {
    size_t n = block.columns.size(), moves = out_.moves();
    for (size_t i = 0; i < n; ++i) {
        if (previous_in_place && ((same[i / 64] >> (i % 64)) & 1) && out_.moves() == moves) {
            size_t j = next_clear_flag(same, i + 1, n);
            const char* const* __restrict before = previous_starts_.data();
            size_t len = static_cast<size_t>(before[j] - before[i]);
            if (len <= out_.room()) {
                char* p = out_.reserve(len);
                const char** __restrict starts = starts_.data();
                shift_starts(starts, before, i, j, p - before[i]);  // both in the cursor's buffer: it did not move
                std::memcpy(p, before[i], len);
                out_.commit(p + len);
                i = j;  // column j differs (the comparison above stopped there): written below
                if (i == n) break;
            }
        }
        starts_[i] = out_.pos();
        put_key(keys_[i]);
        write_value(block.columns[i], row, memos_[i]);
    }
    starts_[n] = out_.pos();
    out_.put(std::string_view("}\n"));
}

void JsonEachRowEncoder::write(const Block& block, size_t begin, size_t end, Output& output) {
    // Each row starts its keys with these: `{"name":` then `,"name":`, escaped once per call.
    keys_.resize(block.columns.size());
    memos_.assign(block.columns.size(), Memo{});
    for (size_t i = 0; i < block.columns.size(); ++i) {
        Key& k = keys_[i];
        k.text.assign(i == 0 ? "{" : ",");
        append_json_string(k.text, block.columns[i].name);
        k.text += ':';
        std::memset(k.padded, 0, sizeof k.padded);
        if (k.fits()) std::memcpy(k.padded, k.text.data(), k.text.size());
    }
    starts_.resize(block.columns.size() + 1 + kStartsSlack);
    previous_starts_.resize(block.columns.size() + 1 + kStartsSlack);
    const size_t none = ~size_t{0};
    size_t moves_since_previous = none;  // the cursor's count when the row before was written whole
    // Runs of rows up to a multiple of 256, after each of which the output may be flushed.
    out_.start(output.buffer());
    size_t run = begin;
    for (size_t row = begin; row < end; ++row) {
        if ((row & 255) == 0 && row != begin) {
            out_.finish();
            output.maybe_flush();
            out_.start(output.buffer());
        }
        if (row == begin || (row & 255) == 0) {
            run = row;
            mark_repeats(block, run, std::min(end, (row | 255) + 1));
        }
        size_t before = out_.moves();
        write_row(block, row, same_.data() + (row - run) * flag_words(block.columns.size()),
                  before == moves_since_previous);
        moves_since_previous = out_.moves() == before ? before : none;  // moved mid-row: not copied from
        std::swap(starts_, previous_starts_);
    }
    out_.finish();
}

}  // namespace otelflat
