#pragma once
#include "decode/otlp_json/attributes.h"
#include "decode/records.h"

namespace otelflat::otlp_json {

// Walks the trace part of an OTLP/JSON document (ResourceSpans → ScopeSpans → Span) and
// drives a TraceVisitor. Events and links are not read yet (no schema needs them).
class TraceWalker {
public:
    // One ResourceSpans object.
    void resource_spans(od::object obj, TraceVisitor& visitor, JsonPath& path);
    // One member of a ResourceSpans object; false when the key is not one. Lets a bare
    // ResourceSpans at the top of a document be read member by member.
    bool resource_spans_member(std::string_view key, od::value value, TraceVisitor& visitor, JsonPath& path);
    // Call around the members of one ResourceSpans.
    void begin(TraceVisitor& visitor);
    void end(TraceVisitor& visitor);

    uint64_t spans() const { return spans_; }
    void reset_count() { spans_ = 0; }

private:
    void scope_spans(od::object obj, TraceVisitor& visitor, JsonPath& path);
    void scope(od::value v, JsonPath& path);
    void span(od::object obj, TraceVisitor& visitor, JsonPath& path);

    AnyValueRenderer renderer_;
    AttributeCollector resource_attrs_, scope_attrs_, span_attrs_;
    ScopeRecord scope_;
    uint64_t spans_ = 0;
};

}  // namespace otelflat::otlp_json
