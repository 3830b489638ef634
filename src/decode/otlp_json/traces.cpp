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

od::array array_of(od::value v, const char* what) {
    od::array arr;
    if (v.get_array().get(arr)) fail(std::string(what) + " must be an array");
    return arr;
}

od::object object_of(od::value v, const char* what) {
    od::object obj;
    if (v.get_object().get(obj)) fail(std::string(what) + " must be an object");
    return obj;
}

}  // namespace

void TraceWalker::begin(TraceVisitor& visitor) {
    resource_attrs_.clear();
    visitor.begin_resource();
}

void TraceWalker::end(TraceVisitor& visitor) { visitor.end_resource(ResourceRecord{resource_attrs_.list()}); }

void TraceWalker::resource_spans(od::object obj, TraceVisitor& visitor, JsonPath& path) {
    begin(visitor);
    for (auto f : obj) {
        od::field field;
        if (std::move(f).get(field)) fail("malformed ResourceSpans");
        resource_spans_member(field_key(field), field.value(), visitor, path);
    }
    end(visitor);
}

bool TraceWalker::resource_spans_member(std::string_view key, od::value value, TraceVisitor& visitor,
                                        JsonPath& path) {
    if (key == "resource") {
        if (is_null(value)) return true;
        PathScope at(path, "resource");
        for (auto f : object_of(value, "resource")) {
            od::field field;
            if (std::move(f).get(field)) fail("malformed resource");
            if (field_key(field) == "attributes") resource_attrs_.read(field.value(), renderer_, path);
        }
        return true;
    }
    // deprecatedScopeSpans is still mapped by the collector; instrumentationLibrarySpans is the
    // pre-1.0 name, which the collector silently ignores but otelflat reads (same shape).
    const char* name = nullptr;
    if (key_is(key, "scopeSpans", "scope_spans")) name = "scopeSpans";
    else if (key_is(key, "deprecatedScopeSpans", "deprecated_scope_spans")) name = "deprecatedScopeSpans";
    else if (key_is(key, "instrumentationLibrarySpans", "instrumentation_library_spans")) name = "instrumentationLibrarySpans";
    else if (key_is(key, "schemaUrl", "schema_url")) return true;
    else return false;
    if (is_null(value)) return true;
    PathScope at(path, name);
    int64_t index = 0;
    for (auto e : array_of(value, name)) {
        at.index(index++);
        od::value v;
        if (std::move(e).get(v)) fail("malformed ScopeSpans");
        scope_spans(object_of(v, "ScopeSpans"), visitor, path);
    }
    return true;
}

void TraceWalker::scope_spans(od::object obj, TraceVisitor& visitor, JsonPath& path) {
    scope_attrs_.clear();
    scope_ = ScopeRecord{};
    visitor.begin_scope();
    for (auto f : obj) {
        od::field field;
        if (std::move(f).get(field)) fail("malformed ScopeSpans");
        std::string_view key = field_key(field);
        if (key == "scope" || key_is(key, "instrumentationLibrary", "instrumentation_library")) {
            scope(field.value(), path);
        } else if (key == "spans") {
            od::value v = field.value();
            if (is_null(v)) continue;
            PathScope at(path, "spans");
            int64_t index = 0;
            for (auto e : array_of(v, "spans")) {
                at.index(index++);
                od::value sv;
                if (std::move(e).get(sv)) fail("malformed span");
                span(object_of(sv, "a span"), visitor, path);
            }
        }
    }
    scope_.attributes = scope_attrs_.list();
    visitor.end_scope(scope_);
}

void TraceWalker::scope(od::value v, JsonPath& path) {
    if (is_null(v)) return;
    PathScope at(path, "scope");
    for (auto f : object_of(v, "scope")) {
        od::field field;
        if (std::move(f).get(field)) fail("malformed scope");
        std::string_view key = field_key(field);
        od::value val = field.value();
        if (key == "name") scope_.name = read_string(val);
        else if (key == "version") scope_.version = read_string(val);
        else if (key == "attributes") scope_attrs_.read(val, renderer_, path);
    }
}

void TraceWalker::span(od::object obj, TraceVisitor& visitor, JsonPath& path) {
    SpanRecord s;
    span_attrs_.clear();
    for (auto f : obj) {
        od::field field;
        if (std::move(f).get(field)) fail("malformed span");
        std::string_view key = field_key(field);
        od::value v = field.value();
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
        else if (key == "status") {
            if (is_null(v)) continue;
            for (auto sf : object_of(v, "status")) {
                od::field status_field;
                if (std::move(sf).get(status_field)) fail("malformed status");
                std::string_view skey = field_key(status_field);
                od::value sval = status_field.value();
                if (skey == "code") s.status_code = read_enum(sval, kStatusCodes, 3, "status code");
                else if (skey == "message") s.status_message = read_string(sval);
            }
        }
    }
    s.attributes = span_attrs_.list();
    ++spans_;
    visitor.span(s);
}

}  // namespace otelflat::otlp_json
