#pragma once
// Column storage: one growable buffer set per column, reused from block to block, so
// appending rows allocates only while a block grows past its previous size.
#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "text/char_buffer.h"

namespace otelflat {

// How a column is stored and which encoders know how to write it. The ClickHouse type
// string travels beside it in the header (a LowCardinality(String) column is a String here:
// the dictionary is an encoding decision made by the Native encoder). Integer kinds all
// live in `ints` and are narrowed when written.
enum class ColumnKind {
    datetime64,         // ints: ticks of 10^-precision s
    float64,            // floats
    uint8,              // ints
    uint32,             // ints
    int32,              // ints
    uint64,             // ints (bit pattern of the unsigned value)
    boolean,            // ints: 0 or 1
    string,             // strings
    map_string_string,  // offsets + strings (keys) + values
    array_float64,      // offsets + floats
    array_uint64,       // offsets + ints
    datetime,           // ints: seconds (UInt32)
    array_datetime64,   // offsets + ints (ticks)
    array_datetime,     // offsets + ints (seconds)
    array_string,       // offsets + strings
    array_map,          // offsets (maps per row) + inner_offsets (entries per map) + strings + values
    int64,              // ints (--attr-column NAME=KEY:Int64)
};

// An allocator whose resize() leaves new elements uninitialised: for storage that is written
// right after it grows (a map row copied to the rows after it), where zeroing it first cost
// as much as writing it.
template <typename T>
struct UninitializedAllocator : std::allocator<T> {
    template <typename U>
    struct rebind {
        using other = UninitializedAllocator<U>;
    };
    UninitializedAllocator() = default;
    template <typename U>
    UninitializedAllocator(const UninitializedAllocator<U>&) noexcept {}
    // Only the no-argument form: allocator_traits constructs with arguments by placement new.
    template <typename U>
    void construct(U* p) noexcept {
        ::new (static_cast<void*>(p)) U;  // default-initialised: no value written
    }
};

// Variable-length byte strings: all bytes back to back plus cumulative end offsets
// (the layout ClickHouse uses in memory, so rows slice without copying).
class StringStore {
public:
    void push(std::string_view s) {
        chars_.append(s.data(), s.size());
        ends_.push_back(chars_.size());
    }
    // The same value for `rows` rows (a resource's or scope's value on each of its records).
    void push_copies(std::string_view s, size_t rows) {
        for (size_t r = 0; r < rows; ++r) push(s);
    }
    // The last `k` values again, `times` more times (one map row copied to the rows after it).
    void repeat_tail(size_t k, size_t times) {
        if (k == 0 || times == 0) return;
        size_t first = ends_.size() - k;
        uint64_t len = chars_.size() - begin_of(first);
        chars_.repeat_tail(len, times);
        ends_.resize(first + k * (times + 1));
        uint64_t* ends = ends_.data();
        for (size_t t = 1; t <= times; ++t)
            for (size_t i = 0; i < k; ++i) ends[first + t * k + i] = ends[first + i] + len * t;
    }

    size_t size() const { return ends_.size(); }
    const char* data() const { return chars_.data(); }
    size_t bytes() const { return chars_.size() + ends_.size() * sizeof(uint64_t); }
    uint64_t begin_of(size_t i) const { return i == 0 ? 0 : ends_[i - 1]; }
    const uint64_t* ends() const { return ends_.data(); }  // ends()[i]: where value i ends
    std::string_view at(size_t i) const {
        uint64_t b = begin_of(i);
        return std::string_view(chars_.data() + b, ends_[i] - b);
    }
    void truncate(size_t n) {
        if (n >= ends_.size()) return;
        chars_.shrink_to(begin_of(n));
        ends_.resize(n);
    }
    void clear() {
        chars_.clear();
        ends_.clear();
    }

private:
    CharBuffer chars_;
    std::vector<uint64_t, UninitializedAllocator<uint64_t>> ends_;
};

struct Column {
    std::string name;
    std::string type;  // ClickHouse type, as written in Native headers and DDL
    ColumnKind kind;
    int precision = 0;  // datetime64: digits of sub-second ticks
    bool utc = false;   // a time typed with 'UTC': text timestamps cannot be misread

    std::vector<int64_t> ints;      // integer kinds, array_uint64 elements
    std::vector<double> floats;     // float64, array_float64 elements
    StringStore strings;            // string; map keys
    StringStore values;             // map values
    std::vector<uint64_t> offsets;  // map and array kinds: cumulative element counts per row
    std::vector<uint64_t> inner_offsets;  // array_map: cumulative entry counts per map
    bool low_cardinality = false;   // strings (or map keys, array elements) typed LowCardinality
    // String and map rows known to repeat the row before (a resource's service and attributes
    // on each of its records after the first), as [begin, end) row ranges in row order, so
    // that the JSONEachRow encoder need not compare them. Only a hint: rows outside it are
    // compared.
    std::vector<std::pair<uint64_t, uint64_t>> repeated_rows;

    // Rows [row, row + n) were just filled with one value: all but the first repeat the row
    // before.
    void note_copies(size_t row, size_t n) {
        if (n > 1) repeated_rows.emplace_back(row + 1, row + n);
    }
    // A string column: the same value for `n` rows (a resource's, scope's or metric's value
    // on each of its records), noted in repeated_rows.
    void push_copies(std::string_view s, size_t n) {
        note_copies(strings.size(), n);
        strings.push_copies(s, n);
    }

    // Array and map rows: elements [first(row), offsets[row]).
    uint64_t first(size_t row) const { return row == 0 ? 0 : offsets[row - 1]; }
    // array_map elements: entries [first_entry(map), inner_offsets[map]).
    uint64_t first_entry(size_t map) const { return map == 0 ? 0 : inner_offsets[map - 1]; }
    bool has_offsets() const;

    // One array row of numbers: doubles into `floats`, integers into `ints` (bucket counts
    // and bounds: one bulk copy, not a push per element).
    template <typename T>
    void push_numbers(const T* begin, const T* end) {
        if constexpr (std::is_floating_point_v<T>) {
            floats.insert(floats.end(), begin, end);
            offsets.push_back(floats.size());
        } else {
            ints.insert(ints.end(), begin, end);
            offsets.push_back(ints.size());
        }
    }

    // Appends rows [begin, end) of `from`, a column of the same kind.
    void append_rows(const Column& from, size_t begin, size_t end);

    size_t rows() const;
    size_t bytes() const;  // memory the values take (not the capacity)
    void truncate(size_t n);
    void clear();
};

}  // namespace otelflat
