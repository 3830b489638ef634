#include "schema/column.h"

namespace otelflat {

size_t Column::rows() const {
    switch (kind) {
        case ColumnKind::float64: return floats.size();
        case ColumnKind::string: return strings.size();
        case ColumnKind::map_string_string:
        case ColumnKind::array_float64:
        case ColumnKind::array_uint64: return offsets.size();
        default: return ints.size();
    }
}

void Column::truncate(size_t n) {
    switch (kind) {
        case ColumnKind::float64: if (n < floats.size()) floats.resize(n); break;
        case ColumnKind::string: strings.truncate(n); break;
        case ColumnKind::map_string_string:
        case ColumnKind::array_float64:
        case ColumnKind::array_uint64:
            if (n < offsets.size()) {
                size_t elements = first(n);
                offsets.resize(n);
                strings.truncate(elements);
                values.truncate(elements);
                if (kind == ColumnKind::array_float64) floats.resize(elements);
                if (kind == ColumnKind::array_uint64) ints.resize(elements);
            }
            break;
        default: if (n < ints.size()) ints.resize(n); break;
    }
}

void Column::clear() {
    ints.clear();
    floats.clear();
    strings.clear();
    values.clear();
    offsets.clear();
}

}  // namespace otelflat
