#include "decode/otlp_json/walker.h"

namespace otelflat::otlp_json {

// The key of the scope-level array in a resource object, per signal, and its older names:
// deprecatedScope* is still mapped by the collector; instrumentationLibrary* is the pre-1.0
// name, which the collector silently ignores but otelflat reads (same shape).
const char* scope_container_name(std::string_view key, Signal signal) {
    switch (signal) {
        case Signal::traces:
            if (key_is(key, "scopeSpans", "scope_spans")) return "scopeSpans";
            if (key_is(key, "deprecatedScopeSpans", "deprecated_scope_spans")) return "deprecatedScopeSpans";
            if (key_is(key, "instrumentationLibrarySpans", "instrumentation_library_spans"))
                return "instrumentationLibrarySpans";
            break;
        case Signal::logs:
            if (key_is(key, "scopeLogs", "scope_logs")) return "scopeLogs";
            if (key_is(key, "deprecatedScopeLogs", "deprecated_scope_logs")) return "deprecatedScopeLogs";
            if (key_is(key, "instrumentationLibraryLogs", "instrumentation_library_logs"))
                return "instrumentationLibraryLogs";
            break;
        case Signal::metrics:
            if (key_is(key, "scopeMetrics", "scope_metrics")) return "scopeMetrics";
            if (key_is(key, "deprecatedScopeMetrics", "deprecated_scope_metrics")) return "deprecatedScopeMetrics";
            if (key_is(key, "instrumentationLibraryMetrics", "instrumentation_library_metrics"))
                return "instrumentationLibraryMetrics";
            break;
    }
    return nullptr;
}

namespace {

const char* records_name(std::string_view key, Signal signal) {
    switch (signal) {
        case Signal::traces: return key == "spans" ? "spans" : nullptr;
        case Signal::logs: return key_is(key, "logRecords", "log_records") ? "logRecords" : nullptr;
        case Signal::metrics: return key == "metrics" ? "metrics" : nullptr;
    }
    return nullptr;
}

}  // namespace

void read_id(od::value& v, unsigned bytes, const char* what, HexId& out) {
    std::string_view s = read_string(v);
    switch (normalize_hex_id(s, bytes, out)) {
        case IdStatus::ok: return;
        case IdStatus::wrong_length:
            fail(std::string(what) + " must be " + std::to_string(2 * bytes) + " hex digits, got " +
                 std::to_string(s.size()) + " characters");
        case IdStatus::not_hex: fail(std::string(what) + " is not hex: \"" + std::string(s) + "\"");
    }
}

void Walker::begin(RecordVisitor& visitor) {
    resource_attrs_.clear();
    resource_schema_url_ = {};
    visitor.begin_resource();
}

void Walker::end(RecordVisitor& visitor) {
    visitor.end_resource(ResourceRecord{resource_attrs_.list(), resource_schema_url_});
}

void Walker::resource(od::object obj, Signal signal, RecordVisitor& visitor, JsonPath& path) {
    begin(visitor);
    for_each_field(obj, [&](std::string_view key, od::value& value) {
        resource_member(key, value, signal, visitor, path);
    });
    end(visitor);
}

bool Walker::resource_member(std::string_view key, od::value& value, Signal signal, RecordVisitor& visitor,
                             JsonPath& path) {
    if (key == "resource") {
        in_frame(path, "resource", [&] {
            for_each_field(value, "resource", [&](std::string_view k, od::value& v) {
                if (k == "attributes") resource_attrs_.read(v, renderer_, path);
            });
        });
        return true;
    }
    if (key_is(key, "schemaUrl", "schema_url")) {
        resource_schema_url_ = read_string(value);
        return true;
    }
    const char* name = scope_container_name(key, signal);
    if (!name) return false;
    for_each_object(value, name, path, [&](od::object obj) { scope_container(obj, signal, visitor, path); });
    return true;
}

void Walker::scope_container(od::object obj, Signal signal, RecordVisitor& visitor, JsonPath& path) {
    scope_attrs_.clear();
    scope_ = ScopeRecord{};
    visitor.begin_scope();
    for_each_field(obj, [&](std::string_view key, od::value& value) {
        if (key == "scope" || key_is(key, "instrumentationLibrary", "instrumentation_library")) {
            scope(value, path);
        } else if (key_is(key, "schemaUrl", "schema_url")) {
            scope_.schema_url = read_string(value);
        } else if (const char* name = records_name(key, signal)) {
            for_each_object(value, name, path, [&](od::object record) {
                switch (signal) {
                    case Signal::traces: span(record, visitor, path); break;
                    case Signal::logs: log(record, visitor, path); break;
                    case Signal::metrics: metric(record, visitor, path); break;
                }
            });
        }
    });
    scope_.attributes = scope_attrs_.list();
    visitor.end_scope(scope_);
}

void Walker::scope(od::value& v, JsonPath& path) {
    in_frame(path, "scope", [&] {
        for_each_field(v, "scope", [&](std::string_view key, od::value& val) {
            if (key == "name") scope_.name = read_string(val);
            else if (key == "version") scope_.version = read_string(val);
            else if (key == "attributes") scope_attrs_.read(val, renderer_, path);
            else if (key_is(key, "droppedAttributesCount", "dropped_attributes_count"))
                scope_.dropped_attributes_count = read_uint32(val);
        });
    });
}

}  // namespace otelflat::otlp_json
