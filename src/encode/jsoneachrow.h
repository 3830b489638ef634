#pragma once
#include <string>
#include <vector>

#include "encode/encoder.h"

namespace otelflat {

// ClickHouse JSONEachRow: one JSON object per row and line, keys in column order. Strings are
// escaped by the shared JSON rule, so output is valid UTF-8 JSON whatever the input held.
class JsonEachRowEncoder final : public Encoder {
public:
    explicit JsonEachRowEncoder(TimeFormat time_format) : time_format_(time_format) {}
    void write(const Block& block, size_t begin, size_t end, Output& out) override;
    void finish(const Block&, uint64_t, Output&) override {}

private:
    // A map or Array(Float64) row equal to the previous one (a resource's attributes on each of
    // its records, a histogram's bounds on each point) is copied from its last rendering
    // instead of escaped or formatted again.
    struct MapMemo {
        const Column* column = nullptr;
        size_t begin = 0, end = 0;  // entries rendered into `text`
        std::string text;
    };
    void write_value(const Column& c, size_t row, MapMemo& memo, std::string& out) const;
    void write_time(const Column& c, int64_t ticks, std::string& out) const;
    void write_map(const Column& c, size_t begin, size_t end, std::string& out) const;
    void write_map_memoized(const Column& c, size_t begin, size_t end, MapMemo& memo, std::string& out) const;
    void write_floats_memoized(const Column& c, size_t begin, size_t end, MapMemo& memo, std::string& out) const;
    bool same_entries(const Column& c, const MapMemo& m, size_t begin, size_t end) const;

    TimeFormat time_format_;
    std::vector<std::string> keys_;  // reused: the escaped key prefixes of the current block
    std::vector<MapMemo> memos_;     // one per column of the current block
};

}  // namespace otelflat
