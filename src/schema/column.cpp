#include "schema/column.h"

namespace otelflat {

size_t Column::rows() const {
    switch (kind) {
        case ColumnKind::datetime64: return ints.size();
        case ColumnKind::float64: return floats.size();
        case ColumnKind::string: return strings.size();
        case ColumnKind::map_string_string: return map_ends.size();
    }
    return 0;
}

void Column::truncate(size_t n) {
    switch (kind) {
        case ColumnKind::datetime64: if (n < ints.size()) ints.resize(n); break;
        case ColumnKind::float64: if (n < floats.size()) floats.resize(n); break;
        case ColumnKind::string: strings.truncate(n); break;
        case ColumnKind::map_string_string:
            if (n < map_ends.size()) {
                map_ends.resize(n);
                size_t entries = n == 0 ? 0 : map_ends[n - 1];
                strings.truncate(entries);
                values.truncate(entries);
            }
            break;
    }
}

void Column::clear() {
    ints.clear();
    floats.clear();
    strings.clear();
    values.clear();
    map_ends.clear();
}

}  // namespace otelflat
