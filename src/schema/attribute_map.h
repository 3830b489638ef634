#pragma once
#include <cstdint>
#include <vector>

#include "decode/records.h"
#include "schema/column.h"

namespace otelflat {

// Appends an attribute list to a Map(String, String) column as one row: keys in byte order,
// and for a duplicated key only its last value (the rule every schema uses).
class AttributeMapWriter {
public:
    void append(const AttributeList& attrs, Column& map_column) { append_copies(attrs, map_column, 1); }
    // The same map as `rows` rows (a resource's attributes on each of its records).
    void append_copies(const AttributeList& attrs, Column& map_column, size_t rows);

    // The value of the last attribute named key, or nullptr.
    static const Attribute* find_last(const AttributeList& attrs, std::string_view key);

private:
    std::vector<uint32_t> order_;  // reused: sorting allocates nothing per row
};

}  // namespace otelflat
