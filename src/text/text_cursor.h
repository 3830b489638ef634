#pragma once
// Appends text to a std::string through a raw pointer into a scratch area that is handed over
// in large runs. A writer of many small values (JSONEachRow rows) otherwise spends its time in
// std::string's capacity checks and append calls, one per key, quote and number.
#include <cstddef>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

namespace otelflat {

class TextCursor {
public:
    static constexpr size_t kMaxReserve = 64u << 10;  // the most one reserve() may ask for

    TextCursor() : scratch_(new char[kScratch]) {}
    TextCursor(const TextCursor&) = delete;
    TextCursor& operator=(const TextCursor&) = delete;

    // Starts appending to `out`; finish() must follow before `out` is read.
    void start(std::string& out) {
        out_ = &out;
        p_ = scratch_.get();
    }
    // Hands what is pending over to the string.
    void finish() {
        flush();
        out_ = nullptr;
    }
    // Room for n <= kMaxReserve bytes at the returned pointer; commit(end) says how many were
    // written.
    char* reserve(size_t n) {
        if (static_cast<size_t>(scratch_.get() + kScratch - p_) < n) flush();
        return p_;
    }
    void commit(char* end) { p_ = end; }

    void put(char c) { *reserve(1) = c; ++p_; }
    void put(std::string_view s) {
        if (s.size() > kMaxReserve) {
            flush();
            out_->append(s.data(), s.size());
            return;
        }
        char* p = reserve(s.size());
        std::memcpy(p, s.data(), s.size());
        p_ = p + s.size();
    }
    // Counts hand-overs, so a caller can tell whether bytes it wrote are still in the scratch.
    size_t flushes() const { return flushes_; }
    const char* pos() const { return p_; }
    // Bytes that fit before the next hand-over; text written since the last one stays in place
    // while a write fits in them.
    size_t room() const { return static_cast<size_t>(scratch_.get() + kScratch - p_); }

private:
    static constexpr size_t kScratch = 2 * kMaxReserve;
    void flush() {
        out_->append(scratch_.get(), static_cast<size_t>(p_ - scratch_.get()));
        p_ = scratch_.get();
        ++flushes_;
    }
    std::unique_ptr<char[]> scratch_;
    std::string* out_ = nullptr;
    char* p_ = nullptr;
    size_t flushes_ = 0;
};

}  // namespace otelflat
