#pragma once
// Column storage: one growable buffer set per column, reused from block to block, so
// appending rows allocates only while a block grows past its previous size.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace otelflat {

// How a column is stored and which encoders know how to write it. The ClickHouse type
// string travels beside it in the header (a LowCardinality(String) column is a String here:
// the dictionary is an encoding decision made by the Native encoder).
enum class ColumnKind { datetime64, float64, string, map_string_string };

// Variable-length byte strings: all bytes back to back plus cumulative end offsets
// (the layout ClickHouse uses in memory, so rows slice without copying).
class StringStore {
public:
    void push(std::string_view s) {
        chars_.append(s.data(), s.size());
        ends_.push_back(chars_.size());
    }
    // For writers that build a value piece by piece: append to chars(), then seal().
    std::string& chars() { return chars_; }
    void seal() { ends_.push_back(chars_.size()); }

    size_t size() const { return ends_.size(); }
    uint64_t begin_of(size_t i) const { return i == 0 ? 0 : ends_[i - 1]; }
    std::string_view at(size_t i) const {
        uint64_t b = begin_of(i);
        return std::string_view(chars_).substr(b, ends_[i] - b);
    }
    void truncate(size_t n) {
        if (n >= ends_.size()) return;
        chars_.resize(begin_of(n));
        ends_.resize(n);
    }
    void clear() {
        chars_.clear();
        ends_.clear();
    }

private:
    std::string chars_;
    std::vector<uint64_t> ends_;
};

struct Column {
    std::string name;
    std::string type;  // ClickHouse type, as written in Native headers and DDL
    ColumnKind kind;
    int precision = 0;  // datetime64: digits of sub-second ticks

    std::vector<int64_t> ints;      // datetime64 ticks
    std::vector<double> floats;     // float64
    StringStore strings;            // string; map keys
    StringStore values;             // map values
    std::vector<uint64_t> map_ends; // map: cumulative entry counts per row

    size_t rows() const;
    void truncate(size_t n);
    void clear();
};

}  // namespace otelflat
