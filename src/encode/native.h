#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "encode/encoder.h"
#include "text/text_cursor.h"

namespace otelflat {

// ClickHouse Native input format (clickhouse-native-format.md): per block, column count, row
// count, then for each column its name, type and data. Columns typed LowCardinality(String)
// get a real per-block dictionary, so the stream carries the table's exact types.
class NativeEncoder final : public Encoder {
public:
    void write(const Block& block, size_t begin, size_t end, Output& out) override;
    // A stream with no rows still gets one 0-row block naming every column in table order,
    // which ClickHouse accepts as an empty insert.
    void finish(const Block& header, uint64_t rows_written, Output& out) override;

private:
    void write_column(const Column& c, size_t begin, size_t end, Output& out);
    void write_strings(Output& out, const StringStore& s, size_t begin, size_t end, bool low_cardinality);
    // Values [begin, end) of a LowCardinality column (counted from `begin`) known to equal the
    // value `period` before them: a map row copied to the rows after it.
    struct KnownRepeat {
        size_t begin, end, period;
    };
    void write_low_cardinality(const StringStore& s, size_t begin, size_t end, CharBuffer& out,
                               const std::vector<KnownRepeat>& known);
    // The strings of rows [begin, end) of c held in `s` (its values, or a map's keys or values;
    // `entries(row)`: that row's range of them), as a dictionary when `lc`: rows the column
    // records as copies of the row before are copied, in either form.
    template <typename Entries>
    void write_row_strings(Output& out, const Column& c, const StringStore& s, bool lc, size_t begin, size_t end,
                           Entries entries);
    // The known repeats of rows [begin, end) of c, counted from the first row's first value,
    // into known_.
    template <typename Entries>
    void find_known_repeats(const Column& c, size_t begin, size_t end, Entries entries);

    // Dictionary scratch, reused between blocks.
    std::vector<uint32_t> slots_;   // open addressing: key index + 1, 0 = empty
    std::vector<std::string_view> keys_;
    std::vector<uint32_t> indexes_;
    std::vector<uint32_t> last_seen_;  // per key: the last value position that had it
    std::vector<KnownRepeat> known_;
    TextCursor cursor_;  // string values are written through it
};

}  // namespace otelflat
