#include <catch2/catch.hpp>

#include <algorithm>

#include "helpers.h"
#include "schema/attribute_map.h"
#include "text/md5.h"

using testing::flat_rows;

namespace {
std::string doc_with_span(const std::string& span_fields, const std::string& resource_attrs =
                              R"([{"key":"service.name","value":{"stringValue":"svc"}}])") {
    return R"({"resourceSpans":[{"resource":{"attributes":)" + resource_attrs +
           R"(},"scopeSpans":[{"spans":[{)" + span_fields + "}]}]}]}";
}
}  // namespace

TEST_CASE("a span becomes one row with every column in table order", "[schema][flat]") {
    std::string rows = flat_rows(doc_with_span(
        R"("traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174","parentSpanId":"EEE19B7EC3C1B173",)"
        R"("name":"GET /x","startTimeUnixNano":"1544712660123456789","endTimeUnixNano":"1544712661123461789",)"
        R"("status":{"code":2},"attributes":[{"key":"b","value":{"intValue":"1"}},{"key":"a","value":{"stringValue":"x"}}])"));
    char fp[33] = {};
    otelflat::md5_hex("5b8efff798038103d269b633813fc60c", "eee19b7ec3c1b174", fp);
    CHECK(rows ==
          std::string(R"({"timestamp":"2018-12-13 14:51:00.123456","trace_id":"5b8efff798038103d269b633813fc60c",)"
                      R"("span_id":"eee19b7ec3c1b174","parent_span_id":"eee19b7ec3c1b173","service_name":"svc",)"
                      R"("span_name":"GET /x","duration_ms":1000.01,"status_code":"ERROR","attributes":{"a":"x","b":"1"},)"
                      R"("fingerprint":")") + fp + "\"}\n");
}

TEST_CASE("status codes: numbers, names, absent and unknown", "[schema][flat]") {
    auto status_of = [](const std::string& status) {
        std::string r = flat_rows(doc_with_span(R"("name":"s")" + status));
        auto p = r.find("\"status_code\":\"");
        return r.substr(p + 15, r.find('"', p + 15) - p - 15);
    };
    CHECK(status_of("") == "UNSET");
    CHECK(status_of(R"(,"status":{})") == "UNSET");
    CHECK(status_of(R"(,"status":{"code":0})") == "UNSET");
    CHECK(status_of(R"(,"status":{"code":1})") == "OK");
    CHECK(status_of(R"(,"status":{"code":"STATUS_CODE_OK"})") == "OK");
    CHECK(status_of(R"(,"status":{"code":"STATUS_CODE_ERROR","message":"boom"})") == "ERROR");
    CHECK(status_of(R"(,"status":{"code":7})") == "7");
    CHECK_THROWS(status_of(R"(,"status":{"code":"2"})"));           // numeric string: collector error
    CHECK_THROWS(status_of(R"(,"status":{"code":"STATUS_CODE_MAYBE"})"));
}

TEST_CASE("ids: lower-cased; absent, empty or all-zero become empty; bad ones reject", "[schema][flat]") {
    std::string r = flat_rows(doc_with_span(R"("traceId":"00000000000000000000000000000000","spanId":"")"));
    CHECK(r.find(R"("trace_id":"","span_id":"","parent_span_id":"")") != std::string::npos);
    char fp[33] = {};
    otelflat::md5_hex("", "", fp);
    CHECK(r.find(fp) != std::string::npos);
    CHECK_THROWS_WITH(flat_rows(doc_with_span(R"("traceId":"0102")")),
                      Catch::Contains("traceId must be 32 hex digits, got 4 characters"));
    CHECK_THROWS_WITH(flat_rows(doc_with_span(R"("spanId":"zz02030405060708")")), Catch::Contains("not hex"));
    CHECK_THROWS_WITH(flat_rows(doc_with_span(R"("spanId":"01")")),
                      Catch::Contains("resourceSpans[0].scopeSpans[0].spans[0]"));
}

TEST_CASE("service_name: service.name rendered as a string, else unknown", "[schema][flat]") {
    auto service = [](const std::string& attrs) {
        std::string r = flat_rows(doc_with_span(R"("name":"s")", attrs));
        auto p = r.find("\"service_name\":\"");
        return r.substr(p + 16, r.find('"', p + 16) - p - 16);
    };
    CHECK(service("[]") == "unknown");
    CHECK(service(R"([{"key":"service.name","value":{"stringValue":""}}])") == "unknown");
    CHECK(service(R"([{"key":"service.name","value":{"intValue":"42"}}])") == "42");
    CHECK(service(R"([{"key":"service.name","value":{"stringValue":"a"}},{"key":"service.name","value":{"stringValue":"b"}}])") == "b");
    CHECK(service(R"([{"key":"service_name","value":{"stringValue":"a"}}])") == "unknown");
}

TEST_CASE("the resource may follow its spans in the JSON", "[schema][flat]") {
    std::string r = flat_rows(
        R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"a"},{"name":"b"}]}],)"
        R"("resource":{"attributes":[{"key":"service.name","value":{"stringValue":"late"}}]}},)"
        R"({"resource":{},"scopeSpans":[{"spans":[{"name":"c"}]}]}]})");
    CHECK(r.find(R"("service_name":"late","span_name":"a")") != std::string::npos);
    CHECK(r.find(R"("service_name":"late","span_name":"b")") != std::string::npos);
    CHECK(r.find(R"("service_name":"unknown","span_name":"c")") != std::string::npos);
}

TEST_CASE("timestamp truncates nanoseconds; duration rounds half away from zero", "[schema][flat]") {
    auto row = [](const std::string& start, const std::string& end) {
        return flat_rows(doc_with_span(R"("startTimeUnixNano":)" + start + R"(,"endTimeUnixNano":)" + end));
    };
    CHECK(row("\"1700000000123456999\"", "\"1700000000123461999\"").find(
              R"("timestamp":"2023-11-14 22:13:20.123456")") != std::string::npos);
    CHECK(row("1000", "6000").find(R"("duration_ms":0.01)") != std::string::npos);     // 5000 ns: half up
    CHECK(row("1000", "5999").find(R"("duration_ms":0)") != std::string::npos);        // 4999 ns
    CHECK(row("6000", "1000").find(R"("duration_ms":-0.01)") != std::string::npos);    // away from zero
    CHECK(row("0", "\"18446744073709551615\"").find(R"("duration_ms":18446744073709.55)") != std::string::npos);
    CHECK(row("\"18446744073709551615\"", "0").find(R"("timestamp":"2554-07-21 23:34:33.709551")") !=
          std::string::npos);
    CHECK_THROWS(row("\"18446744073709551616\"", "0"));  // beyond u64
    CHECK_THROWS(row("1.5e18", "0"));                    // not an integer
}

TEST_CASE("ticks time format writes integer microseconds", "[schema][flat]") {
    std::string r = flat_rows(doc_with_span(R"("startTimeUnixNano":"1700000000123456789")"), 0,
                              otelflat::TimeFormat::ticks);
    CHECK(r.find(R"("timestamp":1700000000123456,)") != std::string::npos);
}

TEST_CASE("attributes: sorted keys, a duplicated key keeps its last value", "[schema][flat]") {
    std::string r = flat_rows(testing::span_with_attributes(
        R"([{"key":"z","value":{"stringValue":"1"}},{"key":"a","value":{"stringValue":"2"}},)"
        R"({"key":"z","value":{"stringValue":"3"}},{"key":"m","value":{}}])"));
    CHECK(r.find(R"("attributes":{"a":"2","m":"","z":"3"})") != std::string::npos);
}

TEST_CASE("map writer: every list length sorts by key bytes, equal keys in input order, with or without duplicates", "[schema]") {
    // Lengths on both sides of the small-list path (8) and of the insertion sort (24); keys
    // that share their first 8 bytes (the sort's integer prefix), are prefixes of each other,
    // or repeat.
    const std::vector<std::string> pool = {"http.route", "http.request", "http.request.method", "http.re", "a", "",
                                           "zz", "http.route", "k8s.pod.name", "http.requesx", "a"};
    for (size_t n = 0; n <= 30; ++n) {
        std::vector<std::string> keys, values;
        for (size_t i = 0; i < n; ++i) {
            keys.push_back(pool[(i * 7 + n) % pool.size()]);
            values.push_back(std::to_string(i));
        }
        std::vector<otelflat::Attribute> items;
        for (size_t i = 0; i < n; ++i) items.push_back({keys[i], values[i]});
        otelflat::AttributeList list{items.data(), items.size()};
        std::vector<size_t> order(n);
        for (size_t i = 0; i < n; ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return keys[a] < keys[b]; });
        for (bool keep : {false, true}) {
            std::vector<std::pair<std::string, std::string>> want;
            for (size_t j = 0; j < n; ++j) {
                size_t i = order[j];
                if (!keep && j + 1 < n && keys[order[j + 1]] == keys[i]) continue;  // the last one wins
                want.emplace_back(keys[i], values[i]);
            }
            otelflat::Column c;
            c.kind = otelflat::ColumnKind::map_string_string;
            otelflat::AttributeMapWriter writer(keep);
            writer.append(list, c);
            writer.append(list, c);  // a second row, after the first
            INFO("n = " << n << ", keep duplicates: " << keep);
            REQUIRE(c.offsets.size() == 2);
            CHECK(c.offsets[1] == 2 * want.size());
            for (size_t row = 0; row < 2; ++row) {
                std::vector<std::pair<std::string, std::string>> got;
                for (uint64_t e = c.first(row); e < c.offsets[row]; ++e)
                    got.emplace_back(std::string(c.strings.at(e)), std::string(c.values.at(e)));
                CHECK(got == want);
            }
        }
    }
}

TEST_CASE("min-duration drops shorter spans and counts them", "[schema][flat]") {
    std::string doc = R"({"resourceSpans":[{"scopeSpans":[{"spans":[)"
                      R"({"name":"short","startTimeUnixNano":"0","endTimeUnixNano":"999999"},)"
                      R"({"name":"exact","startTimeUnixNano":"0","endTimeUnixNano":"1000000"},)"
                      R"({"name":"backwards","startTimeUnixNano":"5000000","endTimeUnixNano":"0"}]}]}]})";
    otelflat::FlatSchema schema(1000000);
    auto outcome = testing::decode_into(schema, doc);
    otelflat::TableBuilder& table = *schema.tables()[testing::kTraces];
    CHECK(outcome.spans == 3);
    CHECK(table.block().rows == 1);
    CHECK(table.rows_filtered() == 2);
    CHECK(table.block().columns[5].strings.at(0) == "exact");
}

TEST_CASE("collector leniency: snake_case keys, enum names, unknown fields, nulls", "[schema][flat]") {
    std::string r = flat_rows(
        R"({"resource_spans":[{"resource":{"attributes":[{"key":"service.name","value":{"string_value":"fb"}}]},)"
        R"("scope_spans":[{"scope":{"name":"x","unknown":[1,{"a":2}]},"spans":[{"trace_id":"5b8efff798038103d269b633813fc60c",)"
        R"("span_id":"eee19b7ec3c1b174","parent_span_id":null,"name":"s","kind":"SPAN_KIND_SERVER",)"
        R"("start_time_unix_nano":1000,"end_time_unix_nano":"3000","futureField":{"x":[]},"status":null}]}]}]})");
    CHECK(r.find(R"("service_name":"fb","span_name":"s","duration_ms":0,"status_code":"UNSET")") !=
          std::string::npos);
    CHECK(r.find(R"("trace_id":"5b8efff798038103d269b633813fc60c")") != std::string::npos);
}

TEST_CASE("pre-1.0 and bare ResourceSpans shapes are read", "[schema][flat]") {
    CHECK(flat_rows(R"({"resourceSpans":[{"instrumentationLibrarySpans":[{"instrumentationLibrary":{"name":"l"},)"
                    R"("spans":[{"name":"old"}]}]}]})")
              .find(R"("span_name":"old")") != std::string::npos);
    CHECK(flat_rows(R"({"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"bare"}}]},)"
                    R"("scopeSpans":[{"spans":[{"name":"b"}]}]})")
              .find(R"("service_name":"bare","span_name":"b")") != std::string::npos);
}

TEST_CASE("documents that are not objects are rejected", "[schema][flat]") {
    CHECK_THROWS_WITH(flat_rows("[1,2]"), Catch::Contains("not a JSON object"));
    CHECK_THROWS_WITH(flat_rows("42"), Catch::Contains("not a JSON object"));
    CHECK_THROWS_WITH(flat_rows(R"({"resourceSpans":{}})"), Catch::Contains("must be an array"));
    CHECK_THROWS(flat_rows(R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"x")"));
}

TEST_CASE("invalid UTF-8 is replaced by U+FFFD and the document kept", "[schema][flat]") {
    std::string r = flat_rows(doc_with_span("\"name\":\"a\xff" "b\xc3\""));
    CHECK(r.find("\"span_name\":\"a\xEF\xBF\xBD" "b\xEF\xBF\xBD\"") != std::string::npos);
}
