#pragma once
// Rules shared by the flat tables.
#include <cstdint>
#include <string_view>

#include "decode/records.h"
#include "schema/column.h"
#include "text/int_text.h"
#include "text/md5_batch.h"

namespace otelflat::flat {

// The resource attribute service.name as a string (the last one when repeated), or "unknown"
// when absent or empty.
std::string_view service_name(const AttributeList& resource_attributes);

// Fingerprint pieces of the message being built: a field followed by the unit separator
// 0x1F; a map row's entries each as key 0x1E value 0x1E.
inline void hash_field(Md5Batch& md5, std::string_view field) { md5.add(field, '\x1f'); }
inline void hash_field(Md5Batch& md5, int64_t number, LastIntText& text) { md5.add(text.of(number), '\x1f'); }
inline void hash_map_row(Md5Batch& md5, const Column& map_column, size_t row) {
    for (uint64_t e = map_column.first(row); e < map_column.offsets[row]; ++e) {
        md5.add(map_column.strings.at(e), '\x1e');
        md5.add(map_column.values.at(e), '\x1e');
    }
}

// Pushes the hex digest of each message, in order, to a String column, and clears the batch.
void push_digests(Md5Batch& md5, StringStore& column);

}  // namespace otelflat::flat
