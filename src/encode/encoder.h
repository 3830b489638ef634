#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "schema/block.h"

namespace otelflat {

// Turns block rows into bytes of one ClickHouse input format. An encoder knows column kinds
// and type strings, never a schema, a source or a destination: it appends to `out` and the
// caller decides where the bytes go.
class Encoder {
public:
    virtual ~Encoder() = default;
    // Appends rows [begin, end) of block.
    virtual void write(const Block& block, size_t begin, size_t end, std::string& out) = 0;
    // Appends whatever the format needs at the end of a stream that had `rows_written` rows.
    virtual void finish(const Block& header, uint64_t rows_written, std::string& out) = 0;
};

enum class OutputFormat { jsoneachrow, native };
enum class TimeFormat { text, ticks };

std::unique_ptr<Encoder> make_encoder(OutputFormat format, TimeFormat time_format);

}  // namespace otelflat
