#include <catch2/catch.hpp>

#include <vector>

#include "helpers.h"
#include "text/md5.h"

using testing::kLogs;
using testing::kMetrics;
using testing::table_rows;

namespace {
std::string logs_doc(const std::string& record, const std::string& resource_attrs =
                         R"([{"key":"service.name","value":{"stringValue":"api"}}])") {
    return R"({"resourceLogs":[{"resource":{"attributes":)" + resource_attrs +
           R"(},"scopeLogs":[{"scope":{"name":"lib"},"logRecords":[)" + record + "]}]}]}";
}
std::string metric_doc(const std::string& metric) {
    return R"({"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"db"}}]},)"
           R"("scopeMetrics":[{"scope":{"name":"meter"},"metrics":[)" + metric + "]}]}]}";
}
bool has(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }
}  // namespace

TEST_CASE("a log record becomes one row; timestamp falls back to the observed time", "[schema][flat][logs]") {
    std::string r = table_rows(kLogs, logs_doc(
        R"({"observedTimeUnixNano":"1700000000123456789","severityNumber":"SEVERITY_NUMBER_WARN","severityText":"warn",)"
        R"("body":{"kvlistValue":{"values":[{"key":"b","value":{"intValue":"1"}},{"key":"a","value":{"boolValue":true}}]}},)"
        R"("traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174","eventName":"login",)"
        R"("attributes":[{"key":"k","value":{"stringValue":"v"}}]})"));
    CHECK(has(r, R"({"timestamp":1700000000123456,"observed_timestamp":1700000000123456,)"));
    CHECK(has(r, R"("trace_id":"5b8efff798038103d269b633813fc60c","span_id":"eee19b7ec3c1b174","service_name":"api",)"));
    CHECK(has(r, R"("severity_text":"warn","severity_number":13,"body":"{\"a\":true,\"b\":1}",)"));
    CHECK(has(r, R"("attributes":{"k":"v"},"resource_attributes":{"service.name":"api"},"scope_name":"lib","event_name":"login",)"));
}

TEST_CASE("log fingerprint: md5 of the documented fields", "[schema][flat][logs]") {
    std::string r = table_rows(kLogs, logs_doc(
        R"({"timeUnixNano":"2000","observedTimeUnixNano":"3000","body":{"stringValue":"hi"},)"
        R"("attributes":[{"key":"z","value":{"stringValue":"1"}},{"key":"a","value":{"stringValue":"2"}}]})"));
    otelflat::Md5 md5;
    md5.update(std::string("2\x1f" "3\x1f\x1f\x1f" "api\x1fhi\x1f" "a\x1e" "2\x1ez\x1e" "1\x1e"));
    char hex[33] = {};
    md5.hex(hex);
    CHECK(has(r, std::string("\"fingerprint\":\"") + hex + "\""));
}

TEST_CASE("log severity numbers out of range or unknown names reject the document", "[schema][flat][logs]") {
    CHECK_THROWS_WITH(table_rows(kLogs, logs_doc(R"({"severityNumber":300})")), Catch::Contains("out of range"));
    CHECK_THROWS_WITH(table_rows(kLogs, logs_doc(R"({"severityNumber":"SEVERITY_NUMBER_LOUD"})")),
                      Catch::Contains("unknown severity number"));
    CHECK(has(table_rows(kLogs, logs_doc(R"({"severity_number":"SEVERITY_NUMBER_FATAL4","body":null})")),
              R"("severity_number":24,"body":"",)"));
}

TEST_CASE("gauge and sum points: value from asDouble or asInt; temporality and monotonic", "[schema][flat][metrics]") {
    std::string r = table_rows(kMetrics, metric_doc(
        R"({"name":"reqs","unit":"1","description":"d","sum":{"aggregationTemporality":"AGGREGATION_TEMPORALITY_CUMULATIVE",)"
        R"("isMonotonic":true,"dataPoints":[{"asInt":"9007199254740993","timeUnixNano":"5000","startTimeUnixNano":"1000"}]}},)"
        R"({"gauge":{"dataPoints":[{"asDouble":"NaN"},{"asDouble":0.5,"flags":1}]},"name":"late-name"})"));
    CHECK(has(r, R"("metric_name":"reqs","metric_type":"sum","unit":"1","description":"d","value":9007199254740992,)"));
    CHECK(has(r, R"("temporality":"cumulative","is_monotonic":true,)"));
    CHECK(has(r, R"("metric_name":"late-name","metric_type":"gauge")"));  // name after the data member
    CHECK(has(r, R"("value":"NaN",)"));                                    // NaN has no JSON literal
    CHECK(has(r, R"("value":0.5,)"));
    CHECK(has(r, R"("temporality":"","is_monotonic":false,)"));
    CHECK(has(r, R"("flags":1,)"));
}

TEST_CASE("histogram and summary points keep their arrays in input order", "[schema][flat][metrics]") {
    std::string r = table_rows(kMetrics, metric_doc(
        R"({"name":"lat","histogram":{"dataPoints":[{"count":"6","sum":12.5,"min":0.5,"max":9,)"
        R"("bucketCounts":["1",2,"3"],"explicitBounds":[1,5]}],"aggregationTemporality":1}},)"
        R"({"name":"q","summary":{"dataPoints":[{"count":3,"sum":6,"quantileValues":[{"quantile":0.99,"value":3},{"quantile":0.5}]}]}})"));
    CHECK(has(r, R"("value":0,"count":6,"sum":12.5,"min":0.5,"max":9,"bucket_bounds":[1,5],"bucket_counts":[1,2,3],)"));
    CHECK(has(r, R"("temporality":"delta")"));
    CHECK(has(r, R"("count":3,"sum":6,"min":0,"max":0,"bucket_bounds":[],"bucket_counts":[],"quantiles":[0.99,0.5],"quantile_values":[3,0],)"));
}

TEST_CASE("exponential histograms are also given as explicit buckets", "[schema][flat][metrics]") {
    otelflat::MetricPoint p;
    std::vector<uint64_t> pos = {1, 2}, neg = {3, 4};
    p.scale = 1;  // base sqrt(2)
    p.positive_offset = -1;
    p.positive_counts = {pos.data(), pos.size()};
    p.negative_offset = 2;
    p.negative_counts = {neg.data(), neg.size()};
    p.zero_count = 5;
    p.zero_threshold = 0.001;
    std::vector<double> bounds;
    std::vector<uint64_t> counts;
    otelflat::BasePowers powers;
    otelflat::exponential_to_explicit(p, bounds, counts, powers);
    // buckets: neg k=1 (-(b^4), -(b^3)], neg k=0 (.., -(b^2)], zero (.., 0.001], pos (.., b^0], pos (b^0, +inf)
    REQUIRE(counts == std::vector<uint64_t>{4, 3, 5, 1, 2});
    REQUIRE(bounds.size() == 4);
    CHECK(bounds[0] == Approx(-2.0 * std::sqrt(2.0)));
    CHECK(bounds[1] == Approx(-2.0));
    CHECK(bounds[2] == 0.001);
    CHECK(bounds[3] == 1.0);

    otelflat::MetricPoint n;  // negative indexes at scale <= 0 (small values): exact, no UB
    std::vector<uint64_t> two = {1, 1};
    n.scale = 0;
    n.positive_offset = -3;
    n.positive_counts = {two.data(), two.size()};
    otelflat::exponential_to_explicit(n, bounds, counts, powers);
    CHECK(bounds == std::vector<double>{0, 0.25});
    CHECK(counts == std::vector<uint64_t>{0, 1, 1});

    otelflat::MetricPoint q;  // scale -1: base 4, exact powers of two
    std::vector<uint64_t> one = {7};
    q.scale = -1;
    q.positive_offset = 3;
    q.positive_counts = {one.data(), one.size()};
    otelflat::exponential_to_explicit(q, bounds, counts, powers);
    CHECK(counts == std::vector<uint64_t>{0, 7});
    CHECK(bounds == std::vector<double>{0});
    // The remembered powers are per scale and index, whichever share a slot.
    for (int round = 0; round < 2; ++round)
        for (int32_t scale = -3; scale <= 20; ++scale)
            for (int64_t index = -300; index <= 300; ++index) {
                double expected = scale <= 0 ? std::ldexp(1.0, static_cast<int>(index * (int64_t{1} << -scale)))
                                             : std::exp2(static_cast<double>(index) / std::ldexp(1.0, scale));
                REQUIRE(powers.get(scale, index) == expected);
            }
    std::string r = table_rows(kMetrics, metric_doc(
        R"({"name":"e","exponentialHistogram":{"dataPoints":[{"count":3,"scale":0,"zeroCount":1,)"
        R"("positive":{"offset":1,"bucketCounts":[0,2]}}]}})"));
    CHECK(has(r, R"("bucket_bounds":[0,4],"bucket_counts":[1,0,2],)"));
    CHECK(has(r, R"("exp_scale":0,"exp_zero_count":1,"exp_zero_threshold":0,"exp_positive_offset":1,"exp_positive_counts":[0,2],)"));
}

TEST_CASE("a metric without a data member gives no rows and is counted", "[schema][flat][metrics]") {
    otelflat::FlatSchema schema(0);
    auto outcome = testing::decode_into(schema, metric_doc(R"({"name":"empty"},{"name":"g","gauge":{"dataPoints":[{}]}})"));
    CHECK(outcome.metrics_without_data == 1);
    CHECK(outcome.data_points == 1);
    CHECK(schema.tables()[kMetrics]->block().rows == 1);
}

TEST_CASE("metric fingerprint: md5 of name, type, service, times, attributes", "[schema][flat][metrics]") {
    std::string r = table_rows(kMetrics, metric_doc(
        R"({"name":"m","gauge":{"dataPoints":[{"timeUnixNano":"7000","startTimeUnixNano":"1999",)"
        R"("attributes":[{"key":"k","value":{"intValue":"1"}}]}]}})"));
    otelflat::Md5 md5;
    md5.update(std::string("m\x1fgauge\x1f" "db\x1f" "1\x1f" "7\x1fk\x1e" "1\x1e"));
    char hex[33] = {};
    md5.hex(hex);
    CHECK(has(r, std::string("\"fingerprint\":\"") + hex + "\""));
}

TEST_CASE("one document may hold every signal; a bad record rolls back all tables", "[schema][flat]") {
    otelflat::FlatSchema schema(0);
    std::string doc = R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"s"}]}]}],)"
                      R"("resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"x"}}]}]}]})";
    testing::decode_into(schema, doc);
    CHECK(schema.tables()[testing::kTraces]->block().rows == 1);
    CHECK(schema.tables()[kLogs]->block().rows == 1);
    std::string bad = R"({"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"y"}}]}]}],)"
                      R"("resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"xx"}]}]}]})";
    CHECK_THROWS(testing::decode_into(schema, bad));
    CHECK(schema.tables()[testing::kTraces]->block().rows == 1);
    CHECK(schema.tables()[kLogs]->block().rows == 1);
}

TEST_CASE("bucket counts and bounds read in one pass take what the general readers take, and only that", "[decode][metrics]") {
    using otelflat::otlp_json::scan_uint_array;
    auto scan = [](const std::string& text, std::vector<uint64_t>* values = nullptr) {
        // The bytes after the text are readable, as a document's padding makes them, but
        // not part of it.
        std::string padded = text + "12345678";
        std::vector<uint64_t> out;
        bool ok = scan_uint_array(std::string_view(padded.data(), text.size()), out);
        if (values) *values = out;
        return ok;
    };
    std::vector<uint64_t> v;
    CHECK((scan(R"(["4000","0",3, "0007"] )", &v) && v == std::vector<uint64_t>{4000, 0, 3, 7}));
    CHECK((scan("[]", &v) && v.empty()));
    // The compact forms exporters write, read in the single pass.
    CHECK((scan(R"(["1","250","0","0007"])", &v) && v == std::vector<uint64_t>{1, 250, 0, 7}));
    CHECK((scan("[1,250,0,9999999999999999999]", &v) && v == std::vector<uint64_t>{1, 250, 0, 9999999999999999999ull}));
    CHECK((scan(R"(["5"])", &v) && v == std::vector<uint64_t>{5}));
    // Compact separators next to spaced ones, quoted elements next to bare ones.
    CHECK((scan(R"(["1",2,"3" ,4, "5",6,"7"])", &v) && v == std::vector<uint64_t>{1, 2, 3, 4, 5, 6, 7}));
    // One, two and more digits, leading zeros, at the end of the text and before it.
    CHECK((scan(R"(["0","05","99","100","7","00"])", &v) && v == std::vector<uint64_t>{0, 5, 99, 100, 7, 0}));
    CHECK((scan(R"(["42"])", &v) && v == std::vector<uint64_t>{42}));
    // Every length up to and past the seven digits one load reads (its eighth byte must show
    // where they end), first, last and between.
    for (size_t n = 1; n <= 19; ++n) {
        std::string digits = std::string("9876543210123456789").substr(0, n);
        uint64_t value = std::stoull(digits);
        for (const char* q : {"", "\""}) {
            std::string e = q + digits + q;
            INFO(e);
            CHECK((scan("[" + e + "]", &v) && v == std::vector<uint64_t>{value}));
            CHECK((scan("[" + e + "," + e + ",7]", &v) && v == std::vector<uint64_t>{value, value, 7}));
            CHECK((scan("[3," + e + " ]", &v) && v == std::vector<uint64_t>{3, value}));
        }
    }
    CHECK((scan("[ \n]", &v) && v.empty()));
    CHECK((scan(R"([ "9999999999999999999" , 1 ])", &v) && v == std::vector<uint64_t>{9999999999999999999ull, 1}));
    // Left to the element-by-element reader: its rules (and errors) apply to these.
    for (const char* other : {"[01]", R"(["+1"])", "[1.0]", "[1e3]", "[-1]", "[null]", R"(["\u0031"])",
                              R"(["18446744073709551615"])", "[18446744073709551615]", "[1,]", "[1 2]", R"([""])",
                              R"(["1)", R"(["12)", R"(["1")", R"(["1"x])", R"(["1x"])", "[1", "", R"("1")", "[[1]]", R"(["1"2])", R"(["1",])", "[1,,2]", R"([1"])"}) {
        INFO(other);
        CHECK_FALSE(scan(other));
    }
    using otelflat::otlp_json::scan_double_array;
    std::vector<double> d;
    CHECK((scan_double_array(" [0.005, 1e2,-2.5E-3 ,10,01.5] ", d) && d == std::vector<double>{0.005, 100, -0.0025, 10, 1.5}));
    d.clear();
    CHECK((scan_double_array("[1,-2,0.5,3]", d) && d == std::vector<double>{1, -2, 0.5, 3}));
    for (const char* other : {R"(["1"])", R"(["NaN"])", "[null]", "[.5]", "[1.]", "[+1]", "[1e400]",
                              "[0.1000000000000000055511151231257827]", "[true]", "[1,]", "[[1]]"}) {
        INFO(other);
        d.clear();
        CHECK_FALSE(scan_double_array(other, d));
    }
    // Through the decoder, both ways give the values read_uint64 and read_double give.
    auto counts_of = [](const std::string& counts) {
        return testing::table_rows(testing::kMetrics, metric_doc(R"({"name":"h","histogram":{"dataPoints":[{"count":1,)"
                                                                 R"("bucketCounts":)" + counts + "}]}}"));
    };
    CHECK(has(counts_of(R"([ "1" ,2,"0003"])"), R"("bucket_counts":[1,2,3],)"));
    CHECK(has(counts_of(R"(["+5",null,"18446744073709551615",7,"\u0031\u0032"])"),
              R"("bucket_counts":[5,0,18446744073709551615,7,12],)"));
    CHECK(has(counts_of("null"), R"("bucket_counts":[],)"));
    auto bounds_of = [](const std::string& bounds) {
        return testing::table_rows(testing::kMetrics, metric_doc(R"({"name":"h","histogram":{"dataPoints":[{"count":1,)"
                                                                 R"("explicitBounds":)" + bounds + "}]}}"));
    };
    CHECK(has(bounds_of("[0.5, 2,1e1]"), R"("bucket_bounds":[0.5,2,10],)"));
    CHECK(has(bounds_of(R"(["0.5",null,"Infinity",0.1000000000000000055511151231257827])"),
              R"("bucket_bounds":[0.5,0,"Infinity",0.1],)"));
    CHECK_THROWS_WITH(bounds_of("[true]"), Catch::Contains("expected a number"));
    CHECK_THROWS_WITH(counts_of("[1.5]"), Catch::Contains("expected an unsigned 64-bit integer"));
    CHECK_THROWS_WITH(counts_of("[-1]"), Catch::Contains("expected an unsigned 64-bit integer"));
    CHECK_THROWS_WITH(counts_of(R"(["x"])"), Catch::Contains("expected an unsigned 64-bit integer"));
    CHECK_THROWS_WITH(counts_of("7"), Catch::Contains("bucketCounts must be an array"));
}
