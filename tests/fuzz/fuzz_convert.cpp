// libFuzzer target over the whole path a document takes: cutting a stream into documents,
// OTLP/JSON decoding, every table of a schema, and the encoder. The first input byte picks the
// schema and the format, so one corpus explores all four; with its high bit the rest is
// OTLP/protobuf instead: one message, and the file exporter's length-prefixed records. Built by scripts/fuzz (clang,
// -DOTELFLAT_FUZZ=ON); what it finds goes to tests/fuzz/regressions/, which ctest replays
// through the real binary.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "cli/converter.h"
#include "source/byte_source.h"
#include "source/document_reader.h"
#include "source/input_format.h"

using namespace otelflat;

namespace {

Options options_for(uint8_t selector) {
    Options o;
    o.schema = selector & 1 ? SchemaKind::otel : SchemaKind::flat;
    o.format = selector & 2 ? OutputFormat::native : OutputFormat::jsoneachrow;
    o.time_format = selector & 4 ? TimeFormat::ticks : TimeFormat::text;
    o.legacy_metrics_layout = selector & 8;
    o.min_duration_ns = selector & 16 ? 1000000 : 0;
    o.max_document_bytes = 1 << 16;  // exercise the oversized path with small inputs
    o.block_rows = selector & 32 ? 3 : 65536;
    o.dead_letter = selector & 64 ? "fuzz" : "";  // records are built, not written
    o.quiet = false;
    return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    Options o = options_for(data[0]);
    Converter converter(o, {});
    MemorySource source;
    source.reset(reinterpret_cast<const char*>(data + 1), size - 1);
    Document doc;
    if (data[0] & 128) {
        doc.data = reinterpret_cast<const char*>(data + 1);
        doc.size = size - 1;
        doc.proto = true;
        converter.convert(doc, Origin{"fuzz"});
        try {
            ProtoMessageReader records(source, InputKind::proto_framed, o.max_document_bytes, "fuzz");
            while (records.next(doc)) converter.convert(doc, Origin{"fuzz"});
        } catch (const InputError&) {
            // a record cut short: the run reports it as an input error
        }
    } else {
        DocumentReader reader(source, o.max_document_bytes);
        while (reader.next(doc)) converter.convert(doc, Origin{"fuzz"});
    }
    ConvertedRows rows = converter.take();
    // Touch what was produced so nothing is optimised away.
    size_t n = rows.bytes() + rows.dead_letters.size();
    return n == static_cast<size_t>(-1) ? 1 : 0;
}
