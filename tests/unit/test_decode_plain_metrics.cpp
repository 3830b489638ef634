// Metrics documents are read whole from their text by the plain readers (plain_metrics.cpp)
// when they can be, and by the On-Demand walker otherwise. Each case here is decoded both ways,
// into the flat and the otel schema, and must give the same rows, counts and errors; the cases
// the plain readers are meant to take must also have been taken by them.
#include <catch2/catch.hpp>

#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "decode/otlp_json/document_decoder.h"
#include "decode/otlp_json/plain_text.h"
#include "encode/jsoneachrow.h"
#include "schema/flat/flat_schema.h"
#include "schema/otel/otel_schema.h"

namespace {

using otelflat::otlp_json::DocumentDecoder;

struct Decoded {
    std::string text;     // the outcome's counts or the error, then every table's rows
    uint64_t plain = 0;   // documents the plain readers took
};

template <typename Schema>
Decoded decode_with(Schema& schema, const std::string& json, bool plain) {
    // Exactly the decoder's 64 bytes of padding, so that AddressSanitizer sees a read past them.
    std::unique_ptr<char[]> padded(new char[json.size() + 64]);
    std::memcpy(padded.get(), json.data(), json.size());
    std::memset(padded.get() + json.size(), ' ', 64);
    DocumentDecoder decoder;
    decoder.set_plain_metrics(plain);
    Decoded d;
    try {
        otelflat::DocumentOutcome o = decoder.decode(padded.get(), json.size(), schema);
        d.text = "metrics=" + std::to_string(o.metrics) + " traces=" + std::to_string(o.traces) +
                 " points=" + std::to_string(o.data_points) + " without_data=" + std::to_string(o.metrics_without_data) +
                 "\n";
    } catch (const otelflat::DecodeError& e) {
        d.text = std::string("rejected: ") + e.what() + "\n";
    }
    for (otelflat::TableBuilder* t : schema.tables()) {
        otelflat::StringOutput out;
        otelflat::JsonEachRowEncoder enc(otelflat::TimeFormat::text);
        enc.write(t->block(), 0, t->block().rows, out);
        d.text += t->spec().name + std::string(" clamped=") + std::to_string(t->times_clamped()) + "\n" + out.str();
    }
    d.plain = decoder.plain_documents();
    return d;
}

Decoded flat(const std::string& json, bool plain) {
    otelflat::FlatSchema schema(0);
    return decode_with(schema, json, plain);
}

Decoded otel(const std::string& json, bool plain) {
    otelflat::OtelSchema schema(0, otelflat::MetricsLayout::current);
    return decode_with(schema, json, plain);
}

// Both ways, both schemas, the same; returns whether the plain readers took the document.
bool same_both_ways(const std::string& json) {
    Decoded f_plain = flat(json, true), f_walker = flat(json, false);
    Decoded o_plain = otel(json, true), o_walker = otel(json, false);
    INFO(json);
    REQUIRE(f_walker.plain == 0);
    REQUIRE(f_plain.text == f_walker.text);
    REQUIRE(o_plain.text == o_walker.text);
    REQUIRE(f_plain.plain == o_plain.plain);
    return f_plain.plain == 1;
}

// Every metric type and member, as exporters write them.
const std::string kDoc =
    R"({"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}},)"
    R"({"key":"host.name","value":{"stringValue":"h1"}},{"key":"process.pid","value":{"intValue":"42"}}],)"
    R"("droppedAttributesCount":0},"scopeMetrics":[{"scope":{"name":"sc","version":"1.0","attributes":)"
    R"([{"key":"sa","value":{"boolValue":true}}],"droppedAttributesCount":1},"metrics":[)"
    R"({"name":"g","unit":"1","description":"a gauge","metadata":[{"key":"m","value":{"stringValue":"x"}}],)"
    R"("gauge":{"dataPoints":[{"attributes":[{"key":"cpu","value":{"stringValue":"0"}},)"
    R"({"key":"ratio","value":{"doubleValue":0.5}}],"startTimeUnixNano":"1767220220000000000",)"
    R"("timeUnixNano":"1767226421852636395","asDouble":78.586},)"
    R"({"timeUnixNano":"1767226421852636395","asInt":"-17","flags":1}]}},)"
    R"({"name":"s","sum":{"aggregationTemporality":2,"isMonotonic":true,"dataPoints":[{"timeUnixNano":"5","asInt":12}]}},)"
    R"({"name":"h","unit":"s","histogram":{"aggregationTemporality":"AGGREGATION_TEMPORALITY_DELTA","dataPoints":[)"
    R"({"attributes":[{"key":"route","value":{"stringValue":"/a/{id}"}}],"startTimeUnixNano":"1","timeUnixNano":"2",)"
    R"("count":"12515","sum":2974.257673,"bucketCounts":["4000","0","3"],"explicitBounds":[0.005,0.01],)"
    R"("min":0.003451,"max":3.9294,"exemplars":[{"filteredAttributes":[{"key":"route","value":{"stringValue":"/a"}}],)"
    R"("timeUnixNano":"3","asDouble":1.8183,"spanId":"923c4e5d83924f05","traceId":"4027054627e125a42d206ada60900772"}]},)"
    R"({"timeUnixNano":"3","count":"1","bucketCounts":["1","0","0"],"explicitBounds":[0.005,0.01]}]}},)"
    R"({"name":"e","exponentialHistogram":{"aggregationTemporality":1,"dataPoints":[{"timeUnixNano":"4","count":"9",)"
    R"("sum":28265.4826,"scale":2,"zeroCount":"1","zeroThreshold":0,"positive":{"offset":-32,"bucketCounts":["5","0","1"]},)"
    R"("negative":{"offset":3,"bucketCounts":["2"]},"min":0.000018199113492644027,"max":171.0522152517664}]}},)"
    R"({"name":"q","summary":{"dataPoints":[{"timeUnixNano":"5","count":"3","sum":1.5,)"
    R"("quantileValues":[{"quantile":0.5,"value":0.25},{"quantile":0.99,"value":1e3}]}]}},)"
    R"({"name":"nodata","unit":"1"}],"schemaUrl":"https://s"}],"schemaUrl":"https://r"}]})";

std::string replaced(std::string s, const std::string& from, const std::string& to) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
    return s;
}

}  // namespace

TEST_CASE("the plain readers take exporters' metrics documents and give the walker's rows", "[decode][metrics]") {
    CHECK(same_both_ways(kDoc));
    // snake_case keys, spaced and pretty-printed text, repeated members, unknown members.
    std::string snake = kDoc;
    for (auto [camel, sn] : std::vector<std::pair<std::string, std::string>>{
             {"resourceMetrics", "resource_metrics"}, {"scopeMetrics", "scope_metrics"}, {"dataPoints", "data_points"},
             {"startTimeUnixNano", "start_time_unix_nano"}, {"timeUnixNano", "time_unix_nano"},
             {"asDouble", "as_double"}, {"asInt", "as_int"}, {"bucketCounts", "bucket_counts"},
             {"explicitBounds", "explicit_bounds"}, {"aggregationTemporality", "aggregation_temporality"},
             {"isMonotonic", "is_monotonic"}, {"exponentialHistogram", "exponential_histogram"},
             {"zeroCount", "zero_count"}, {"zeroThreshold", "zero_threshold"}, {"quantileValues", "quantile_values"},
             {"filteredAttributes", "filtered_attributes"}, {"spanId", "span_id"}, {"traceId", "trace_id"},
             {"schemaUrl", "schema_url"}, {"droppedAttributesCount", "dropped_attributes_count"}})
        snake = replaced(snake, "\"" + camel + "\"", "\"" + sn + "\"");
    CHECK(same_both_ways(snake));
    CHECK(same_both_ways(replaced(replaced(kDoc, ",\"", " ,\n  \""), "\":", "\" :\t")));
    CHECK(same_both_ways(replaced(kDoc, R"("timeUnixNano":"2",)", R"("timeUnixNano":"2","timeUnixNano":"7","attributes":[],)")));
    CHECK(same_both_ways(replaced(kDoc, R"("name":"g",)", R"("name":"g","x":{"a":[1,{"b":"]\"}"}],"c":null},"y":-1.5e3,)")));
    CHECK(same_both_ways(replaced(kDoc, R"("flags":1)", R"("flags":1,"exemplars":[],"unknown":[[]])")));
    // Forms of values the plain readers leave to the walker, for one point or one list.
    CHECK(same_both_ways(replaced(kDoc, R"("asDouble":78.586)", R"("asDouble":"NaN")")));
    CHECK(same_both_ways(replaced(kDoc, R"({"doubleValue":0.5})", R"({"arrayValue":{"values":[{"intValue":"1"}]}})")));
    CHECK(same_both_ways(replaced(kDoc, R"({"intValue":"42"})", R"({"kvlistValue":{"values":[{"key":"k","value":{}}]}})")));
    CHECK(same_both_ways(replaced(kDoc, R"({"boolValue":true})", R"({"bytesValue":"AQI="})")));
    CHECK(same_both_ways(replaced(kDoc, R"("count":"12515")", R"("count":12515)")));
    CHECK(same_both_ways(replaced(kDoc, R"("count":"12515")", R"("count":"+12515")")));
    CHECK(same_both_ways(replaced(kDoc, R"("count":"12515")", R"("count":"0012515")")));
    CHECK(same_both_ways(replaced(kDoc, R"("offset":-32)", R"("offset":"-32")")));
    CHECK(same_both_ways(replaced(kDoc, R"("sum":1.5)", R"("sum":null)")));
    CHECK(same_both_ways(replaced(kDoc, R"("min":0.003451)", R"("min":3451e-6)")));
    CHECK(same_both_ways(replaced(kDoc, R"("max":3.9294)", R"("max":1e400)")));
    CHECK(same_both_ways(replaced(kDoc, R"("bucketCounts":["4000","0","3"])", R"("bucketCounts":["4000",null,"3"])")));
    CHECK(same_both_ways(replaced(kDoc, R"("route","value":{"stringValue":"/a/{id}"})", R"("ro\u0075te","value":{"stringValue":"/a\n"})")));
    CHECK(same_both_ways(replaced(kDoc, R"("timeUnixNano":"2",)", R"("timeUnixNano":"18446744073709551615",)")));
    CHECK(same_both_ways(replaced(kDoc, R"("name":"g",)", R"("name":"g","q":1x,"r":true,)")));
    CHECK(same_both_ways(replaced(kDoc, R"("timeUnixNano":"3","count":"1")", R"("timeUnixNano":"3","count":"1","sum":1.)")));
    CHECK(same_both_ways(replaced(kDoc, R"("resource":{)", R"("resource":{"attributes":[{"key":"a","value":{"arrayValue":{}}}],)")));
    CHECK(same_both_ways(R"({"resourceMetrics":[]})"));
    CHECK(same_both_ways(R"({"resourceMetrics":[{}]})"));
    CHECK(same_both_ways(R"({"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"m","gauge":{"dataPoints":[{}]}}]}]}]})"));
    // Several resources and scopes, each with attributes read again by the walker (the parser
    // each uses is reused for the next), and several documents through one decoder.
    const std::string complex = R"({"key":"args","value":{"arrayValue":{"values":[{"stringValue":"-v"}]}}})";
    const std::string two = replaced(replaced(kDoc, R"({"key":"host.name")", complex + R"(,{"key":"host.name")"),
                                     R"({"key":"sa")", complex + R"(,{"key":"sa")");
    std::string many = two.substr(0, two.size() - 2);  // without the closing "]}"
    for (const char* svc : {"b", "c"}) {
        many += "," + replaced(two.substr(20, two.size() - 22), R"("stringValue":"svc")",
                                std::string(R"("stringValue":")") + svc + "\"");
    }
    many += "]}";
    CHECK(same_both_ways(many));
    otelflat::FlatSchema together(0), apart(0);
    DocumentDecoder reused;
    for (const std::string& doc : {kDoc, two, many, kDoc}) {
        std::string padded = doc + std::string(64, ' ');
        reused.decode(padded.data(), doc.size(), together);
    }
    CHECK(reused.plain_documents() == 4);
    for (const std::string& doc : {kDoc, two, many, kDoc}) {
        std::string padded = doc + std::string(64, ' ');
        DocumentDecoder walker;
        walker.set_plain_metrics(false);
        walker.decode(padded.data(), doc.size(), apart);
    }
    for (size_t t = 0; t < together.tables().size(); ++t) {
        otelflat::StringOutput a, b;
        otelflat::JsonEachRowEncoder enc(otelflat::TimeFormat::text);
        enc.write(together.tables()[t]->block(), 0, together.tables()[t]->block().rows, a);
        enc.write(apart.tables()[t]->block(), 0, apart.tables()[t]->block().rows, b);
        CHECK(a.str() == b.str());
    }
}

TEST_CASE("a document the plain readers do not take is the walker's: its rows or its error", "[decode][metrics]") {
    // A quote, bracket or colon right after a number or literal is not the plain readers' (the
    // point is then the walker's, which rejects some of these and skips others).
    for (const char* after : {R"(1"z")", "1{}", "1:2", R"(1e999"x")", R"(true"a")"}) {
        same_both_ways(replaced(kDoc, R"("timeUnixNano":"5","asInt":12)",
                                std::string(R"("timeUnixNano":"5","q":)") + after + R"(,"asInt":12)"));
        same_both_ways(replaced(kDoc, R"("asDouble":78.586)", std::string(R"("asDouble":)") + after));
    }
    // Such a quote would pair the quotes after it wrongly: the last one, taken for an opening
    // one, would have the string scan run past the document (and its padding, which the
    // exactly sized buffer makes AddressSanitizer watch).
    CHECK_FALSE(same_both_ways(R"({"resourceMetrics":[{"x":1","y":"}]})"));
    CHECK_FALSE(same_both_ways(R"({"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"m","gauge":{"dataPoints":[{"asDouble":1e999","x":"}]}}]}]}]})"));
    for (const std::string& doc : std::vector<std::string>{
             replaced(kDoc, R"("name":"g")", R"("name":"g\"x")"),
             replaced(kDoc, R"("description":"a gauge")", R"("description":null)"),
             replaced(kDoc, R"({"name":"s","sum")", R"({"name":"s","gauge":{"dataPoints":[{"asInt":1}]},"sum")"),
             replaced(kDoc, R"("aggregationTemporality":2)", R"("aggregationTemporality":"AGGREGATION_TEMPORALITY_X")"),
             replaced(kDoc, R"("aggregationTemporality":2)", R"("aggregationTemporality":2147483648)"),
             replaced(kDoc, R"("scale":2)", R"("scale":2147483648)"),
             replaced(kDoc, R"("spanId":"923c4e5d83924f05")", R"("spanId":"zz")"),
             replaced(kDoc, R"("isMonotonic":true)", R"("isMonotonic":1)"),
             replaced(kDoc, R"("dataPoints":[{"timeUnixNano":"5","asInt":12}])", R"("dataPoints":null)"),
             replaced(kDoc, R"("dataPoints":[{"timeUnixNano":"5","asInt":12}])", R"("dataPoints":[{"timeUnixNano":"5","asInt":12},])"),
             replaced(kDoc, R"("count":"3","sum":1.5)", R"("count":"3""sum":1.5)"),
             replaced(kDoc, R"("timeUnixNano":"5","asInt":12)", R"("timeUnixNano":"5","asInt":012)"),
             replaced(kDoc, R"("timeUnixNano":"5","asInt":12)", R"("timeUnixNano":"5","asInt":"1.5")"),
             "{\"resourceSpans\":[]," + kDoc.substr(1),
             kDoc.substr(0, kDoc.size() - 1) + ",\"resourceLogs\":[]}",
             kDoc + " x",
             replaced(kDoc, R"("timeUnixNano":"2",)", R"("timeUnixNano":"99999999999999999999",)"),
             R"({"resourceMetrics":null})",
             R"({"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"m","gauge":{"dataPoints":[{"timeUnixNano":"253402300800000000000"}]}}]}]}]})",
             R"({"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"m","sum":{"dataPoints":[{"timeUnixNano":"1e3"}]}}]}]}]})",
         })
        CHECK_FALSE(same_both_ways(doc));
}

TEST_CASE("metrics documents with a byte or two changed give the same result both ways", "[decode][metrics]") {
    // The plain readers must neither take what the walker rejects nor read a byte past the
    // document and its padding (the unit tests run under AddressSanitizer).
    const std::string alphabet = "{}[],:\"\\ 0123456789-+.eEtrunlfaxs";
    std::mt19937 rng(11);
    int taken = 0;
    for (int i = 0; i < 4000; ++i) {
        std::string doc = kDoc;
        size_t at = rng() % doc.size();
        switch (rng() % 4) {
            case 0: doc.erase(at, 1); break;
            case 1: doc.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
            case 2: doc[at] = alphabet[rng() % alphabet.size()]; break;
            default:  // two quotes: an even count, which passes closed_compact
                doc.insert(at, 1, '"');
                doc.insert(rng() % doc.size(), 1, '"');
                break;
        }
        taken += same_both_ways(doc);
    }
    CHECK(taken > 1000);  // most changes land in values the plain readers still take
}

TEST_CASE("closed_compact: no backslash, no control byte, an even number of quotes, wherever they fall", "[decode]") {
    using otelflat::otlp_json::plain::closed_compact;
    const std::string escaped = R"({"a":"b","c":[1,2,3],"d":"\u00e9t\u00e9"})";
    for (size_t n = 0; n < 100; ++n) {
        std::string text(n, 'x');
        CHECK(closed_compact(text.data(), text.size()));
        for (size_t at = 0; at < n; ++at) {  // one odd byte at every offset of every 32-byte block and tail
            for (char c : {'"', '\\', '\n', '\t', '\x01', '\x1f'}) {
                std::string t = text;
                t[at] = c;
                INFO("n=" << n << " at=" << at << " byte=" << static_cast<int>(c));
                REQUIRE_FALSE(closed_compact(t.data(), t.size()));
            }
            const size_t other = (at + 7) % n;
            if (other == at) continue;
            std::string two = text;
            two[at] = two[other] = '"';
            REQUIRE(closed_compact(two.data(), two.size()));
        }
    }
    CHECK_FALSE(closed_compact(escaped.data(), escaped.size()));
    std::string utf8 = "{\"k\":\"\xC3\xA9\xE2\x82\xAC\"}";  // bytes above 0x7F are not control bytes
    CHECK(closed_compact(utf8.data(), utf8.size()));
    for (char c : {'\x20', '\x7f', '\x80', '\xff'}) {  // in the 32-byte blocks and the tail
        std::string t(70, c);
        CHECK(closed_compact(t.data(), t.size()));
    }
}
