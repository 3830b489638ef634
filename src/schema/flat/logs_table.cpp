#include "schema/flat/logs_table.h"

#include "schema/flat/common.h"
#include "text/time_text.h"

namespace otelflat {
namespace {
enum Col { kTimestamp, kObserved, kTraceId, kSpanId, kServiceName, kSeverityText, kSeverityNumber, kBody,
           kAttributes, kResourceAttributes, kScopeName, kEventName, kFingerprint };
}

const TableSpec& FlatLogsTable::spec() {
    static const TableSpec s{
        "otel_logs_processed",
        {
            {"timestamp", "DateTime64(6, 'UTC')", "CODEC(Delta, ZSTD(1))"},
            {"observed_timestamp", "DateTime64(6, 'UTC')", "CODEC(Delta, ZSTD(1))"},
            {"trace_id", "String", "CODEC(ZSTD(1))"},
            {"span_id", "String", "CODEC(ZSTD(1))"},
            {"service_name", "LowCardinality(String)", ""},
            {"severity_text", "LowCardinality(String)", ""},
            {"severity_number", "UInt8", ""},
            {"body", "String", "CODEC(ZSTD(1))"},
            {"attributes", "Map(String, String)", "CODEC(ZSTD(1))"},
            {"resource_attributes", "Map(String, String)", "CODEC(ZSTD(1))"},
            {"scope_name", "LowCardinality(String)", ""},
            {"event_name", "LowCardinality(String)", ""},
            {"fingerprint", "String", "CODEC(ZSTD(1))"},
        },
        "ENGINE = ReplacingMergeTree(observed_timestamp)\n"
        "PARTITION BY toDate(timestamp)\n"
        "ORDER BY (service_name, timestamp, fingerprint)",
        nullptr,
        "fingerprint",
        {"attributes", "resource_attributes", "trace_id", "severity_number >= 17", "fingerprint"}};
    return s;
}

void FlatLogsTable::log(const LogRecord& r) {
    // The record's own time, or when it was observed if the source did not say.
    uint64_t time = r.time_unix_nano != 0 ? r.time_unix_nano : r.observed_time_unix_nano;
    column(kTimestamp).ints.push_back(nanos_to_micros(time));
    column(kObserved).ints.push_back(nanos_to_micros(r.observed_time_unix_nano));
    column(kTraceId).strings.push(r.trace_id.view());
    column(kSpanId).strings.push(r.span_id.view());
    column(kSeverityText).strings.push(r.severity_text);
    column(kSeverityNumber).ints.push_back(r.severity_number);
    column(kBody).strings.push(r.body);
    map_writer_.append(r.attributes, column(kAttributes));
    column(kEventName).strings.push(r.event_name);
    // service_name, resource_attributes, scope_name and the fingerprint (which covers the
    // service) are filled when the scope and resource end.
    ++block_.rows;
}

void FlatLogsTable::fill_scope(size_t first, size_t end, const ScopeRecord& scope) {
    column(kScopeName).push_copies(scope.name, end - first);
}

void FlatLogsTable::fill_resource(size_t first, size_t end, const ResourceRecord& resource) {
    std::string_view service = flat::service_name(resource.attributes);
    column(kServiceName).push_copies(service, end - first);
    map_writer_.append_copies(resource.attributes, column(kResourceAttributes), end - first);
    for (size_t row = first; row < end; ++row) {
        flat::hash_field(fingerprints_, column(kTimestamp).ints[row], timestamp_text_);
        flat::hash_field(fingerprints_, column(kObserved).ints[row], observed_text_);
        flat::hash_field(fingerprints_, column(kTraceId).strings.at(row));
        flat::hash_field(fingerprints_, column(kSpanId).strings.at(row));
        flat::hash_field(fingerprints_, service);
        flat::hash_field(fingerprints_, column(kBody).strings.at(row));
        flat::hash_map_row(fingerprints_, column(kAttributes), row);
        fingerprints_.end_message();
    }
    flat::push_digests(fingerprints_, column(kFingerprint).strings);
}

}  // namespace otelflat
