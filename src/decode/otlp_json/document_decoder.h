#pragma once
#include <cstdint>
#include <string>

#include "decode/otlp_json/json_access.h"
#include "decode/otlp_json/walker.h"
#include "decode/outcome.h"
#include "decode/records.h"

namespace otelflat::otlp_json {

using otelflat::DocumentOutcome;

// Parses one OTLP/JSON document (an Export*ServiceRequest / *Data of any signal, several
// signals in one document included, or a bare ResourceSpans object) and drives the visitor. Throws DecodeError, with the JSON path, when
// the document is malformed, after calling the visitor's abort_document().
class DocumentDecoder {
public:
    // data must have at least 64 readable bytes after size (see DocumentReader::kPadding).
    DocumentOutcome decode(const char* data, size_t size, RecordVisitor& visitor);
    void set_read_span_events(bool on) { walker_.set_read_span_events(on); }
    // Whether metrics documents are first read by the plain readers (the default; the walker
    // alone reads them otherwise, which tests compare against).
    void set_plain_metrics(bool on) { plain_metrics_ = on; }
    // Documents the plain readers read whole so far (tests: that they took a document).
    uint64_t plain_documents() const { return plain_documents_; }

private:
    // Parses and walks once; returns false when the only problem was an unpaired surrogate
    // escape, which the caller repairs before trying again.
    bool attempt(const char* data, size_t size, RecordVisitor& visitor, DocumentOutcome& outcome);
    void begin_attempt(RecordVisitor& visitor);  // a clean path, counts and document for each reading
    void walk(od::document& doc, RecordVisitor& visitor, DocumentOutcome& outcome);
    // The metrics document [text, text + size) read by Walker::plain_metrics_document; false
    // (with what reached the visitor undone) when the walker must read it.
    bool plain_metrics(const char* text, size_t size, RecordVisitor& visitor, DocumentOutcome& outcome);

    od::parser parser_;
    Walker walker_;
    JsonPath path_;
    std::string repaired_;     // UTF-8-repaired copy (padded)
    size_t repaired_size_ = 0;
    std::string surrogates_;   // surrogate-repaired copy (padded)
    bool plain_metrics_ = true;
    uint64_t plain_documents_ = 0;
};

// Replaces every byte that is not part of a valid UTF-8 sequence with U+FFFD (EF BF BD), as
// Go's decoder does for the collector.
void repair_utf8(const char* data, size_t size, std::string& out);

// Rewrites each \uXXXX escape of an unpaired UTF-16 surrogate as \uFFFD (same length), which
// the collector's reader also substitutes. Returns false when there was none.
bool repair_surrogate_escapes(const char* data, size_t size, std::string& out);

}  // namespace otelflat::otlp_json
