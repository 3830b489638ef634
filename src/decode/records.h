#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "text/hex_id.h"

namespace otelflat {

// What the OTLP decoders hand to a schema. Every string_view points into the document being
// decoded (or the decoder's scratch space) and is valid only during the callback.

// An attribute with its value already rendered as the collector's AsString text.
struct Attribute {
    std::string_view key;
    std::string_view value;
};

struct AttributeList {
    const Attribute* items = nullptr;
    size_t size = 0;
    const Attribute* begin() const { return items; }
    const Attribute* end() const { return items + size; }
};

struct ScopeRecord {
    std::string_view name;
    std::string_view version;
    std::string_view schema_url;  // of the ScopeSpans/ScopeLogs/ScopeMetrics
    uint32_t dropped_attributes_count = 0;
    AttributeList attributes;
};

struct ResourceRecord {
    AttributeList attributes;  // in input order, duplicates kept
    std::string_view schema_url;
};

struct SpanEvent {
    uint64_t time_unix_nano = 0;
    std::string_view name;
    AttributeList attributes;
};

struct SpanLink {
    HexId trace_id;
    HexId span_id;
    std::string_view trace_state;
    uint32_t flags = 0;
    AttributeList attributes;
};

struct SpanRecord {
    HexId trace_id;
    HexId span_id;
    HexId parent_span_id;
    std::string_view name;
    std::string_view trace_state;
    uint64_t start_unix_nano = 0;
    uint64_t end_unix_nano = 0;
    int32_t kind = 0;
    uint32_t flags = 0;
    int64_t status_code = 0;  // 0 unset, 1 ok, 2 error; other numbers kept as sent
    std::string_view status_message;
    AttributeList attributes;  // in input order, duplicates kept
    const SpanEvent* events = nullptr;  // only read when the schema asks for them
    size_t event_count = 0;
    const SpanLink* links = nullptr;
    size_t link_count = 0;
};

// --min-duration: a span that ends before it starts counts as shorter than anything.
inline bool span_shorter_than(const SpanRecord& s, uint64_t min_ns) {
    return min_ns > 0 && (s.end_unix_nano < s.start_unix_nano || s.end_unix_nano - s.start_unix_nano < min_ns);
}

struct LogRecord {
    uint64_t time_unix_nano = 0;
    uint64_t observed_time_unix_nano = 0;
    HexId trace_id;
    HexId span_id;
    uint32_t flags = 0;
    int32_t severity_number = 0;
    std::string_view severity_text;
    std::string_view body;  // AsString(body)
    std::string_view event_name;
    AttributeList attributes;
};

enum class MetricType { none, gauge, sum, histogram, exponential_histogram, summary };

// The metric a data point belongs to.
struct MetricInfo {
    std::string_view name;
    std::string_view description;
    std::string_view unit;
    MetricType type = MetricType::none;
    int32_t temporality = 0;  // aggregationTemporality: 0 unspecified, 1 delta, 2 cumulative
    bool is_monotonic = false;
};

template <typename T>
struct ValueList {  // a read-only view of values the decoder owns
    const T* items = nullptr;
    size_t size = 0;
    const T* begin() const { return items; }
    const T* end() const { return items + size; }
};

struct Quantile {
    double quantile = 0;
    double value = 0;
};

struct Exemplar {
    uint64_t time_unix_nano = 0;
    double value = 0;  // asDouble, or asInt as a double, or 0
    HexId trace_id;
    HexId span_id;
    AttributeList filtered_attributes;
};

// One data point of any metric type; the fields a type lacks stay zero or empty.
struct MetricPoint {
    uint64_t start_time_unix_nano = 0;
    uint64_t time_unix_nano = 0;
    uint32_t flags = 0;
    AttributeList attributes;
    double value = 0;  // gauge/sum: asDouble, or asInt converted, or 0
    uint64_t count = 0;
    double sum = 0;
    double min = 0;
    double max = 0;
    bool has_sum = false, has_min = false, has_max = false;
    ValueList<uint64_t> bucket_counts;
    ValueList<double> explicit_bounds;
    int32_t scale = 0;
    uint64_t zero_count = 0;
    double zero_threshold = 0;
    int32_t positive_offset = 0;
    ValueList<uint64_t> positive_counts;
    int32_t negative_offset = 0;
    ValueList<uint64_t> negative_counts;
    ValueList<Quantile> quantiles;
    ValueList<Exemplar> exemplars;
};

// Receives the records of one document, in document order. JSON objects are unordered, so a
// resource or scope may follow its records: their details arrive in end_scope/end_resource,
// after the records they belong to, and a schema fills those columns for the rows in between.
class RecordVisitor {
public:
    virtual ~RecordVisitor() = default;
    // Around each document. A malformed document is undone with abort_document(): nothing it
    // produced may reach the output.
    virtual void begin_document() = 0;
    virtual void abort_document() = 0;
    virtual void begin_resource() = 0;
    virtual void begin_scope() = 0;
    virtual void span(const SpanRecord& span) = 0;
    virtual void log(const LogRecord& log) = 0;
    // A metric's points arrive between begin_metric and end_metric; the metric's name, unit,
    // description, temporality and monotonic flag only in end_metric (JSON order is free).
    virtual void begin_metric() = 0;
    // Drops the points of the current metric so far: a later data member replaces them (a
    // oneof in OTLP: the last one read wins, as in the collector).
    virtual void restart_metric() = 0;
    virtual void metric_point(MetricType type, const MetricPoint& point) = 0;
    virtual void end_metric(const MetricInfo& metric) = 0;
    virtual void end_scope(const ScopeRecord& scope) = 0;
    virtual void end_resource(const ResourceRecord& resource) = 0;
};

}  // namespace otelflat
