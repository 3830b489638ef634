#include "cli/buffer_pool.h"

namespace otelflat {

std::string BufferPool::get(size_t want) {
    std::string s;
    if (want == 0) return s;  // a table that had no rows: leave the buffers to those that do
    {
        std::lock_guard<std::mutex> lock(m_);
        size_t best = free_.size();
        for (size_t i = 0; i < free_.size(); ++i) {
            size_t cap = free_[i].capacity();
            if (best == free_.size()) {
                best = i;
                continue;
            }
            size_t best_cap = free_[best].capacity();
            bool fits = cap >= want, best_fits = best_cap >= want;
            if (fits != best_fits ? fits : (fits ? cap < best_cap : cap > best_cap)) best = i;
        }
        if (best == free_.size()) {
            s.reserve(want);
            return s;
        }
        s = std::move(free_[best]);
        free_[best] = std::move(free_.back());
        free_.pop_back();
    }
    s.reserve(want);
    return s;
}

void BufferPool::put(std::string&& s) {
    if (s.capacity() < kMinKept || s.capacity() > kMaxKept) return;
    s.clear();
    std::lock_guard<std::mutex> lock(m_);
    if (free_.size() < kMaxBuffers) free_.push_back(std::move(s));
}

BufferPool& BufferPool::shared() {
    static BufferPool pool;
    return pool;
}

}  // namespace otelflat
