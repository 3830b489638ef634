#pragma once
#include <stdexcept>
#include <string>
#include <string_view>

#include "text/char_buffer.h"

namespace otelflat {

// The reader of our output went away (EPIPE): stop quietly, as `| head` expects.
struct BrokenPipe : std::runtime_error {
    BrokenPipe() : std::runtime_error("broken pipe") {}
};

// Writing failed for another reason (disk full, I/O error).
struct OutputError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Where encoders put bytes: they append to buffer() and call maybe_flush() at convenient
// points (between columns, every few rows), so a large block never sits in memory twice.
class Output {
public:
    virtual ~Output() = default;
    CharBuffer& buffer() { return buffer_; }
    const CharBuffer& buffer() const { return buffer_; }
    virtual void maybe_flush() {}

protected:
    CharBuffer buffer_;
};

// An in-memory Output (converted rows, Kafka messages, tests): keeps everything.
class StringOutput final : public Output {
public:
    std::string str() const { return std::string(buffer_.view()); }
};

// Buffered writer to a file descriptor. Nothing happens in the destructor: a failed final
// write must be reported, not swallowed, so the pipeline calls flush() itself.
class FdOutput final : public Output {
public:
    FdOutput(int fd, std::string name) : fd_(fd), name_(std::move(name)) { buffer_.reserve(kFlushAt * 2); }
    void maybe_flush() override {
        if (buffer_.size() >= kFlushAt) flush();
    }
    void flush();
    // Appends bytes already encoded elsewhere; a large run is written straight from `data`
    // instead of being copied into the buffer first.
    void append(std::string_view data);

private:
    void write_all(const char* data, size_t size);
    static constexpr size_t kFlushAt = 1 << 20;
    // A run this large is worth a write of its own (a slice's rows are ~0.6-3 MB).
    static constexpr size_t kWriteDirectAt = 256 << 10;
    int fd_;
    std::string name_;
};

}  // namespace otelflat
