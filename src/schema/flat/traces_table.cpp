#include "schema/flat/traces_table.h"

#include <charconv>

#include "text/md5.h"
#include "text/time_text.h"

namespace otelflat {

const TableSpec& FlatTracesTable::spec() {
    static const TableSpec s{
        "otel_traces_processed",
        {
            {"timestamp", "DateTime64(6, 'UTC')", ColumnKind::datetime64, "CODEC(Delta, ZSTD(1))"},
            {"trace_id", "String", ColumnKind::string, "CODEC(ZSTD(1))"},
            {"span_id", "String", ColumnKind::string, "CODEC(ZSTD(1))"},
            {"parent_span_id", "String", ColumnKind::string, "CODEC(ZSTD(1))"},
            {"service_name", "LowCardinality(String)", ColumnKind::string, ""},
            {"span_name", "LowCardinality(String)", ColumnKind::string, ""},
            {"duration_ms", "Float64", ColumnKind::float64, "CODEC(ZSTD(1))"},
            {"status_code", "LowCardinality(String)", ColumnKind::string, ""},
            {"attributes", "Map(String, String)", ColumnKind::map_string_string, "CODEC(ZSTD(1))"},
            {"fingerprint", "String", ColumnKind::string, "CODEC(ZSTD(1))"},
        },
        "ENGINE = ReplacingMergeTree(timestamp)\n"
        "PARTITION BY toDate(timestamp)\n"
        "ORDER BY (service_name, fingerprint)"};
    return s;
}

FlatTracesTable::FlatTracesTable(uint64_t min_duration_ns)
    : block_(make_block(spec())), min_duration_ns_(min_duration_ns) {
    Column* c = block_.columns.data();
    timestamp_ = &c[0];
    trace_id_ = &c[1];
    span_id_ = &c[2];
    parent_span_id_ = &c[3];
    service_name_ = &c[4];
    span_name_ = &c[5];
    duration_ms_ = &c[6];
    status_code_ = &c[7];
    attributes_ = &c[8];
    fingerprint_ = &c[9];
}

void FlatTracesTable::begin_document() {
    document_first_row_ = block_.rows;
    document_filtered_before_ = rows_filtered_;
}

void FlatTracesTable::abort_document() {
    block_.truncate(document_first_row_);
    rows_filtered_ = document_filtered_before_;
}

void FlatTracesTable::begin_resource() { resource_first_row_ = block_.rows; }

void FlatTracesTable::span(const SpanRecord& s) {
    if (min_duration_ns_ > 0 &&
        (s.end_unix_nano < s.start_unix_nano || s.end_unix_nano - s.start_unix_nano < min_duration_ns_)) {
        ++rows_filtered_;
        return;
    }
    timestamp_->ints.push_back(nanos_to_micros(s.start_unix_nano));
    trace_id_->strings.push(s.trace_id.view());
    span_id_->strings.push(s.span_id.view());
    parent_span_id_->strings.push(s.parent_span_id.view());
    // service_name comes from the resource, known only at end_resource.
    span_name_->strings.push(s.name);
    duration_ms_->floats.push_back(duration_ms_2dp(s.start_unix_nano, s.end_unix_nano));
    switch (s.status_code) {
        case 0: status_code_->strings.push("UNSET"); break;
        case 1: status_code_->strings.push("OK"); break;
        case 2: status_code_->strings.push("ERROR"); break;
        default: {
            char buf[24];
            auto r = std::to_chars(buf, buf + sizeof buf, s.status_code);
            status_code_->strings.push(std::string_view(buf, static_cast<size_t>(r.ptr - buf)));
        }
    }
    map_writer_.append(s.attributes, *attributes_);
    char fp[32];
    md5_hex(s.trace_id.view(), s.span_id.view(), fp);
    fingerprint_->strings.push(std::string_view(fp, 32));
    ++block_.rows;
}

void FlatTracesTable::end_resource(const ResourceRecord& resource) {
    const Attribute* a = AttributeMapWriter::find_last(resource.attributes, "service.name");
    std::string_view name = a && !a->value.empty() ? a->value : std::string_view("unknown");
    for (size_t r = resource_first_row_; r < block_.rows; ++r) service_name_->strings.push(name);
}

}  // namespace otelflat
