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

// Fills order[0, n) with the positions of the attributes sorted by key, then by position, so
// that equal keys stay in input order; prefix[i] is attribute i's key_prefix.
void sort_keys(const Attribute* items, size_t n, uint32_t* order, uint64_t* prefix) {
    for (size_t i = 0; i < n; ++i) {
        order[i] = static_cast<uint32_t>(i);
        prefix[i] = key_prefix(items[i].key);
    }
    auto less = [items, prefix](uint32_t a, uint32_t b) {
        if (prefix[a] != prefix[b]) return prefix[a] < prefix[b];
        int c = items[a].key.compare(items[b].key);
        return c != 0 ? c < 0 : a < b;
    };
    if (n <= 24) {
        for (size_t i = 1; i < n; ++i) {  // insertion sort: the usual record has ~10 attributes
            uint32_t x = order[i];
            size_t j = i;
            while (j > 0 && less(x, order[j - 1])) {
                order[j] = order[j - 1];
                --j;
            }
            order[j] = x;
        }
    } else {
        std::sort(order, order + n, less);
    }
}

// The sorted entries into the map column's keys and values; without duplicates, only the
// last of equal keys.
void push_sorted(const Attribute* items, size_t n, const uint32_t* order, const uint64_t* prefix,
                 bool keep_duplicates, Column& column) {
    for (size_t i = 0; i < n; ++i) {
        const uint32_t k = order[i];
        const Attribute& a = items[k];
        if (!keep_duplicates && i + 1 < n) {
            const uint32_t next = order[i + 1];
            if (prefix[next] == prefix[k] && items[next].key == a.key) continue;
        }
        column.strings.push(a.key);
        column.values.push(a.value);
    }
}

}  // namespace

void AttributeMapWriter::push_entries(const AttributeList& attrs, Column& column) {
    order_.resize(attrs.size);
    prefix_.resize(attrs.size);
    sort_keys(attrs.items, attrs.size, order_.data(), prefix_.data());
    push_sorted(attrs.items, attrs.size, order_.data(), prefix_.data(), keep_duplicates_, column);
}

void AttributeMapWriter::append(const AttributeList& attrs, Column& map_column) {
    // A data point's few attributes: sorted in arrays on the stack, without resizing the
    // reused ones or copying the row (what append_copies adds cost more than the sorting).
    constexpr size_t kSmall = 8;
    if (attrs.size <= kSmall) {
        uint32_t order[kSmall];
        uint64_t prefix[kSmall];
        sort_keys(attrs.items, attrs.size, order, prefix);
        push_sorted(attrs.items, attrs.size, order, prefix, keep_duplicates_, map_column);
        map_column.offsets.push_back(map_column.strings.size());
        return;
    }
    append_copies(attrs, map_column, 1);
}

void AttributeMapWriter::append_copies(const AttributeList& attrs, Column& map_column, size_t rows) {
    if (rows == 0) return;
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
    push_entries(attrs, column);
    column.inner_offsets.push_back(column.strings.size());
}

}  // namespace otelflat
