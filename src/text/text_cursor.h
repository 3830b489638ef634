#pragma once
// Appends text to a CharBuffer through a raw pointer into its storage. A writer of many small
// values (JSONEachRow rows, Native strings) otherwise spends its time in a capacity check and
// a length update per key, quote and number; here the buffer's length is set once, by finish().
#include <cstddef>
#include <cstring>
#include <string_view>

#include "text/char_buffer.h"

namespace otelflat {

class TextCursor {
public:
    // Starts appending to `out`; finish() must follow before `out` is read or appended to.
    void start(CharBuffer& out) {
        out_ = &out;
        p_ = out.storage() + out.size();
        end_ = out.storage() + out.capacity();
    }
    // Sets the buffer's length to what was written. Counts as a move (see moves()): the buffer
    // may be written or flushed by others before the next start().
    void finish() {
        out_->set_size(size());
        out_ = nullptr;
        ++moves_;
    }
    // Room for n bytes (any n) at the returned pointer; commit(end) says how many were written.
    char* reserve(size_t n) {
        if (static_cast<size_t>(end_ - p_) < n) grow(n);
        return p_;
    }
    void commit(char* end) { p_ = end; }

    void put(char c) { *reserve(1) = c; ++p_; }
    void put(std::string_view s) {
        char* p = reserve(s.size());
        std::memcpy(p, s.data(), s.size());
        p_ = p + s.size();
    }
    // Counts the times the text written so far may have moved (the buffer grew, or was handed
    // back by finish()), so a caller can tell whether bytes it wrote are still where they were.
    size_t moves() const { return moves_; }
    const char* pos() const { return p_; }
    // Where the next text goes, to take it back with written_since() once written: a caller
    // keeps a copy of a rendering only when the text is still where it was written.
    struct Mark {
        const char* at;
        size_t moves;
    };
    Mark mark() const { return {p_, moves_}; }
    // The text written since `m`, or nullptr data() when it may have moved since.
    std::string_view written_since(Mark m) const {
        if (m.moves != moves_) return {};
        return std::string_view(m.at, static_cast<size_t>(p_ - m.at));
    }
    // Bytes that can be reserved before the next move; text written since the last one stays
    // in place while a write fits in them.
    size_t room() const { return static_cast<size_t>(end_ - p_); }

private:
    static constexpr size_t kMinGrowth = 128u << 10;  // so small reservations rarely move the text
    size_t size() const { return static_cast<size_t>(p_ - out_->storage()); }
    void grow(size_t n) {
        size_t written = size();
        out_->set_size(written);
        out_->reserve(written + (n > kMinGrowth ? n : kMinGrowth));
        p_ = out_->storage() + written;
        end_ = out_->storage() + out_->capacity();
        ++moves_;
    }
    CharBuffer* out_ = nullptr;
    char* p_ = nullptr;
    char* end_ = nullptr;
    size_t moves_ = 0;
};

}  // namespace otelflat
