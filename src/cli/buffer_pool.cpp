#include "cli/buffer_pool.h"

namespace otelflat {

template <typename Buffer>
Buffer BufferPool::take(std::vector<Buffer>& free, size_t want) {
    std::lock_guard<std::mutex> lock(m_);
    size_t best = free.size();
    for (size_t i = 0; i < free.size(); ++i) {
        size_t cap = free[i].capacity();
        if (best == free.size()) {
            best = i;
            continue;
        }
        size_t best_cap = free[best].capacity();
        bool fits = cap >= want, best_fits = best_cap >= want;
        if (fits != best_fits ? fits : (fits ? cap < best_cap : cap > best_cap)) best = i;
    }
    if (best == free.size()) return Buffer();
    Buffer b = std::move(free[best]);
    free[best] = std::move(free.back());
    free.pop_back();
    return b;
}

template <typename Buffer>
Buffer BufferPool::take_sized(std::vector<Buffer>& free, size_t want) {
    if (want == 0) return {};  // nothing to hold (a table that had no rows): leave the buffers to others
    Buffer b = take(free, want);  // kept buffers are empty
    b.reserve(want);
    return b;
}

std::string BufferPool::get(size_t want) { return take_sized(free_, want); }

CharBuffer BufferPool::get_block(size_t capacity) {
    CharBuffer b = take(free_blocks_, capacity);
    b.reserve_exact(capacity);
    return b;
}

template <typename Buffer>
void BufferPool::keep(std::vector<Buffer>& free, Buffer&& b) {
    if (b.capacity() < kMinKept || b.capacity() > kMaxKept) return;
    b.clear();
    std::lock_guard<std::mutex> lock(m_);
    if (free.size() < kMaxBuffers) free.push_back(std::move(b));
}

CharBuffer BufferPool::get_output(size_t want) { return take_sized(free_outputs_, want); }

void BufferPool::put(CharBuffer&& b) { keep(free_blocks_, std::move(b)); }
void BufferPool::put_output(CharBuffer&& b) { keep(free_outputs_, std::move(b)); }
void BufferPool::put(std::string&& s) { keep(free_, std::move(s)); }

BufferPool& BufferPool::shared() {
    static BufferPool pool;
    return pool;
}

}  // namespace otelflat
