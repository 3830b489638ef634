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
    // keep_duplicates: the collector's exporter keeps every entry of a repeated key (sorted,
    // in input order among equals); the flat tables keep only the last.
    explicit AttributeMapWriter(bool keep_duplicates = false) : keep_duplicates_(keep_duplicates) {}

    void append(const AttributeList& attrs, Column& map_column);
    // The same map as `rows` rows (a resource's attributes on each of its records).
    void append_copies(const AttributeList& attrs, Column& map_column, size_t rows);
    // One map as the next element of the current row of an Array(Map) column; the caller
    // closes the row by pushing the column's offsets.
    void append_element(const AttributeList& attrs, Column& array_map_column);

    // The value of the last attribute named key, or nullptr.
    static const Attribute* find_last(const AttributeList& attrs, std::string_view key);

private:
    // The list's entries, sorted, into the column's keys and values (the row is not closed).
    void push_entries(const AttributeList& attrs, Column& column);

    bool keep_duplicates_;
    std::vector<uint32_t> order_;   // reused: sorting allocates nothing per row
    std::vector<uint64_t> prefix_;  // each key's first bytes, by input position
};

}  // namespace otelflat
