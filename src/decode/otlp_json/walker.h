#pragma once
#include <vector>

#include "decode/otlp_json/attributes.h"
#include "decode/records.h"

namespace otelflat::otlp_json {

enum class Signal { traces, logs, metrics };

// Walks the signal part of an OTLP/JSON document (Resource* → Scope* → records) and drives a
// RecordVisitor. The resource and scope levels are the same for every signal (walker.cpp);
// spans.cpp, logs.cpp and metrics.cpp read the records.
class Walker {
public:
    // One ResourceSpans / ResourceLogs / ResourceMetrics object.
    void resource(od::object obj, Signal signal, RecordVisitor& visitor, JsonPath& path);
    // One member of such an object; false when the key is not one. Lets a bare ResourceSpans
    // at the top of a document be read member by member.
    bool resource_member(std::string_view key, od::value& value, Signal signal, RecordVisitor& visitor,
                         JsonPath& path);
    // Call around the members of one resource object.
    void begin(RecordVisitor& visitor);
    void end(RecordVisitor& visitor);

    // A whole metrics document (an ExportMetricsServiceRequest) read from its text [begin,
    // end) by the plain readers (plain_metrics.cpp): the commonest form, without simdjson's
    // iteration, which cost most of a metrics run. A data point, or a resource's or scope's
    // attributes, that they do not take is read by the simdjson readers from its own text;
    // anything else in the document makes it return false, after which the caller undoes
    // what reached the visitor and walks the document with simdjson. `metrics`: whether it
    // had a resourceMetrics member.
    bool plain_metrics_document(const char* begin, const char* end, RecordVisitor& visitor, bool& metrics);

    // Span events and links cost time to read; only schemas that store them ask for them.
    void set_read_span_events(bool on) { read_span_events_ = on; }

    uint64_t records(Signal s) const { return records_[static_cast<int>(s)]; }
    uint64_t metrics_without_data() const { return metrics_without_data_; }
    void reset_counts() {
        records_[0] = records_[1] = records_[2] = 0;
        metrics_without_data_ = 0;
    }

private:
    void scope_container(od::object obj, Signal signal, RecordVisitor& visitor, JsonPath& path);
    void scope(od::value& v, JsonPath& path);
    void span(od::object obj, RecordVisitor& visitor, JsonPath& path);
    void log(od::object obj, RecordVisitor& visitor, JsonPath& path);
    void metric(od::object obj, RecordVisitor& visitor, JsonPath& path);
    void data_points(od::value& points, MetricType type, RecordVisitor& visitor, JsonPath& path);
    void data_point(od::object obj, MetricType type, RecordVisitor& visitor, JsonPath& path);
    void exemplar(od::object obj, JsonPath& path);
    // Around the members of one data point, whichever reader reads them.
    void begin_point();
    void emit_point(MetricType type, MetricPoint& p, RecordVisitor& visitor);

    // plain_metrics.cpp: each returns where its text ends, or nullptr when it does not take it.
    const char* plain_resource(const char* p, const char* end, RecordVisitor& visitor);
    const char* plain_scope_container(const char* p, const char* end, RecordVisitor& visitor);
    const char* plain_scope(const char* p, const char* end);
    const char* plain_metric(const char* p, const char* end, RecordVisitor& visitor);
    const char* plain_point(const char* p, const char* end, MetricType type, RecordVisitor& visitor);
    const char* plain_point_members(const char* p, const char* end, MetricPoint& point);
    const char* plain_exemplar(const char* p, const char* end);
    const char* plain_attributes(const char* p, const char* end, AttributeCollector& attrs);
    const char* plain_attributes_or_reread(const char* p, const char* end, AttributeCollector& attrs,
                                           od::parser& parser, bool& reread);

    AnyValueRenderer renderer_;
    AttributeCollector resource_attrs_, scope_attrs_, record_attrs_;
    ScopeRecord scope_;
    std::string_view resource_schema_url_;
    std::string body_scratch_;
    // Reused per data point.
    std::vector<uint64_t> bucket_counts_, positive_counts_, negative_counts_;
    od::parser reread_parser_;  // reads again the counts and bounds the one-pass scans do not take
    std::vector<double> explicit_bounds_;
    std::string explicit_bounds_text_;  // what explicit_bounds_ was scanned from, if it was
    std::vector<Quantile> quantiles_;
    std::vector<Exemplar> exemplars_;
    std::vector<SpanEvent> events_;
    std::vector<SpanLink> links_;
    AttributeCollectorPool nested_attrs_;  // one per exemplar, event or link of the record
    // For the parts of a plain-read document read again by simdjson: one parser each, as the
    // strings a read leaves in its parser are used until the resource, scope or point ends.
    od::parser resource_parser_, scope_parser_, point_parser_;
    bool resource_reread_ = false, scope_reread_ = false;  // a second one would overwrite the first's strings
    JsonPath plain_path_;  // unused: an error there makes the whole document read again
    bool read_span_events_ = false;
    uint64_t records_[3] = {0, 0, 0};  // spans, log records, data points
    uint64_t metrics_without_data_ = 0;
};

// The key of the scope-level array in a resource object (scopeSpans...), or nullptr.
const char* scope_container_name(std::string_view key, Signal signal);

// Reads a hex id (traceId, spanId...) of `bytes` bytes, failing the document when malformed.
void read_id(od::value& v, unsigned bytes, const char* what, HexId& out);

}  // namespace otelflat::otlp_json
