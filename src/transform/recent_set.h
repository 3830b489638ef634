#pragma once
// The keys of the last N rows, for --dedup-window: a ring of the keys in arrival order and an
// open-addressing table of how often each occurs in it. Memory is fixed by N; nothing is
// allocated per row.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace otelflat {

class RecentSet {
public:
    explicit RecentSet(size_t window);
    // True when `key` is among the last N keys inserted; otherwise inserts it (forgetting the
    // oldest once N are held) and returns false.
    bool seen_or_insert(uint64_t key);

private:
    struct Slot {
        uint64_t key = 0;
        uint32_t count = 0;  // 0 = empty
    };
    size_t find(uint64_t key) const;  // the slot holding key, or the empty slot where it goes
    void remove(uint64_t key);

    std::vector<uint64_t> ring_;
    size_t next_ = 0, held_ = 0;
    std::vector<Slot> table_;
    size_t mask_;
};

}  // namespace otelflat
