#pragma once
// Large byte buffers (slices of input, encoded rows) handed back once used, so the next slice
// gets one that is already allocated and paged in. Without it each slice paid for fresh
// memory twice: page faults on every new page, and copies while a buffer grew by doubling
// (metrics JSON is ~3x its input).
#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

#include "text/char_buffer.h"

namespace otelflat {

class BufferPool {
public:
    // An empty string with room for `want` bytes (an input slice): the smallest buffer kept
    // that has it (else the largest, or a new one), so a small request does not take a large
    // buffer.
    std::string get(size_t want);
    // A document reader's buffer (its capacity is what counts), the same way.
    CharBuffer get_block(size_t capacity);
    void put(CharBuffer&& b);
    // A table's encoded rows, the same way, from buffers of their own: mixed with the
    // readers', each kind would take the other's and allocate anew (peak RSS doubled).
    CharBuffer get_output(size_t want);
    void put_output(CharBuffer&& b);
    // Keeps `s` for a later get(); small or very large buffers, or more than the pool holds
    // (the slices and results in flight bound how many are ever needed), are freed instead.
    void put(std::string&& s);

    // The pool shared by the reader, the converting threads and the writer.
    static BufferPool& shared();

private:
    template <typename Buffer>
    Buffer take(std::vector<Buffer>& free, size_t want);  // the best kept one, or an empty one
    template <typename Buffer>
    Buffer take_sized(std::vector<Buffer>& free, size_t want);  // get() for either kind
    template <typename Buffer>
    void keep(std::vector<Buffer>& free, Buffer&& b);  // put() for either kind
    static constexpr size_t kMinKept = 64u << 10, kMaxKept = 64u << 20, kMaxBuffers = 32;
    std::mutex m_;
    std::vector<std::string> free_;
    std::vector<CharBuffer> free_blocks_;
    std::vector<CharBuffer> free_outputs_;
};

}  // namespace otelflat
