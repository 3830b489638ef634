#include "transform/recent_set.h"

namespace otelflat {
namespace {

size_t slot_of(uint64_t key, size_t mask) {
    key ^= key >> 33;  // keys are hashes already; this spreads the bits the mask keeps
    key *= 0xff51afd7ed558ccdULL;
    key ^= key >> 33;
    return static_cast<size_t>(key) & mask;
}

}  // namespace

RecentSet::RecentSet(size_t window) : ring_(window) {
    size_t size = 16;
    while (size < window * 2) size *= 2;  // at most half full: probes stay short
    table_.resize(size);
    mask_ = size - 1;
}

size_t RecentSet::find(uint64_t key) const {
    size_t i = slot_of(key, mask_);
    while (table_[i].count != 0 && table_[i].key != key) i = (i + 1) & mask_;
    return i;
}

void RecentSet::remove(uint64_t key) {
    size_t i = find(key);
    if (table_[i].count == 0 || --table_[i].count > 0) return;
    // Backward-shift deletion: later entries of the probe run move into the hole, so a lookup
    // never stops early at an emptied slot.
    size_t hole = i;
    for (size_t j = (i + 1) & mask_; table_[j].count != 0; j = (j + 1) & mask_) {
        size_t home = slot_of(table_[j].key, mask_);
        bool movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
        if (movable) {
            table_[hole] = table_[j];
            table_[j] = Slot{};
            hole = j;
        }
    }
    table_[hole] = Slot{};
}

bool RecentSet::seen_or_insert(uint64_t key) {
    if (ring_.empty()) return false;
    size_t i = find(key);
    if (table_[i].count != 0) return true;
    if (held_ == ring_.size()) {
        remove(ring_[next_]);
        i = find(key);  // the removal may have moved entries
    } else {
        ++held_;
    }
    table_[i] = Slot{key, 1};
    ring_[next_] = key;
    next_ = (next_ + 1) % ring_.size();
    return false;
}

}  // namespace otelflat
