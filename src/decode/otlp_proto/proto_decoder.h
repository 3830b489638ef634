#pragma once
// OTLP/protobuf: ExportTraceServiceRequest / ExportLogsServiceRequest /
// ExportMetricsServiceRequest (and the *Data messages, the same bytes), read with a hand-written
// wire decoder over the published field numbers and handed to the same RecordVisitor as the
// JSON path, with every value rendered by the same rules (decode/anyvalue_rules.h): the same
// data gives the same rows whichever way it was encoded.
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "decode/anyvalue_rules.h"
#include "decode/attribute_list.h"
#include "decode/decode_error.h"
#include "decode/outcome.h"
#include "decode/records.h"

namespace otelflat::otlp_proto {

// The three requests share their layout (field 1: repeated Resource*): which one a message is
// shows only in its records. Spans carry fixed64 start/end times, log records fixed64 times or
// a varint severity, metrics neither but a data member.
enum class Signal { unknown, traces, logs, metrics };
Signal classify(std::string_view message);
// A hint from a name (a Kafka topic such as otlp_spans, otlp_logs, otlp_metrics).
Signal signal_from_name(std::string_view name);

class ProtoDecoder {
public:
    // Decodes one message. `fallback` is used when the message has no record to classify.
    // Throws DecodeError, with the path of the field, after the visitor's abort_document().
    DocumentOutcome decode(std::string_view message, Signal fallback, RecordVisitor& visitor);
    void set_read_span_events(bool on) { read_span_events_ = on; }

private:
    using Attributes = AttributeListBuilder;
    struct Level {  // one nesting depth of arrays and kvlists being rendered
        std::string text;
        std::vector<KvlistEntry> entries;
    };

    void walk(std::string_view message, Signal signal, RecordVisitor& visitor);
    bool reads_as(std::string_view message, Signal signal, RecordVisitor& visitor);
    void resource(std::string_view m, Signal signal, RecordVisitor& visitor);
    void scope_container(std::string_view m, Signal signal, RecordVisitor& visitor);
    void scope(std::string_view m, ScopeRecord& out);
    void span(std::string_view m, RecordVisitor& visitor);
    void log(std::string_view m, RecordVisitor& visitor);
    void metric(std::string_view m, RecordVisitor& visitor);
    void data_point(std::string_view m, MetricType type, RecordVisitor& visitor);
    void exemplar(std::string_view m);
    void read_attribute(std::string_view key_value, Attributes& into);
    // An AnyValue at the top: a plain string as a view, anything else rendered into scratch.
    RenderedValue render(std::string_view any, std::string& scratch);
    bool write_json(std::string_view any, std::string& out, size_t depth);
    bool write_json_array(std::string_view array, std::string& out, size_t depth);
    bool write_json_kvlist(std::string_view kvlist, std::string& out, size_t depth);
    Level& level(size_t depth);
    // A string field: itself when it is valid UTF-8, else a repaired copy (each bad byte U+FFFD).
    std::string_view text(std::string_view s);
    void id(std::string_view bytes, unsigned size, const char* what, HexId& out);

    JsonPath path_;
    Attributes resource_attrs_, scope_attrs_, record_attrs_;
    ReusePool<Attributes> nested_attrs_;
    std::deque<Level> levels_;
    std::deque<std::string> repaired_;  // UTF-8 repairs of this message's strings
    std::string body_scratch_;
    std::vector<uint64_t> bucket_counts_, positive_counts_, negative_counts_;
    std::vector<double> explicit_bounds_;
    std::vector<Quantile> quantiles_;
    std::vector<Exemplar> exemplars_;
    std::vector<SpanEvent> events_;
    std::vector<SpanLink> links_;
    bool read_span_events_ = false;
    DocumentOutcome outcome_;
};

}  // namespace otelflat::otlp_proto
