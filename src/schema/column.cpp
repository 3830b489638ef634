#include "schema/column.h"

namespace otelflat {

bool Column::has_offsets() const {
    switch (kind) {
        case ColumnKind::map_string_string:
        case ColumnKind::array_float64:
        case ColumnKind::array_uint64:
        case ColumnKind::array_datetime64:
        case ColumnKind::array_datetime:
        case ColumnKind::array_string:
        case ColumnKind::array_map: return true;
        default: return false;
    }
}

size_t Column::bytes() const {
    return (ints.size() + offsets.size() + inner_offsets.size()) * 8 + floats.size() * sizeof(double) +
           strings.bytes() + values.bytes();
}

size_t Column::rows() const {
    if (has_offsets()) return offsets.size();
    if (kind == ColumnKind::float64) return floats.size();
    if (kind == ColumnKind::string) return strings.size();
    return ints.size();
}

void Column::truncate(size_t n) {
    while (!repeated_rows.empty() && repeated_rows.back().first >= n) repeated_rows.pop_back();
    if (!repeated_rows.empty() && repeated_rows.back().second > n) repeated_rows.back().second = n;
    switch (kind) {
        case ColumnKind::float64: if (n < floats.size()) floats.resize(n); break;
        case ColumnKind::string: strings.truncate(n); break;
        default:
            if (!has_offsets()) {
                if (n < ints.size()) ints.resize(n);
            } else if (n < offsets.size()) {
                size_t elements = first(n);
                offsets.resize(n);
                if (kind == ColumnKind::array_map) {
                    inner_offsets.resize(elements);
                    elements = first_entry(elements);  // map entries left
                }
                strings.truncate(elements);
                values.truncate(elements);
                if (kind == ColumnKind::array_float64) floats.resize(elements);
                if (kind == ColumnKind::array_uint64 || kind == ColumnKind::array_datetime64 ||
                    kind == ColumnKind::array_datetime)
                    ints.resize(elements);
            }
            break;
    }
}

void Column::append_rows(const Column& from, size_t begin, size_t end) {
    if (begin >= end) return;
    switch (kind) {
        case ColumnKind::float64: floats.insert(floats.end(), from.floats.begin() + begin, from.floats.begin() + end); return;
        case ColumnKind::string:
            for (size_t r = begin; r < end; ++r) strings.push(from.strings.at(r));
            return;
        default: break;
    }
    if (!has_offsets()) {
        ints.insert(ints.end(), from.ints.begin() + begin, from.ints.begin() + end);
        return;
    }
    // Elements [e0, e1) of the rows; for array_map, entries [n0, n1) of those maps.
    uint64_t e0 = from.first(begin), e1 = from.offsets[end - 1];
    uint64_t base = offsets.empty() ? 0 : offsets.back();
    for (size_t r = begin; r < end; ++r) offsets.push_back(base + from.offsets[r] - e0);
    uint64_t n0 = e0, n1 = e1;
    if (kind == ColumnKind::array_map) {
        n0 = from.first_entry(e0);
        n1 = e1 == 0 ? 0 : from.inner_offsets[e1 - 1];
        uint64_t entry_base = inner_offsets.empty() ? 0 : inner_offsets.back();
        for (uint64_t m = e0; m < e1; ++m) inner_offsets.push_back(entry_base + from.inner_offsets[m] - n0);
    }
    switch (kind) {
        case ColumnKind::array_float64: floats.insert(floats.end(), from.floats.begin() + e0, from.floats.begin() + e1); break;
        case ColumnKind::array_uint64:
        case ColumnKind::array_datetime64:
        case ColumnKind::array_datetime: ints.insert(ints.end(), from.ints.begin() + e0, from.ints.begin() + e1); break;
        case ColumnKind::array_string:
            for (uint64_t e = e0; e < e1; ++e) strings.push(from.strings.at(e));
            break;
        default:  // maps and arrays of maps: keys and values
            for (uint64_t e = n0; e < n1; ++e) {
                strings.push(from.strings.at(e));
                values.push(from.values.at(e));
            }
            break;
    }
}

void Column::clear() {
    ints.clear();
    floats.clear();
    strings.clear();
    values.clear();
    offsets.clear();
    inner_offsets.clear();
    repeated_rows.clear();
}

}  // namespace otelflat
