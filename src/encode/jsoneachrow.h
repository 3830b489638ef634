#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "encode/encoder.h"
#include "text/text_cursor.h"

namespace otelflat {

// ClickHouse JSONEachRow: one JSON object per row and line, keys in column order. Strings are
// escaped by the shared JSON rule, so output is valid UTF-8 JSON whatever the input held.
class JsonEachRowEncoder final : public Encoder {
public:
    explicit JsonEachRowEncoder(TimeFormat time_format) : time_format_(time_format) {}
    void write(const Block& block, size_t begin, size_t end, Output& out) override;
    void finish(const Block&, uint64_t, Output&) override {}

private:
    // A map row equal to the last one rendered in its column (a resource's attributes on each
    // of its records), or an Array(Float64) row equal to one of the last few (a histogram's
    // bounds on each point, with another metric's between them), is copied from that
    // rendering instead of escaped or formatted again. (Maps keep one: a point's attributes
    // rarely recur, and comparing them with several cost more than it saved.) The rendering
    // is copied from where it was written in the output, while it is still there: keeping a
    // copy of each cost more than rendering again after the output moves (every 256 rows).
    struct Memo {
        struct Entry {
            const Column* column = nullptr;
            size_t begin = 0, end = 0;  // entries rendered into `text`
            std::string_view text;      // in the output, valid while the cursor's moves() is `moves`
            size_t moves = 0;
        };
        static constexpr size_t kEntries = 4;
        Entry entries[kEntries];
        size_t next = 0;  // the entry replaced next (the oldest)
    };
    void write_value(const Column& c, size_t row, Memo& memo);
    [[gnu::noinline]] void write_container(const Column& c, size_t row, Memo& memo);
    void write_time(const Column& c, int64_t ticks);
    void write_map(const Column& c, size_t begin, size_t end);
    void write_floats(const Column& c, size_t begin, size_t end);
    // The text of recent Array(Float64) elements, by their bits: an exponential histogram's
    // bounds are powers of its base, a few thousand values that recur point after point in
    // changing combinations (so the whole-array memo misses), each 17 digits to format.
    struct FloatText {
        uint64_t bits = 0;
        uint8_t size = 0;  // 0: an empty slot (no number's text is empty)
        char text[31];
    };
    static constexpr int kFloatTextBits = 12;
    std::vector<FloatText> float_text_;  // 2^kFloatTextBits slots once an array is written
    template <typename Same, typename Write>
    void write_memoized(const Column& c, size_t begin, size_t end, Memo& memo, size_t kept, Same same, Write write);
    // A row's value in a column equal to the row before (a resource's attributes and service
    // on each of its points, the zeros and empty arrays a gauge has in histogram columns): its
    // text, key included, is copied from the previous row, a run of such columns in one copy.
    // Which values those are is found column by column for a run of rows (mark_repeats: one
    // dispatch on the column's kind per run, not per value, and numbers compared several rows
    // at a time) into same_, one bit per column.
    void mark_repeats(const Block& block, size_t begin, size_t end);
    void write_row(const Block& block, size_t row, const uint64_t* same, bool previous_in_place);
    static size_t flag_words(size_t columns) { return (columns + 63) / 64; }

    TimeFormat time_format_;
    TextCursor out_;
    // The escaped key prefixes of the current block (reused), each also kept in a zero-padded
    // 32-byte copy when it fits, so writing one is a single fixed-size copy, not a call.
    struct Key {
        std::string text;
        char padded[32];
        bool fits() const { return text.size() <= sizeof padded; }
    };
    void put_key(const Key& k);
    std::vector<Key> keys_;
    std::vector<Memo> memos_;        // one per column of the current block
    // Where each column's text (key included) starts in the output, for the row being written
    // and the one before it; the last entry is where the row's columns end.
    std::vector<const char*> starts_, previous_starts_;  // plus kStartsSlack entries (shift_starts)
    static constexpr size_t kStartsSlack = 3;
    static void shift_starts(const char** starts, const char* const* before, size_t i, size_t j, ptrdiff_t shift);
    std::vector<uint64_t> same_;  // rows of the run x flag_words(columns): bit set where equal to the row before
};

}  // namespace otelflat
