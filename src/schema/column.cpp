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

void Column::clear() {
    ints.clear();
    floats.clear();
    strings.clear();
    values.clear();
    offsets.clear();
    inner_offsets.clear();
}

}  // namespace otelflat
