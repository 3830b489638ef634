#pragma once
#include <cstdint>
#include <string>

#include "decode/otlp_json/json_access.h"
#include "decode/otlp_json/traces.h"
#include "decode/records.h"

namespace otelflat::otlp_json {

struct DocumentOutcome {
    uint64_t spans = 0;
    bool traces = false;        // had resourceSpans (or was a bare ResourceSpans)
    bool logs = false;          // had resourceLogs (not converted yet)
    bool metrics = false;       // had resourceMetrics (not converted yet)
    bool repaired_utf8 = false; // invalid UTF-8 bytes were replaced by U+FFFD
};

// Parses one OTLP/JSON document (ExportTraceServiceRequest / TracesData, or a bare
// ResourceSpans object) and drives the visitor. Throws DecodeError, with the JSON path, when
// the document is malformed; the caller then discards whatever the visitor received.
class DocumentDecoder {
public:
    // data must have at least 64 readable bytes after size (see DocumentReader::kPadding).
    DocumentOutcome decode(const char* data, size_t size, TraceVisitor& traces);

private:
    void walk(od::document& doc, TraceVisitor& traces, DocumentOutcome& outcome);

    od::parser parser_;
    TraceWalker trace_walker_;
    JsonPath path_;
    std::string repaired_;
};

// Replaces every byte that is not part of a valid UTF-8 sequence with U+FFFD (EF BF BD).
void repair_utf8(const char* data, size_t size, std::string& out);

}  // namespace otelflat::otlp_json
