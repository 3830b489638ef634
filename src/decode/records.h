#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "text/hex_id.h"

namespace otelflat {

// What the OTLP decoders hand to a schema. Every string_view points into the document being
// decoded (or the decoder's scratch space) and is valid only during the callback.

// An attribute with its value already rendered as the collector's AsString text.
struct Attribute {
    std::string_view key;
    std::string_view value;
};

struct AttributeList {
    const Attribute* items = nullptr;
    size_t size = 0;
    const Attribute* begin() const { return items; }
    const Attribute* end() const { return items + size; }
};

struct ScopeRecord {
    std::string_view name;
    std::string_view version;
    AttributeList attributes;
};

struct ResourceRecord {
    AttributeList attributes;  // in input order, duplicates kept
};

struct SpanRecord {
    HexId trace_id;
    HexId span_id;
    HexId parent_span_id;
    std::string_view name;
    std::string_view trace_state;
    uint64_t start_unix_nano = 0;
    uint64_t end_unix_nano = 0;
    int32_t kind = 0;
    uint32_t flags = 0;
    int64_t status_code = 0;  // 0 unset, 1 ok, 2 error; other numbers kept as sent
    std::string_view status_message;
    AttributeList attributes;  // in input order, duplicates kept
};

// Receives the records of one document, in document order. JSON objects are unordered, so a
// resource or scope may follow its spans: their details arrive in end_scope/end_resource,
// after the spans they belong to, and a schema fills those columns for the rows in between.
class TraceVisitor {
public:
    virtual ~TraceVisitor() = default;
    // Around each document. A malformed document is undone with abort_document(): nothing it
    // produced may reach the output.
    virtual void begin_document() = 0;
    virtual void abort_document() = 0;
    virtual void begin_resource() = 0;
    virtual void begin_scope() = 0;
    virtual void span(const SpanRecord& span) = 0;
    virtual void end_scope(const ScopeRecord& scope) = 0;
    virtual void end_resource(const ResourceRecord& resource) = 0;
};

}  // namespace otelflat
