#include "schema/otel/logs_table.h"

#include "schema/otel/common.h"
#include "schema/otel/ddl.h"

namespace otelflat {
namespace {
enum Col { kTimestamp, kTraceId, kSpanId, kTraceFlags, kSeverityText, kSeverityNumber, kServiceName, kBody,
           kResourceSchemaUrl, kResourceAttributes, kScopeSchemaUrl, kScopeName, kScopeVersion, kScopeAttributes,
           kLogAttributes, kEventName };
}

const TableSpec& OtelLogsTable::spec() {
    static const TableSpec s{
        "otel_logs",
        {
            {"Timestamp", "DateTime64(9)", ""},
            {"TraceId", "String", ""},
            {"SpanId", "String", ""},
            {"TraceFlags", "UInt8", ""},
            {"SeverityText", "LowCardinality(String)", ""},
            {"SeverityNumber", "UInt8", ""},
            {"ServiceName", "LowCardinality(String)", ""},
            {"Body", "String", ""},
            {"ResourceSchemaUrl", "LowCardinality(String)", ""},
            {"ResourceAttributes", "Map(LowCardinality(String), String)", ""},
            {"ScopeSchemaUrl", "LowCardinality(String)", ""},
            {"ScopeName", "String", ""},
            {"ScopeVersion", "LowCardinality(String)", ""},
            {"ScopeAttributes", "Map(LowCardinality(String), String)", ""},
            {"LogAttributes", "Map(LowCardinality(String), String)", ""},
            {"EventName", "String", ""},
        },
        "",
        otel::logs_ddl(),
        nullptr,
        {"LogAttributes", "ResourceAttributes", "TraceId", "SeverityNumber >= 17", nullptr}};
    return s;
}

void OtelLogsTable::log(const LogRecord& r) {
    uint64_t time = r.time_unix_nano != 0 ? r.time_unix_nano : r.observed_time_unix_nano;
    column(kTimestamp).ints.push_back(otel::datetime64_ns(time, times_clamped_));
    column(kTraceId).strings.push(r.trace_id.view());
    column(kSpanId).strings.push(r.span_id.view());
    column(kTraceFlags).ints.push_back(r.flags & 0xFF);  // the W3C trace flags
    column(kSeverityText).strings.push(r.severity_text);
    column(kSeverityNumber).ints.push_back(r.severity_number);
    column(kBody).strings.push(r.body);
    map_writer_.append(r.attributes, column(kLogAttributes));
    column(kEventName).strings.push(r.event_name);
    ++block_.rows;
}

void OtelLogsTable::fill_scope(size_t first, size_t end, const ScopeRecord& scope) {
    size_t n = end - first;
    column(kScopeSchemaUrl).push_copies(scope.schema_url, n);
    column(kScopeName).push_copies(scope.name, n);
    column(kScopeVersion).push_copies(scope.version, n);
    map_writer_.append_copies(scope.attributes, column(kScopeAttributes), n);
}

void OtelLogsTable::fill_resource(size_t first, size_t end, const ResourceRecord& resource) {
    size_t n = end - first;
    column(kServiceName).push_copies(otel::service_name(resource.attributes), n);
    column(kResourceSchemaUrl).push_copies(resource.schema_url, n);
    map_writer_.append_copies(resource.attributes, column(kResourceAttributes), n);
}

}  // namespace otelflat
