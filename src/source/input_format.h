#pragma once
// What an input holds: OTLP/JSON documents, one OTLP/protobuf message, or the collector file
// exporter's protobuf records (a 4-byte big-endian length before each, each possibly
// zstd-compressed). Decided from the first bytes unless --input-format says.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "source/byte_source.h"
#include "source/document_reader.h"

struct ZSTD_DCtx_s;  // zstd.h: ZSTD_DStream

namespace otelflat {

enum class InputFormat { auto_detect, json, proto };
enum class InputKind { json, proto_message, proto_framed };

// From the first bytes of a stream (or all of a Kafka message). JSON starts, after
// whitespace, with '{' and holds no control bytes; a protobuf request starts with field 1
// (0x0A); a framed file with a length below 2^27 and then 0x0A or the zstd magic.
// `whole`: head is all of the input.
InputKind sniff_input(std::string_view head, InputFormat format, bool whole);

// Cuts a protobuf input into messages: the whole stream (InputKind::proto_message) or each
// framed record, decompressed when it is zstd. A message larger than `max_document_bytes`
// is skipped (Document::oversized). A record cut short by the end of the stream throws
// InputError.
class ProtoMessageReader {
public:
    ProtoMessageReader(ByteSource& source, InputKind kind, uint64_t max_document_bytes, std::string name);
    ~ProtoMessageReader();
    ProtoMessageReader(const ProtoMessageReader&) = delete;
    ProtoMessageReader& operator=(const ProtoMessageReader&) = delete;
    bool next(Document& doc);

private:
    ByteSource& source_;
    InputKind kind_;
    uint64_t max_;
    std::string name_;
    std::string buf_, plain_;
    uint64_t offset_ = 0;
    bool done_ = false;
    ZSTD_DCtx_s* zstd_ = nullptr;  // for zstd-compressed records, reused
};

}  // namespace otelflat
