#pragma once
// Rules the collector's ClickHouse exporter applies to every table (otel-exporter-schema.md §1.1).
#include <cstdint>
#include <string_view>

#include "decode/records.h"
#include "schema/column.h"

namespace otelflat::otel {

// The exporter's ServiceName: the first resource attribute service.name as a string, or "".
std::string_view service_name(const AttributeList& resource_attributes);

// Nanoseconds as DateTime64(9) ticks. The exporter reinterprets values >= 2^63 as negative
// (dates before 1970); otelflat clamps them to the last representable instant, 2262-04-11
// 23:47:16.854775807, and counts them in `clamped`.
int64_t datetime64_ns(uint64_t nanos, uint64_t& clamped);

// Nanoseconds as DateTime (UInt32 seconds, sub-second part dropped); clamped to 2106-02-07
// 06:28:15 and counted beyond that.
int64_t datetime_seconds(uint64_t nanos, uint64_t& clamped);

// An exemplar id: lower-case hex always, zero-filled when absent (unlike span and log ids).
void push_zero_filled_id(StringStore& column, const HexId& id, unsigned bytes);


}  // namespace otelflat::otel
