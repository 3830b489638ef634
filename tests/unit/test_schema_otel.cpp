#include <catch2/catch.hpp>

#include "decode/otlp_json/document_decoder.h"
#include "encode/jsoneachrow.h"
#include "schema/otel/otel_schema.h"

namespace {
enum { kTraces, kLogs, kGauge, kSum, kHistogram, kExpHistogram, kSummary };

std::string otel_rows(int table, const std::string& json,
                      otelflat::MetricsLayout layout = otelflat::MetricsLayout::current, uint64_t* clamped = nullptr) {
    otelflat::OtelSchema schema(0, layout);
    std::string padded = json + std::string(64, ' ');
    otelflat::otlp_json::DocumentDecoder decoder;
    decoder.set_read_span_events(schema.needs_span_events());
    decoder.decode(padded.data(), json.size(), schema);
    otelflat::TableBuilder& t = *schema.tables()[table];
    if (clamped) *clamped = t.times_clamped();
    otelflat::StringOutput out;
    otelflat::JsonEachRowEncoder enc(otelflat::TimeFormat::text);  // no 'UTC' columns: ticks anyway
    enc.write(t.block(), 0, t.block().rows, out);
    return out.str();
}
bool has(const std::string& h, const std::string& n) { return h.find(n) != std::string::npos; }

const char* kResource = R"("resource":{"attributes":[{"key":"service.name","value":{"stringValue":"first"}},)"
                        R"({"key":"a","value":{"stringValue":"2"}},{"key":"service.name","value":{"stringValue":"second"}},)"
                        R"({"key":"a","value":{"stringValue":"1"}}]})";
}  // namespace

TEST_CASE("otel_traces: exporter spellings, first service.name, maps sorted with duplicates", "[schema][otel]") {
    std::string r = otel_rows(kTraces, std::string(R"({"resourceSpans":[{)") + kResource +
        R"(,"scopeSpans":[{"scope":{"name":"sc","version":"1.2"},"spans":[{"name":"s","kind":"SPAN_KIND_CLIENT",)"
        R"("traceState":"k=v","startTimeUnixNano":"2000","endTimeUnixNano":"1000","status":{"code":2,"message":"bad"},)"
        R"("events":[{"timeUnixNano":"1500","name":"e1","attributes":[{"key":"x","value":{"intValue":"1"}}]},{"name":"e2"}],)"
        R"("links":[{"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174","traceState":"t"}]},)"
        R"({"kind":9,"status":{"code":5}}]}]}]})");
    CHECK(has(r, R"({"Timestamp":2000,"TraceId":"","SpanId":"","ParentSpanId":"","TraceState":"k=v","SpanName":"s",)"
                 R"("SpanKind":"Client","ServiceName":"first",)"));
    CHECK(has(r, R"("ResourceAttributes":{"a":"2","a":"1","service.name":"first","service.name":"second"},)"));
    CHECK(has(r, R"("ScopeName":"sc","ScopeVersion":"1.2",)"));
    CHECK(has(r, R"("Duration":18446744073709550616,"StatusCode":"Error","StatusMessage":"bad",)"));  // wraps
    CHECK(has(r, R"("Events.Timestamp":[1500,0],"Events.Name":["e1","e2"],"Events.Attributes":[{"x":"1"},{}],)"));
    CHECK(has(r, R"("Links.TraceId":["5b8efff798038103d269b633813fc60c"],"Links.SpanId":["eee19b7ec3c1b174"],)"
                 R"("Links.TraceState":["t"],"Links.Attributes":[{}]})"));
    CHECK(has(r, R"("SpanKind":"",)"));       // out-of-range kind
    CHECK(has(r, R"("StatusCode":"",)"));     // out-of-range status
}

TEST_CASE("otel_traces: a span without a service.name has an empty ServiceName", "[schema][otel]") {
    CHECK(has(otel_rows(kTraces, R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"s"}]}]}]})"),
              R"("ServiceName":"",)"));
}

TEST_CASE("otel_logs: observed fallback, trace flags, schema urls, scope attributes", "[schema][otel]") {
    std::string r = otel_rows(kLogs, std::string(R"({"resourceLogs":[{)") + kResource +
        R"(,"schemaUrl":"rs","scopeLogs":[{"schemaUrl":"ss","scope":{"name":"n","version":"v",)"
        R"("attributes":[{"key":"sa","value":{"boolValue":true}}]},"logRecords":[{"observedTimeUnixNano":"77",)"
        R"("flags":257,"severityNumber":17,"severityText":"ERROR","body":{"arrayValue":{"values":[{"intValue":"1"}]}},)"
        R"("eventName":"ev"}]}]}]})");
    CHECK(has(r, R"({"Timestamp":77,"TraceId":"","SpanId":"","TraceFlags":1,"SeverityText":"ERROR","SeverityNumber":17,)"
                 R"("ServiceName":"first","Body":"[1]","ResourceSchemaUrl":"rs",)"));
    CHECK(has(r, R"("ScopeSchemaUrl":"ss","ScopeName":"n","ScopeVersion":"v","ScopeAttributes":{"sa":"true"},)"
                 R"("LogAttributes":{},"EventName":"ev"})"));
}

namespace {
std::string metrics_doc(const std::string& metric) {
    return R"({"resourceMetrics":[{"resource":{},"scopeMetrics":[{"scope":{"droppedAttributesCount":3},"metrics":[)" +
           metric + "]}]}]}";
}
}  // namespace

TEST_CASE("otel_metrics: DateTime seconds, exemplars with zero-filled ids, per-type columns", "[schema][otel]") {
    std::string g = otel_rows(kGauge, metrics_doc(
        R"({"name":"g","gauge":{"dataPoints":[{"asInt":"7","timeUnixNano":"1700000000999999999","flags":1,)"
        R"("exemplars":[{"asDouble":2.5,"timeUnixNano":"1700000000000000000","spanId":"EEE19B7EC3C1B174",)"
        R"("filteredAttributes":[{"key":"f","value":{"stringValue":"v"}}]},{"asInt":"3"}]}]}})"));
    CHECK(has(g, R"("ScopeDroppedAttrCount":3,)"));
    CHECK(has(g, R"("MetricName":"g","MetricDescription":"","MetricUnit":"","Attributes":{},"StartTimeUnix":0,)"
                 R"("TimeUnix":1700000000,"Value":7,"Flags":1,)"));
    CHECK(has(g, R"("Exemplars.FilteredAttributes":[{"f":"v"},{}],"Exemplars.TimeUnix":[1700000000,0],)"
                 R"("Exemplars.Value":[2.5,3],"Exemplars.SpanId":["eee19b7ec3c1b174","0000000000000000"],)"
                 R"("Exemplars.TraceId":["00000000000000000000000000000000","00000000000000000000000000000000"]})"));
    std::string s = otel_rows(kSum, metrics_doc(
        R"({"name":"s","sum":{"isMonotonic":true,"aggregationTemporality":2,"dataPoints":[{"asDouble":1.5}]}})"));
    CHECK(has(s, R"("Value":1.5,"Flags":0,"Exemplars.FilteredAttributes":[],)"));
    CHECK(has(s, R"("AggregationTemporality":2,"IsMonotonic":true})"));
    std::string h = otel_rows(kHistogram, metrics_doc(
        R"({"name":"h","histogram":{"aggregationTemporality":1,"dataPoints":[{"count":3,"sum":4.5,"bucketCounts":[1,2],)"
        R"("explicitBounds":[10],"max":4}]}})"));
    CHECK(has(h, R"("Count":3,"Sum":4.5,"BucketCounts":[1,2],"ExplicitBounds":[10],"Exemplars.FilteredAttributes":[],)"));
    CHECK(has(h, R"("Flags":0,"Min":0,"Max":4,"AggregationTemporality":1})"));
    std::string e = otel_rows(kExpHistogram, metrics_doc(
        R"({"name":"e","exponentialHistogram":{"dataPoints":[{"count":2,"scale":-2,"zeroCount":1,)"
        R"("positive":{"offset":-3,"bucketCounts":[1]},"negative":{"bucketCounts":[0,1]}}]}})"));
    CHECK(has(e, R"("Count":2,"Sum":0,"Scale":-2,"ZeroCount":1,"PositiveOffset":-3,"PositiveBucketCounts":[1],)"
                 R"("NegativeOffset":0,"NegativeBucketCounts":[0,1],)"));
    std::string q = otel_rows(kSummary, metrics_doc(
        R"({"name":"q","summary":{"dataPoints":[{"count":1,"sum":2,"quantileValues":[{"quantile":0.5,"value":2}]}]}})"));
    CHECK(has(q, R"("Count":1,"Sum":2,"ValueAtQuantiles.Quantile":[0.5],"ValueAtQuantiles.Value":[2],"Flags":0})"));
}

TEST_CASE("otel_metrics legacy layout: DateTime64(9) nanoseconds", "[schema][otel]") {
    std::string g = otel_rows(kGauge, metrics_doc(R"({"name":"g","gauge":{"dataPoints":[{"timeUnixNano":"1700000000999999999"}]}})"),
                              otelflat::MetricsLayout::legacy);
    CHECK(has(g, R"("TimeUnix":1700000000999999999,)"));
    CHECK(otelflat::OtelMetricsTable::spec(otelflat::MetricType::gauge, otelflat::MetricsLayout::legacy).columns[8].type ==
          std::string("String"));  // MetricName
}

TEST_CASE("times beyond the column type are clamped and counted, not wrapped", "[schema][otel]") {
    uint64_t clamped = 0;
    std::string r = otel_rows(kTraces, R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":"18446744073709551615"}]}]}]})",
                              otelflat::MetricsLayout::current, &clamped);
    CHECK(has(r, R"("Timestamp":9223372036854775807,)"));
    CHECK(clamped == 1);
    otel_rows(kGauge, metrics_doc(R"({"name":"g","gauge":{"dataPoints":[{"timeUnixNano":"18446744073709551615"}]}})"),
              otelflat::MetricsLayout::current, &clamped);
    CHECK(clamped == 1);  // DateTime ends in 2106
}
