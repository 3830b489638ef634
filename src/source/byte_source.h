#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>

namespace otelflat {

// An input stream failed (unreadable file, corrupt compressed data). The rest of that input
// is lost, so this is reported as an I/O error, unlike a rejected document.
struct InputError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A stream of bytes with no framing: a file, stdin, or a decompressor over one of those.
class ByteSource {
public:
    virtual ~ByteSource() = default;
    // Reads up to `capacity` bytes; returns 0 only at end of stream. Throws InputError.
    virtual size_t read(char* dst, size_t capacity) = 0;
    // Bytes taken from the underlying file so far (compressed size for decompressors).
    virtual uint64_t raw_bytes_read() const = 0;
};

// SIGINT/SIGTERM: inputs end where they are. A read blocked on an idle pipe or terminal
// returns as the end of its input, so the run still writes, flushes and commits what it has.
void request_input_stop();  // async-signal-safe
bool input_stop_requested();

// Bytes already in memory (a Kafka message's payload), read without copying them twice.
class MemorySource final : public ByteSource {
public:
    void reset(const char* data, size_t size) {
        data_ = data;
        size_ = size;
        pos_ = 0;
    }
    size_t read(char* dst, size_t capacity) override;
    uint64_t raw_bytes_read() const override { return pos_; }

private:
    const char* data_ = nullptr;
    size_t size_ = 0;
    size_t pos_ = 0;
};

// Reads until `n` bytes or the end of the stream; returns how many it got.
inline size_t read_fully(ByteSource& source, char* dst, size_t n) {
    size_t got = 0;
    for (size_t r; got < n && (r = source.read(dst + got, n - got)) > 0;) got += r;
    return got;
}

// Replays bytes already read from `inner` (to sniff what it holds), then reads on.
class PrefixedSource final : public ByteSource {
public:
    PrefixedSource(std::unique_ptr<ByteSource> inner, std::string prefix)
        : inner_(std::move(inner)), prefix_(std::move(prefix)) {}
    size_t read(char* dst, size_t capacity) override {
        if (pos_ < prefix_.size()) {
            size_t n = std::min(capacity, prefix_.size() - pos_);
            std::memcpy(dst, prefix_.data() + pos_, n);
            pos_ += n;
            return n;
        }
        return inner_->read(dst, capacity);
    }
    uint64_t raw_bytes_read() const override { return inner_->raw_bytes_read(); }

private:
    std::unique_ptr<ByteSource> inner_;
    std::string prefix_;
    size_t pos_ = 0;
};

// Opens a path ("-" is stdin) and, when its first bytes carry the zstd or snappy-framing
// magic, wraps it in the matching decompressor.
std::unique_ptr<ByteSource> open_input(const std::string& path);

}  // namespace otelflat
