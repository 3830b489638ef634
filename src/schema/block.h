#pragma once
#include <cstddef>
#include <vector>

#include "schema/column.h"

namespace otelflat {

// The rows of one output table, column by column. A schema appends whole rows; a document
// that turns out malformed half-way is rolled back with truncate(), so no partial document
// ever reaches an encoder.
struct Block {
    std::vector<Column> columns;
    size_t rows = 0;

    void truncate(size_t n) {
        for (Column& c : columns) c.truncate(n);
        if (n < rows) rows = n;
    }
    size_t bytes() const {
        size_t n = 0;
        for (const Column& c : columns) n += c.bytes();
        return n;
    }
    void clear() {
        for (Column& c : columns) c.clear();
        rows = 0;
    }
};

}  // namespace otelflat
