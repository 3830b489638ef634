#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string_view>
#include <utility>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace otelflat {

// The n bytes (sizeof(Word) <= n <= 2 sizeof(Word)) as a first and a last word, overlapping.
template <typename Word>
inline void copy_two_words(char* to, const char* from, size_t n) {
    Word first, last;
    std::memcpy(&first, from, sizeof first);
    std::memcpy(&last, from + n - sizeof last, sizeof last);
    std::memcpy(to, &first, sizeof first);
    std::memcpy(to + n - sizeof last, &last, sizeof last);
}

// Longer copies, out of line: inlined into a caller that copies from a small buffer, GCC's
// -Warray-bounds takes this path (n > 32) for a certain overrun, though that caller's n never
// takes it.
[[gnu::noinline]] inline void copy_long(char* to, const char* from, size_t n) { std::memcpy(to, from, n); }

// memcpy, with the short lengths of keys, values and ids (up to 32 bytes with SSE2: host
// names, routes, pod names) copied inline by two overlapping loads and stores: a call to
// memcpy cost more than such a copy.
inline void copy_bytes(char* to, const char* from, size_t n) {
#if defined(__SSE2__)
    if (n >= 16 && n <= 32) {
        __m128i first = _mm_loadu_si128(reinterpret_cast<const __m128i*>(from));
        __m128i last = _mm_loadu_si128(reinterpret_cast<const __m128i*>(from + n - 16));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(to), first);
        _mm_storeu_si128(reinterpret_cast<__m128i*>(to + n - 16), last);
        return;
    }
#endif
    if (n > 16) {
        copy_long(to, from, n);
    } else if (n >= 8) {
        copy_two_words<uint64_t>(to, from, n);
    } else if (n >= 4) {
        copy_two_words<uint32_t>(to, from, n);
    } else if (n > 0) {
        char a = from[0], b = from[n / 2], c = from[n - 1];
        to[0] = a;
        to[n / 2] = b;
        to[n - 1] = c;
    }
}

// Bytes appended by a pointer and a length: an append with room left is one inline check and
// a memcpy (std::string's append is an out-of-line call, paid for every key and value).
class CharBuffer {
public:
    CharBuffer() = default;
    CharBuffer(const CharBuffer& o) { append(o.data(), o.size_); }
    CharBuffer(CharBuffer&& o) noexcept : data_(o.data_), size_(o.size_), capacity_(o.capacity_) {
        o.data_ = nullptr;
        o.size_ = o.capacity_ = 0;
    }
    CharBuffer& operator=(CharBuffer o) noexcept {
        std::swap(data_, o.data_);
        std::swap(size_, o.size_);
        std::swap(capacity_, o.capacity_);
        return *this;
    }
    ~CharBuffer() { std::free(data_); }

    void append(const char* s, size_t n) {
        if (capacity_ - size_ < n) grow(n);
        copy_bytes(data_ + size_, s, n);
        size_ += n;
    }
    // Grows by n bytes and returns them to be filled (shrink_to() takes back what is unused):
    // small pieces written in place, without a call per piece.
    char* extend(size_t n) {
        if (capacity_ - size_ < n) grow(n);
        char* p = data_ + size_;
        size_ += n;
        return p;
    }
    // The last `len` bytes `times` more times, in copies that double (a few large copies,
    // not one per repeat); each copies from the start of the repeated run, never overlapping.
    void repeat_tail(size_t len, size_t times) {
        size_t total = len * times, from = size_ - len;
        if (total == 0) return;
        reserve(size_ + total);
        for (size_t done = 0; done < total;) {
            size_t n = std::min(done + len, total - done);  // the run so far: len, 2 len, 4 len...
            std::memcpy(data_ + size_ + done, data_ + from, n);
            done += n;
        }
        size_ += total;
    }
    void reserve(size_t n) {
        if (n > capacity_) grow(n - size_);
    }
    // Room for exactly n bytes when there is less (a caller with its own growth policy).
    void reserve_exact(size_t n) {
        if (n > capacity_) reallocate(n);
    }
    void shrink_to(size_t n) {
        if (n < size_) size_ = n;
    }
    // The length, after n <= capacity() bytes were written through storage().
    void set_size(size_t n) { size_ = n; }
    void push_back(char c) { *extend(1) = c; }
    void append(std::string_view s) { append(s.data(), s.size()); }
    std::string_view view() const { return std::string_view(data(), size_); }
    void clear() { size_ = 0; }
    size_t size() const { return size_; }
    size_t capacity() const { return capacity_; }
    // The whole allocation, for a user that fills it itself: one that keeps its own count (a
    // document reader's buffer; size() stays 0 then) or sets it (set_size(), a TextCursor).
    char* storage() { return data_; }
    // Never null, so views of empty values can be handed to memcpy.
    const char* data() const { return data_ ? data_ : ""; }

private:
    void grow(size_t more) { reallocate(std::max({capacity_ * 2, size_ + more, size_t{256}})); }
    void reallocate(size_t capacity) {
        char* p = static_cast<char*>(std::realloc(data_, capacity));
        if (!p) throw std::bad_alloc();
        data_ = p;
        capacity_ = capacity;
    }
    char* data_ = nullptr;
    size_t size_ = 0, capacity_ = 0;
};

}  // namespace otelflat
