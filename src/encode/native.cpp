#include "encode/native.h"

#include <algorithm>
#include <cstring>

namespace otelflat {
namespace {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "Native is little-endian; so must the host be");

void put_varuint(CharBuffer& out, uint64_t v) {
    if (v < 0x80) {  // lengths of ids, names and most values
        out.push_back(static_cast<char>(v));
        return;
    }
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7F) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

void put_u64(CharBuffer& out, uint64_t v) { out.append(reinterpret_cast<const char*>(&v), 8); }

void put_string(CharBuffer& out, std::string_view s) {
    put_varuint(out, s.size());
    out.append(s.data(), s.size());
}

char* put_varuint_at(char* p, uint64_t v) {
    while (v >= 0x80) {
        *p++ = static_cast<char>((v & 0x7F) | 0x80);
        v >>= 7;
    }
    *p++ = static_cast<char>(v);
    return p;
}

constexpr size_t kMaxVarint = 10;

// One length-prefixed value at the cursor, which has room for it.
inline void put_value(TextCursor& cursor, std::string_view v) {
    char* p = put_varuint_at(cursor.reserve(v.size() + kMaxVarint), v.size());
    copy_bytes(p, v.data(), v.size());
    cursor.commit(p + v.size());
}

// Strings [begin, end) as length-prefixed values, written through the cursor's raw pointer:
// per-value appends cost more than the bytes themselves for the short keys and values of
// attribute maps, and growing the buffer ahead by resize() would zero-fill it first. Runs of
// 4,096 values let the output flush.
void put_strings(Output& output, TextCursor& cursor, const StringStore& s, size_t begin, size_t end) {
    constexpr size_t kRun = 4096;
    for (size_t run = begin; run < end; run += kRun) {
        output.maybe_flush();
        cursor.start(output.buffer());
        size_t run_end = std::min(end, run + kRun);
        for (size_t i = run; i < run_end; ++i) put_value(cursor, s.at(i));
        cursor.finish();
    }
}

// The values of rows [begin, end) of a string or map column (`entries(row)`: that row's
// values in `s`), as put_strings writes them, except that a row the column notes as repeating
// the row before (a resource's attributes and service on each of its records) is one copy of
// the bytes the row before became, while those are still in place, not one write per value.
template <typename Entries>
void put_row_strings(Output& output, TextCursor& cursor, const Column& c, const StringStore& s, size_t begin,
                     size_t end, Entries entries) {
    constexpr size_t kRun = 4096;
    auto known = std::lower_bound(c.repeated_rows.begin(), c.repeated_rows.end(), begin + 1,
                                  [](const auto& range, size_t row) { return range.second <= row; });
    for (size_t row = begin; row < end;) {
        output.maybe_flush();
        cursor.start(output.buffer());
        const char* previous = nullptr;  // where the row before starts, when written in place
        size_t previous_len = 0, moves = cursor.moves();
        for (size_t values = 0; row < end && values < kRun; ++row) {
            while (known != c.repeated_rows.end() && known->second <= row) ++known;
            bool repeats = known != c.repeated_rows.end() && known->first <= row;
            auto [first, last] = entries(row);
            values += last - first;
            if (repeats && previous && previous_len <= cursor.room()) {
                char* p = cursor.reserve(previous_len);  // fits: nothing moves
                std::memcpy(p, previous, previous_len);
                cursor.commit(p + previous_len);
                previous = p;
                continue;
            }
            const char* start = cursor.pos();
            for (size_t i = first; i < last; ++i) put_value(cursor, s.at(i));
            bool in_place = cursor.moves() == moves;
            previous = in_place ? start : nullptr;
            previous_len = in_place ? static_cast<size_t>(cursor.pos() - start) : 0;
            moves = cursor.moves();
        }
        cursor.finish();
    }
}

template <typename T>
void put_fixed(CharBuffer& out, const std::vector<T>& v, size_t begin, size_t end) {
    out.append(reinterpret_cast<const char*>(v.data() + begin), (end - begin) * sizeof(T));
}

// Values of type T for items [begin, end), value(i) each, filled in place: one growth, not one
// append per value.
template <typename T, typename Value>
void put_each(CharBuffer& out, size_t begin, size_t end, Value value) {
    char* p = out.extend((end - begin) * sizeof(T));
    for (size_t i = begin; i < end; ++i, p += sizeof(T)) {
        T x = value(i);
        std::memcpy(p, &x, sizeof x);
    }
}

template <typename T>
void put_narrowed(CharBuffer& out, const std::vector<int64_t>& v, size_t begin, size_t end) {
    put_each<T>(out, begin, end, [&](size_t i) { return static_cast<T>(v[i]); });
}

// Array and map offsets of rows [begin, end): cumulative element counts from the first row
// written, which are the stored ones when that is the block's first row.
void put_offsets(CharBuffer& out, const std::vector<uint64_t>& offsets, uint64_t base, size_t begin, size_t end) {
    if (base == 0) return put_fixed<uint64_t>(out, offsets, begin, end);
    put_each<uint64_t>(out, begin, end, [&](size_t r) { return offsets[r] - base; });
}

// The dictionary's hash: 8 bytes per step (a byte at a time cost 13% of the otel metrics
// tables, whose many LowCardinality columns hash every value). Only equality matters for
// correctness; this only has to spread keys over the slots.
uint64_t hash_bytes(std::string_view s) {
    constexpr uint64_t kMul = 0x9E3779B97F4A7C15ULL;
    uint64_t h = s.size() * kMul;
    const char* p = s.data();
    size_t n = s.size();
    for (; n >= 8; p += 8, n -= 8) {
        uint64_t w;
        std::memcpy(&w, p, 8);
        h = (h ^ w) * kMul;
        h ^= h >> 32;
    }
    if (n > 0) {
        // The last 8 bytes of the value (overlapping the step before) when it has 8: a fixed
        // load instead of a copy of n bytes, which is a call.
        uint64_t w = 0;
        if (s.size() >= 8) std::memcpy(&w, s.data() + s.size() - 8, 8);
        else std::memcpy(&w, p, n);
        h = (h ^ w) * kMul;
    }
    return h ^ (h >> 29);
}

// a == b for the short values of dictionary columns, inline: eight bytes at a time (the last
// load overlapping the one before), where memcmp is a call for every value.
bool same_value(std::string_view a, std::string_view b) {
    size_t n = a.size();
    if (n != b.size()) return false;
    if (n < 8) return n == 0 || std::memcmp(a.data(), b.data(), n) == 0;
    auto word = [](const char* p) {
        uint64_t w;
        std::memcpy(&w, p, 8);
        return w;
    };
    for (size_t i = 0; i + 8 < n; i += 8)
        if (word(a.data() + i) != word(b.data() + i)) return false;
    return word(a.data() + n - 8) == word(b.data() + n - 8);
}

}  // namespace

void NativeEncoder::write_low_cardinality(const StringStore& s, size_t begin, size_t end, CharBuffer& out,
                                          const std::vector<KnownRepeat>& known) {
    size_t n = end - begin;
    // No values (all maps or arrays of the block empty): ClickHouse reads no body at all, so an
    // empty dictionary here would be taken for the next block (checked on 26.7).
    if (n == 0) return;
    size_t cap = 16;
    while (cap < n * 2) cap <<= 1;
    slots_.assign(cap, 0);
    keys_.clear();
    last_seen_.clear();
    indexes_.resize(n);
    // Values repeat with a period: a run of one value (a resource's service on each of its
    // rows) has period 1, a map's keys copied to each row the map's size. When the value before
    // repeated the one `period` back, this one is first compared with the one `period` back,
    // and only looked up when that is not it. Values known to repeat (`known`) copy the index
    // `period` back (last_seen_ then lags behind, which only makes a period guess miss).
    size_t period = 1;
    auto look_up = [&](size_t i) {
        std::string_view v = s.at(begin + i);
        if (period <= i && same_value(keys_[indexes_[i - period]], v)) {
            indexes_[i] = indexes_[i - period];
            last_seen_[indexes_[i]] = static_cast<uint32_t>(i);
            return;
        }
        size_t slot = hash_bytes(v) & (cap - 1);
        for (;;) {
            uint32_t k = slots_[slot];
            if (k == 0) {
                keys_.push_back(v);
                last_seen_.push_back(static_cast<uint32_t>(i));
                slots_[slot] = static_cast<uint32_t>(keys_.size());
                indexes_[i] = static_cast<uint32_t>(keys_.size() - 1);
                return;
            }
            if (same_value(keys_[k - 1], v)) {
                indexes_[i] = k - 1;
                period = i - last_seen_[k - 1];
                last_seen_[k - 1] = static_cast<uint32_t>(i);
                return;
            }
            slot = (slot + 1) & (cap - 1);
        }
    };
    auto next_known = known.begin();
    for (size_t i = 0; i < n;) {
        if (next_known != known.end() && i == next_known->begin) {
            for (; i < next_known->end; ++i) indexes_[i] = indexes_[i - next_known->period];
            ++next_known;
        } else {
            look_up(i++);
        }
    }
    // index_type: width code | HasAdditionalKeys (0x200); no global dictionary.
    uint64_t width = keys_.size() <= 0x100 ? 0 : keys_.size() <= 0x10000 ? 1 : 2;
    put_u64(out, width | 0x200);
    put_u64(out, keys_.size());
    for (std::string_view k : keys_) put_string(out, k);
    put_u64(out, n);
    size_t bytes = size_t{1} << width;
    char* p = out.extend(n * bytes);
    for (size_t i = 0; i < n; ++i, p += bytes) {
        if (width == 0) *p = static_cast<char>(indexes_[i]);
        else if (width == 1) { uint16_t v = static_cast<uint16_t>(indexes_[i]); std::memcpy(p, &v, 2); }
        else std::memcpy(p, &indexes_[i], 4);
    }
}

template <typename Entries>
void NativeEncoder::find_known_repeats(const Column& c, size_t begin, size_t end, Entries entries) {
    known_.clear();
    uint64_t base = entries(begin).first;
    for (auto [first, last] : c.repeated_rows) {  // rows [first, last) repeat the row before
        first = std::max<uint64_t>(first, begin + 1);  // the row before must be written too
        last = std::min<uint64_t>(last, end);
        if (first >= last) continue;
        auto [values_begin, values_end] = entries(first);
        if (values_end > values_begin)
            known_.push_back(KnownRepeat{values_begin - base, entries(last - 1).second - base, values_end - values_begin});
    }
}

template <typename Entries>
void NativeEncoder::write_row_strings(Output& output, const Column& c, const StringStore& s, bool lc, size_t begin,
                                      size_t end, Entries entries) {
    size_t first = entries(begin).first, last = entries(end - 1).second;
    if (lc) {
        find_known_repeats(c, begin, end, entries);
        write_low_cardinality(s, first, last, output.buffer(), known_);
    } else if (c.repeated_rows.empty()) {
        put_strings(output, cursor_, s, first, last);
    } else {
        put_row_strings(output, cursor_, c, s, begin, end, entries);
    }
}

void NativeEncoder::write(const Block& block, size_t begin, size_t end, Output& output) {
    if (end <= begin) return;  // a 0-row block mid-stream can be refused (see finish)
    CharBuffer& out = output.buffer();
    put_varuint(out, block.columns.size());
    put_varuint(out, end - begin);
    for (const Column& c : block.columns) {
        output.maybe_flush();
        put_string(out, c.name);
        put_string(out, c.type);
        write_column(c, begin, end, output);
    }
}

void NativeEncoder::write_strings(Output& output, const StringStore& s, size_t begin, size_t end, bool lc) {
    if (lc) write_low_cardinality(s, begin, end, output.buffer(), {});
    else put_strings(output, cursor_, s, begin, end);
}

void NativeEncoder::write_column(const Column& c, size_t begin, size_t end, Output& output) {
    CharBuffer& out = output.buffer();
    // State prefixes of the whole type tree come before any offsets or values: the only one we
    // have is LowCardinality's key_version = 1 (of the column, the map keys or the elements).
    if (c.low_cardinality) put_u64(out, 1);
    switch (c.kind) {
        case ColumnKind::datetime64:
        case ColumnKind::uint64:
        case ColumnKind::int64: put_fixed<int64_t>(out, c.ints, begin, end); return;
        case ColumnKind::float64: put_fixed<double>(out, c.floats, begin, end); return;
        case ColumnKind::uint32:
        case ColumnKind::datetime: put_narrowed<uint32_t>(out, c.ints, begin, end); return;
        case ColumnKind::int32: put_narrowed<int32_t>(out, c.ints, begin, end); return;
        case ColumnKind::uint8:
        case ColumnKind::boolean: put_narrowed<uint8_t>(out, c.ints, begin, end); return;
        case ColumnKind::string:
            write_row_strings(output, c, c.strings, c.low_cardinality, begin, end,
                              [](size_t r) { return std::pair<uint64_t, uint64_t>(r, r + 1); });
            return;
        default: break;
    }
    // Arrays and maps: offsets are cumulative element counts relative to the first row written.
    uint64_t base = c.first(begin);
    uint64_t last = c.offsets[end - 1];
    put_offsets(out, c.offsets, base, begin, end);
    switch (c.kind) {
        case ColumnKind::map_string_string: {
            auto entries = [&c](size_t r) { return std::pair<uint64_t, uint64_t>(c.first(r), c.offsets[r]); };
            write_row_strings(output, c, c.strings, c.low_cardinality, begin, end, entries);  // all keys,
            write_row_strings(output, c, c.values, false, begin, end, entries);              // then all values
            break;
        }
        case ColumnKind::array_float64: put_fixed<double>(out, c.floats, base, last); break;
        case ColumnKind::array_uint64:
        case ColumnKind::array_datetime64: put_fixed<int64_t>(out, c.ints, base, last); break;
        case ColumnKind::array_datetime: put_narrowed<uint32_t>(out, c.ints, base, last); break;
        case ColumnKind::array_string: write_strings(output, c.strings, base, last, c.low_cardinality); break;
        case ColumnKind::array_map: {
            // The maps of these rows, then their entries: Array(Map) = Array(Array(Tuple(K, V))).
            uint64_t entry_base = c.first_entry(base);
            uint64_t entry_last = last == 0 ? 0 : c.inner_offsets[last - 1];
            put_offsets(out, c.inner_offsets, entry_base, base, last);
            write_strings(output, c.strings, entry_base, entry_last, c.low_cardinality);
            put_strings(output, cursor_, c.values, entry_base, entry_last);
            break;
        }
        default: break;
    }
}

void NativeEncoder::finish(const Block& header, uint64_t rows_written, Output& output) {
    if (rows_written > 0) return;
    CharBuffer& out = output.buffer();
    put_varuint(out, header.columns.size());
    put_varuint(out, 0);
    for (const Column& c : header.columns) {
        put_string(out, c.name);
        put_string(out, c.type);
    }
}

}  // namespace otelflat
