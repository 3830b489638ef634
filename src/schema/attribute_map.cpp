#include "schema/attribute_map.h"

#include <algorithm>

namespace otelflat {

const Attribute* AttributeMapWriter::find_last(const AttributeList& attrs, std::string_view key) {
    const Attribute* found = nullptr;
    for (const Attribute& a : attrs)
        if (a.key == key) found = &a;
    return found;
}

void AttributeMapWriter::sort(const AttributeList& attrs) {
    const Attribute* items = attrs.items;
    const size_t n = attrs.size;
    order_.resize(n);
    for (size_t i = 0; i < n; ++i) order_[i] = static_cast<uint32_t>(i);
    // Sort by key, then by position, so equal keys stay in input order.
    auto less = [items](uint32_t a, uint32_t b) {
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
        const Attribute& a = items[order_[i]];
        // Without duplicates, the last of equal keys wins.
        if (!keep_duplicates_ && i + 1 < n && items[order_[i + 1]].key == a.key) continue;
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
    for (size_t r = 1; r <= rows; ++r) map_column.offsets.push_back(before + entries * r);
}

void AttributeMapWriter::append_element(const AttributeList& attrs, Column& column) {
    sort(attrs);
    push_entries(attrs, column);
    column.inner_offsets.push_back(column.strings.size());
}

}  // namespace otelflat
