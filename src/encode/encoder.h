#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "schema/block.h"
#include "sink/output.h"

namespace otelflat {

// Turns block rows into bytes of one ClickHouse input format. An encoder knows column kinds
// and type strings, never a schema, a source or a destination: it appends to an Output and
// lets it flush at points of its choosing.
class Encoder {
public:
    virtual ~Encoder() = default;
    // Appends rows [begin, end) of block.
    virtual void write(const Block& block, size_t begin, size_t end, Output& out) = 0;
    // Appends whatever the format needs at the end of a stream that had `rows_written` rows.
    virtual void finish(const Block& header, uint64_t rows_written, Output& out) = 0;
};

enum class OutputFormat { jsoneachrow, native };
enum class TimeFormat { text, ticks };

std::unique_ptr<Encoder> make_encoder(OutputFormat format, TimeFormat time_format);

}  // namespace otelflat
