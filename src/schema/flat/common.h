#pragma once
// Rules shared by the flat tables.
#include <cstdint>
#include <string_view>

#include "decode/records.h"
#include "schema/column.h"
#include "text/md5.h"

namespace otelflat::flat {

// The resource attribute service.name as a string (the last one when repeated), or "unknown"
// when absent or empty.
std::string_view service_name(const AttributeList& resource_attributes);

// Fingerprint pieces: a field followed by the unit separator 0x1F; a map row's entries each as
// key 0x1E value 0x1E.
void hash_field(Md5& md5, std::string_view field);
void hash_field(Md5& md5, int64_t number);
void hash_map_row(Md5& md5, const Column& map_column, size_t row);

// Writes md5's hex digest as the row's value of a String column.
void push_digest(Md5& md5, StringStore& column);

}  // namespace otelflat::flat
