#include "schema/flat/traces_table.h"

#include "schema/flat/common.h"
#include "text/int_text.h"
#include "text/time_text.h"

namespace otelflat {
namespace {
enum Col { kTimestamp, kTraceId, kSpanId, kParentSpanId, kServiceName, kSpanName, kDuration, kStatus, kAttributes,
           kFingerprint };
}

const TableSpec& FlatTracesTable::spec() {
    static const TableSpec s{
        "otel_traces_processed",
        {
            {"timestamp", "DateTime64(6, 'UTC')", "CODEC(Delta, ZSTD(1))"},
            {"trace_id", "String", "CODEC(ZSTD(1))"},
            {"span_id", "String", "CODEC(ZSTD(1))"},
            {"parent_span_id", "String", "CODEC(ZSTD(1))"},
            {"service_name", "LowCardinality(String)", ""},
            {"span_name", "LowCardinality(String)", ""},
            {"duration_ms", "Float64", "CODEC(ZSTD(1))"},
            {"status_code", "LowCardinality(String)", ""},
            {"attributes", "Map(String, String)", "CODEC(ZSTD(1))"},
            {"fingerprint", "String", "CODEC(ZSTD(1))"},
        },
        "ENGINE = ReplacingMergeTree(timestamp)\n"
        "PARTITION BY toDate(timestamp)\n"
        "ORDER BY (service_name, fingerprint)",
        nullptr,
        "trace_id",
        {"attributes", nullptr, "trace_id", "status_code = \"ERROR\"", "fingerprint"}};
    return s;
}

FlatTracesTable::FlatTracesTable(uint64_t min_duration_ns) : TableBuilder(spec()), min_duration_ns_(min_duration_ns) {}

void FlatTracesTable::span(const SpanRecord& s) {
    if (span_shorter_than(s, min_duration_ns_)) {
        ++rows_filtered_;
        return;
    }
    column(kTimestamp).ints.push_back(nanos_to_micros(s.start_unix_nano));
    column(kTraceId).strings.push(s.trace_id.view());
    column(kSpanId).strings.push(s.span_id.view());
    column(kParentSpanId).strings.push(s.parent_span_id.view());
    // service_name comes from the resource, known only in fill_resource.
    column(kSpanName).strings.push(s.name);
    column(kDuration).floats.push_back(duration_ms_2dp(s.start_unix_nano, s.end_unix_nano));
    StringStore& status = column(kStatus).strings;
    switch (s.status_code) {
        case 0: status.push("UNSET"); break;
        case 1: status.push("OK"); break;
        case 2: status.push("ERROR"); break;
        default: {
            char buf[kMaxIntText];
            status.push(std::string_view(buf, static_cast<size_t>(write_int(buf, s.status_code) - buf)));
        }
    }
    map_writer_.append(s.attributes, column(kAttributes));
    // service_name and the fingerprint are filled when the resource ends.
    ++block_.rows;
}

void FlatTracesTable::fill_resource(size_t first, size_t end, const ResourceRecord& resource) {
    column(kServiceName).push_copies(flat::service_name(resource.attributes), end - first);
    for (size_t row = first; row < end; ++row) {
        fingerprints_.add(column(kTraceId).strings.at(row));
        fingerprints_.add(column(kSpanId).strings.at(row));
        fingerprints_.end_message();
    }
    flat::push_digests(fingerprints_, column(kFingerprint).strings);
}

}  // namespace otelflat
