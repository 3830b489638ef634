#include "schema/attribute_map.h"

#include <algorithm>
#include <cstring>

namespace otelflat {

const Attribute* AttributeMapWriter::find_last(const AttributeList& attrs, std::string_view key) {
    const Attribute* found = nullptr;
    for (const Attribute& a : attrs)
        if (a.key == key) found = &a;
    return found;
}

namespace {

// The key's first 8 bytes as a big-endian number, zero-padded: when two prefixes differ they
// order the keys as a byte-wise comparison does, so most comparisons are one integer compare.
uint64_t key_prefix(std::string_view key) {
    unsigned char b[8] = {};
    if (!key.empty()) std::memcpy(b, key.data(), key.size() < 8 ? key.size() : 8);
    uint64_t p = 0;
    for (unsigned char c : b) p = p << 8 | c;
    return p;
}

}  // namespace

void AttributeMapWriter::sort(const AttributeList& attrs) {
    const Attribute* items = attrs.items;
    const size_t n = attrs.size;
    order_.resize(n);
    prefix_.resize(n);
    for (size_t i = 0; i < n; ++i) {
        order_[i] = static_cast<uint32_t>(i);
        prefix_[i] = key_prefix(items[i].key);
    }
    // Sort by key, then by position, so equal keys stay in input order.
    const uint64_t* prefix = prefix_.data();
    auto less = [items, prefix](uint32_t a, uint32_t b) {
        if (prefix[a] != prefix[b]) return prefix[a] < prefix[b];
        int c = items[a].key.compare(items[b].key);
        return c != 0 ? c < 0 : a < b;
    };
    if (n <= 24) {
        for (size_t i = 1; i < n; ++i) {  // insertion sort: the usual record has ~10 attributes
            uint32_t x = order_[i];
            size_t j = i;
            while (j > 0 && less(x, order_[j - 1])) {
                order_[j] = order_[j - 1];
                --j;
            }
            order_[j] = x;
        }
    } else {
        std::sort(order_.begin(), order_.end(), less);
    }
}

void AttributeMapWriter::push_entries(const AttributeList& attrs, Column& column) {
    const Attribute* items = attrs.items;
    const size_t n = attrs.size;
    for (size_t i = 0; i < n; ++i) {
        const uint32_t k = order_[i];
        const Attribute& a = items[k];
        // Without duplicates, the last of equal keys wins.
        if (!keep_duplicates_ && i + 1 < n) {
            const uint32_t next = order_[i + 1];
            if (prefix_[next] == prefix_[k] && items[next].key == a.key) continue;
        }
        column.strings.push(a.key);
        column.values.push(a.value);
    }
}

void AttributeMapWriter::append_copies(const AttributeList& attrs, Column& map_column, size_t rows) {
    if (rows == 0) return;
    sort(attrs);
    size_t before = map_column.strings.size();
    push_entries(attrs, map_column);
    size_t entries = map_column.strings.size() - before;
    // The other rows copy the first row's bytes: no sorting or per-entry work again.
    map_column.strings.repeat_tail(entries, rows - 1);
    map_column.values.repeat_tail(entries, rows - 1);
    size_t row = map_column.offsets.size();
    for (size_t r = 1; r <= rows; ++r) map_column.offsets.push_back(before + entries * r);
    map_column.note_copies(row, rows);
}

void AttributeMapWriter::append_element(const AttributeList& attrs, Column& column) {
    sort(attrs);
    push_entries(attrs, column);
    column.inner_offsets.push_back(column.strings.size());
}

}  // namespace otelflat
