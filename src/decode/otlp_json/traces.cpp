#include "decode/otlp_json/traces.h"

namespace otelflat::otlp_json {
namespace {

const char* const kSpanKinds[] = {"SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER",
                                  "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER"};
const char* const kStatusCodes[] = {"STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"};

void read_id(od::value v, unsigned bytes, const char* what, HexId& out) {
    std::string_view s = read_string(v);
    switch (normalize_hex_id(s, bytes, out)) {
        case IdStatus::ok: return;
        case IdStatus::wrong_length:
            fail(std::string(what) + " must be " + std::to_string(2 * bytes) + " hex digits, got " +
                 std::to_string(s.size()) + " characters");
        case IdStatus::not_hex: fail(std::string(what) + " is not hex: \"" + std::string(s) + "\"");
    }
}

}  // namespace

void TraceWalker::begin(TraceVisitor& visitor) {
    resource_attrs_.clear();
    visitor.begin_resource();
}

void TraceWalker::end(TraceVisitor& visitor) { visitor.end_resource(ResourceRecord{resource_attrs_.list()}); }

void TraceWalker::resource_spans(od::object obj, TraceVisitor& visitor, JsonPath& path) {
    begin(visitor);
    for_each_field(obj, [&](std::string_view key, od::value value) {
        resource_spans_member(key, value, visitor, path);
    });
    end(visitor);
}

bool TraceWalker::resource_spans_member(std::string_view key, od::value value, TraceVisitor& visitor,
                                        JsonPath& path) {
    if (key == "resource") {
        PathScope at(path, "resource");
        for_each_field(value, "resource", [&](std::string_view k, od::value v) {
            if (k == "attributes") resource_attrs_.read(v, renderer_, path);
        });
        return true;
    }
    // deprecatedScopeSpans is still mapped by the collector; instrumentationLibrarySpans is the
    // pre-1.0 name, which the collector silently ignores but otelflat reads (same shape).
    const char* name = nullptr;
    if (key_is(key, "scopeSpans", "scope_spans")) name = "scopeSpans";
    else if (key_is(key, "deprecatedScopeSpans", "deprecated_scope_spans")) name = "deprecatedScopeSpans";
    else if (key_is(key, "instrumentationLibrarySpans", "instrumentation_library_spans")) name = "instrumentationLibrarySpans";
    else return key_is(key, "schemaUrl", "schema_url");
    for_each_object(value, name, path, [&](od::object obj) { scope_spans(obj, visitor, path); });
    return true;
}

void TraceWalker::scope_spans(od::object obj, TraceVisitor& visitor, JsonPath& path) {
    scope_attrs_.clear();
    scope_ = ScopeRecord{};
    visitor.begin_scope();
    for_each_field(obj, [&](std::string_view key, od::value value) {
        if (key == "scope" || key_is(key, "instrumentationLibrary", "instrumentation_library"))
            scope(value, path);
        else if (key == "spans")
            for_each_object(value, "spans", path, [&](od::object s) { span(s, visitor, path); });
    });
    scope_.attributes = scope_attrs_.list();
    visitor.end_scope(scope_);
}

void TraceWalker::scope(od::value v, JsonPath& path) {
    PathScope at(path, "scope");
    for_each_field(v, "scope", [&](std::string_view key, od::value val) {
        if (key == "name") scope_.name = read_string(val);
        else if (key == "version") scope_.version = read_string(val);
        else if (key == "attributes") scope_attrs_.read(val, renderer_, path);
    });
}

void TraceWalker::span(od::object obj, TraceVisitor& visitor, JsonPath& path) {
    SpanRecord s;
    span_attrs_.clear();
    for_each_field(obj, [&](std::string_view key, od::value v) {
        if (key_is(key, "traceId", "trace_id")) read_id(v, 16, "traceId", s.trace_id);
        else if (key_is(key, "spanId", "span_id")) read_id(v, 8, "spanId", s.span_id);
        else if (key_is(key, "parentSpanId", "parent_span_id")) read_id(v, 8, "parentSpanId", s.parent_span_id);
        else if (key == "name") s.name = read_string(v);
        else if (key_is(key, "startTimeUnixNano", "start_time_unix_nano")) s.start_unix_nano = read_uint64(v);
        else if (key_is(key, "endTimeUnixNano", "end_time_unix_nano")) s.end_unix_nano = read_uint64(v);
        else if (key == "attributes") span_attrs_.read(v, renderer_, path);
        else if (key == "kind") s.kind = static_cast<int32_t>(read_enum(v, kSpanKinds, 6, "span kind"));
        else if (key == "flags") s.flags = read_uint32(v);
        else if (key_is(key, "traceState", "trace_state")) s.trace_state = read_string(v);
        else if (key == "status")
            for_each_field(v, "status", [&](std::string_view k, od::value sv) {
                if (k == "code") s.status_code = read_enum(sv, kStatusCodes, 3, "status code");
                else if (k == "message") s.status_message = read_string(sv);
            });
    });
    s.attributes = span_attrs_.list();
    ++spans_;
    visitor.span(s);
}

}  // namespace otelflat::otlp_json
