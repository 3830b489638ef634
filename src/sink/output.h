#pragma once
#include <stdexcept>
#include <string>

namespace otelflat {

// The reader of our output went away (EPIPE): stop quietly, as `| head` expects.
struct BrokenPipe : std::runtime_error {
    BrokenPipe() : std::runtime_error("broken pipe") {}
};

// Writing failed for another reason (disk full, I/O error).
struct OutputError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Buffered writer to a file descriptor. Encoders append to buffer(); the pump calls
// maybe_flush() between batches and flush() at the end. Nothing happens in the destructor:
// a failed final write must be reported, not swallowed.
class FdOutput {
public:
    FdOutput(int fd, std::string name) : fd_(fd), name_(std::move(name)) { buffer_.reserve(kFlushAt * 2); }
    std::string& buffer() { return buffer_; }
    void maybe_flush() {
        if (buffer_.size() >= kFlushAt) flush();
    }
    void flush();
    uint64_t bytes_written() const { return written_; }

private:
    static constexpr size_t kFlushAt = 1 << 20;
    int fd_;
    std::string name_;
    std::string buffer_;
    uint64_t written_ = 0;
};

}  // namespace otelflat
