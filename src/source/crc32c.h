#pragma once
#include <cstddef>
#include <cstdint>

namespace otelflat {

// CRC-32C (Castagnoli), masked as the snappy framing format stores it.
uint32_t masked_crc32c(const char* data, size_t size);

}  // namespace otelflat
