#include "schema/otel/traces_table.h"

#include "schema/otel/common.h"
#include "schema/otel/ddl.h"

namespace otelflat {
namespace {
enum Col { kTimestamp, kTraceId, kSpanId, kParentSpanId, kTraceState, kSpanName, kSpanKind, kServiceName,
           kResourceAttributes, kScopeName, kScopeVersion, kSpanAttributes, kDuration, kStatusCode, kStatusMessage,
           kEventsTimestamp, kEventsName, kEventsAttributes, kLinksTraceId, kLinksSpanId, kLinksTraceState,
           kLinksAttributes };

// The exporter's spellings; an out-of-range number gives "".
std::string_view span_kind(int32_t kind) {
    static const char* const names[] = {"Unspecified", "Internal", "Server", "Client", "Producer", "Consumer"};
    return kind >= 0 && kind <= 5 ? names[kind] : "";
}

std::string_view status_code(int64_t code) {
    static const char* const names[] = {"Unset", "Ok", "Error"};
    return code >= 0 && code <= 2 ? names[code] : "";
}
}  // namespace

const TableSpec& OtelTracesTable::spec() {
    static const TableSpec s{
        "otel_traces",
        {
            {"Timestamp", "DateTime64(9)", ""},
            {"TraceId", "String", ""},
            {"SpanId", "String", ""},
            {"ParentSpanId", "String", ""},
            {"TraceState", "String", ""},
            {"SpanName", "LowCardinality(String)", ""},
            {"SpanKind", "LowCardinality(String)", ""},
            {"ServiceName", "LowCardinality(String)", ""},
            {"ResourceAttributes", "Map(LowCardinality(String), String)", ""},
            {"ScopeName", "String", ""},
            {"ScopeVersion", "String", ""},
            {"SpanAttributes", "Map(LowCardinality(String), String)", ""},
            {"Duration", "UInt64", ""},
            {"StatusCode", "LowCardinality(String)", ""},
            {"StatusMessage", "String", ""},
            {"Events.Timestamp", "Array(DateTime64(9))", ""},
            {"Events.Name", "Array(LowCardinality(String))", ""},
            {"Events.Attributes", "Array(Map(LowCardinality(String), String))", ""},
            {"Links.TraceId", "Array(String)", ""},
            {"Links.SpanId", "Array(String)", ""},
            {"Links.TraceState", "Array(String)", ""},
            {"Links.Attributes", "Array(Map(LowCardinality(String), String))", ""},
        },
        "",
        otel::traces_ddl(),
        "TraceId",
        {"SpanAttributes", "ResourceAttributes", "TraceId", "StatusCode = \"Error\"", nullptr}};
    return s;
}

void OtelTracesTable::span(const SpanRecord& s) {
    if (span_shorter_than(s, min_duration_ns_)) {
        ++rows_filtered_;
        return;
    }
    column(kTimestamp).ints.push_back(otel::datetime64_ns(s.start_unix_nano, times_clamped_));
    column(kTraceId).strings.push(s.trace_id.view());
    column(kSpanId).strings.push(s.span_id.view());
    column(kParentSpanId).strings.push(s.parent_span_id.view());
    column(kTraceState).strings.push(s.trace_state);
    column(kSpanName).strings.push(s.name);
    column(kSpanKind).strings.push(span_kind(s.kind));
    map_writer_.append(s.attributes, column(kSpanAttributes));
    // Unsigned difference, wrapping when end < start, as the current exporter computes it.
    column(kDuration).ints.push_back(static_cast<int64_t>(s.end_unix_nano - s.start_unix_nano));
    column(kStatusCode).strings.push(status_code(s.status_code));
    column(kStatusMessage).strings.push(s.status_message);

    Column& event_time = column(kEventsTimestamp);
    Column& event_name = column(kEventsName);
    Column& event_attrs = column(kEventsAttributes);
    for (size_t i = 0; i < s.event_count; ++i) {
        const SpanEvent& e = s.events[i];
        event_time.ints.push_back(otel::datetime64_ns(e.time_unix_nano, times_clamped_));
        event_name.strings.push(e.name);
        map_writer_.append_element(e.attributes, event_attrs);
    }
    event_time.offsets.push_back(event_time.ints.size());
    event_name.offsets.push_back(event_name.strings.size());
    event_attrs.offsets.push_back(event_attrs.inner_offsets.size());

    Column& link_trace = column(kLinksTraceId);
    Column& link_span = column(kLinksSpanId);
    Column& link_state = column(kLinksTraceState);
    Column& link_attrs = column(kLinksAttributes);
    for (size_t i = 0; i < s.link_count; ++i) {
        const SpanLink& l = s.links[i];
        link_trace.strings.push(l.trace_id.view());
        link_span.strings.push(l.span_id.view());
        link_state.strings.push(l.trace_state);
        map_writer_.append_element(l.attributes, link_attrs);
    }
    link_trace.offsets.push_back(link_trace.strings.size());
    link_span.offsets.push_back(link_span.strings.size());
    link_state.offsets.push_back(link_state.strings.size());
    link_attrs.offsets.push_back(link_attrs.inner_offsets.size());
    ++block_.rows;
}

void OtelTracesTable::fill_scope(size_t first, size_t end, const ScopeRecord& scope) {
    column(kScopeName).push_copies(scope.name, end - first);
    column(kScopeVersion).push_copies(scope.version, end - first);
}

void OtelTracesTable::fill_resource(size_t first, size_t end, const ResourceRecord& resource) {
    column(kServiceName).push_copies(otel::service_name(resource.attributes), end - first);
    map_writer_.append_copies(resource.attributes, column(kResourceAttributes), end - first);
}

}  // namespace otelflat
