#pragma once
#include <memory>
#include <string>

#include "source/byte_source.h"

namespace otelflat {

// Returns `raw` itself, or a decompressing source over it when its first bytes are the zstd
// frame magic (28 B5 2F FD) or the snappy framing-format stream identifier (FF 06 00 00
// "sNaPpY"). Sniffing reads a few bytes, which the returned source replays.
std::unique_ptr<ByteSource> wrap_decompression(std::unique_ptr<ByteSource> raw,
                                               const std::string& name);

}  // namespace otelflat
