// Attributes in the form exporters write them are read from the document's text by the plain
// readers (decode/otlp_json/plain_text.h); every other form goes to simdjson. Each case here is
// read three ways: compact (the plain path), spaced and with its members reversed (simdjson
// always), and all three must give the same map, or the same error.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "helpers.h"

namespace {

// "key=value;..." of the span's attribute map, or "rejected: <message>".
std::string span_map(const std::string& attributes) {
    otelflat::FlatSchema schema(0);
    try {
        testing::decode_into(schema, testing::span_with_attributes(attributes));
    } catch (const otelflat::otlp_json::DecodeError& e) {
        return std::string("rejected: ") + e.what();
    }
    const otelflat::Column& attrs = schema.tables()[testing::kTraces]->block().columns[8];
    std::string out;
    for (size_t i = 0; i < attrs.values.size(); ++i)
        out += std::string(attrs.strings.at(i)) + "=" + std::string(attrs.values.at(i)) + ";";
    return out;
}

struct Forms {
    std::string compact, spaced, reversed;
};

// One attribute {"key":KEY,"value":VALUE} (KEY as JSON text) between two ordinary ones.
Forms forms_of(const std::string& key, const std::string& value) {
    const std::string before = R"({"key":"a.first","value":{"stringValue":"f"}},)";
    const std::string after = R"(,{"key":"z.last","value":{"intValue":"7"}})";
    return {
        span_map("[" + before + R"({"key":)" + key + R"(,"value":)" + value + "}" + after + "]"),
        span_map("[" + before + R"({ "key" : )" + key + R"( ,  "value" :  )" + value + " }" + after + "]"),
        span_map("[" + before + R"({"value":)" + value + R"(,"key":)" + key + "}" + after + "]"),
    };
}

void check_same(const std::string& key, const std::string& value, const std::string& expected) {
    INFO("key " << key << ", value " << value);
    Forms f = forms_of(key, value);
    CHECK(f.compact == expected);
    CHECK(f.spaced == f.compact);
    CHECK(f.reversed == f.compact);
}

std::string with_value(const std::string& rendered) { return "a.first=f;k=" + rendered + ";z.last=7;"; }

}  // namespace

TEST_CASE("plain attributes: scalars read from the text as simdjson reads them", "[decode][plain]") {
    check_same(R"("k")", R"({"stringValue":"GET"})", with_value("GET"));
    check_same(R"("k")", R"({"stringValue":""})", with_value(""));
    check_same(R"("k")", R"({"intValue":"42"})", with_value("42"));
    check_same(R"("k")", R"({"intValue":-42})", with_value("-42"));
    check_same(R"("k")", R"({"intValue":"0"})", with_value("0"));
    check_same(R"("k")", R"({"intValue":"123456789012345678"})", with_value("123456789012345678"));
    check_same(R"("k")", R"({"boolValue":true})", with_value("true"));
    check_same(R"("k")", R"({"boolValue":false})", with_value("false"));
    check_same(R"("k")", R"({"doubleValue":1.5})", with_value("1.5"));
    check_same(R"("k")", R"({"doubleValue":-1.5E-3})", with_value("-0.0015"));
    check_same(R"("k")", R"({"doubleValue":1e5})", with_value("100000"));
    check_same(R"("k")", R"({"string_value":"snake"})", with_value("snake"));
    check_same(R"("k")", R"({"int_value":"5"})", with_value("5"));
    check_same(R"("k")", R"({"bool_value":false})", with_value("false"));
    check_same(R"("k")", R"({"double_value":2.25})", with_value("2.25"));
}

TEST_CASE("plain attributes: integers not in canonical form are normalised, not copied", "[decode][plain]") {
    check_same(R"("k")", R"({"intValue":"-0"})", with_value("0"));
    check_same(R"("k")", R"({"intValue":-0})", with_value("0"));
    check_same(R"("k")", R"({"intValue":"007"})", with_value("7"));
    check_same(R"("k")", R"({"intValue":"+5"})", with_value("5"));
    check_same(R"("k")", R"({"intValue":"1234567890123456789"})", with_value("1234567890123456789"));
    check_same(R"("k")", R"({"intValue":"9223372036854775807"})", with_value("9223372036854775807"));
    check_same(R"("k")", R"({"intValue":"-9223372036854775808"})", with_value("-9223372036854775808"));
}

TEST_CASE("plain attributes: doubles the short path declines take the full parser", "[decode][plain]") {
    check_same(R"("k")", R"({"doubleValue":-0.0})", with_value("-0"));
    check_same(R"("k")", R"({"doubleValue":1.2345678901234567})", with_value("1.2345678901234567"));
    check_same(R"("k")", R"({"doubleValue":1e400})", with_value("Infinity"));
    check_same(R"("k")", R"({"doubleValue":"1.5"})", with_value("1.5"));
    check_same(R"("k")", R"({"doubleValue":"NaN"})", with_value("NaN"));
}

TEST_CASE("plain attributes: escapes, nulls, other members and other kinds go to simdjson", "[decode][plain]") {
    check_same(R"("k")", R"({"stringValue":"a\"b"})", with_value("a\"b"));
    check_same(R"("k")", R"({"stringValue":"caf\u00e9"})", with_value("caf\xC3\xA9"));
    check_same(R"("k\u0041")", R"({"stringValue":"v"})", "a.first=f;kA=v;z.last=7;");
    check_same(R"("k")", R"({"stringValue":null})", with_value(""));
    check_same(R"("k")", R"({})", with_value(""));
    check_same(R"("k")", R"(null)", with_value(""));
    check_same(R"("k")", R"({"stringValue":"a","intValue":3})", with_value("3"));
    check_same(R"("k")", R"({"intValue":3,"stringValue":"a"})", with_value("a"));
    check_same(R"("k")", R"({"doubleValue":1.5,"doubleValue":2.5})", with_value("2.5"));
    check_same(R"("k")", R"({"arrayValue":{"values":[{"stringValue":"q"}]}})", with_value(R"(["q"])"));
    check_same(R"("k")", R"({"kvlistValue":{"values":[{"key":"a","value":{"intValue":1}}]}})", with_value(R"({"a":1})"));
    check_same(R"("k")", R"({"bytesValue":"AQID"})", with_value("AQID"));
    // Whitespace runs longer than the plain readers skip (32), and values that are long.
    const std::string far(40, ' ');
    check_same(R"("k")", "{" + far + R"("stringValue":"v"})", with_value("v"));
    check_same(R"("k")", R"({"stringValue":"v")" + far + "}", with_value("v"));
    check_same(R"("k")", R"({"stringValue":")" + std::string(100, 'y') + R"("})", with_value(std::string(100, 'y')));
    check_same(R"("k")", R"({"stringValue":")" + far + R"("})", with_value(far));
}

TEST_CASE("plain attributes: invalid values are rejected with the same message", "[decode][plain]") {
    for (const char* value : {R"({"intValue":1e3})", R"({"intValue":1.0})", R"({"intValue":""})",
                              R"({"intValue":"12a"})", R"({"intValue":"9223372036854775808"})",
                              R"({"intValue":"-"})", R"({"boolValue":"true"})", R"({"doubleValue":.5})",
                              R"({"stringValue":5})", R"("text")"}) {
        INFO(value);
        Forms f = forms_of(R"("k")", value);
        CHECK(f.compact.rfind("rejected: resourceSpans[0].scopeSpans[0].spans[0].attributes[1]", 0) == 0);
        CHECK(f.spaced == f.compact);
        CHECK(f.reversed == f.compact);
    }
    CHECK(span_map(R"([{"key":5,"value":{"stringValue":"v"}}])").rfind("rejected: ", 0) == 0);
    CHECK(span_map(R"(["text"])").rfind("rejected: ", 0) == 0);
}

TEST_CASE("plain attributes: element shapes other than key then value", "[decode][plain]") {
    // A repeated "key" member: the last one wins, as in simdjson's reading of the object.
    CHECK(span_map(R"([{"key":"a","value":{"stringValue":"1"},"key":"b"}])") == "b=1;");
    CHECK(span_map(R"([{"key":"a","value":{"stringValue":"1"},"other":2}])") == "a=1;");
    CHECK(span_map(R"([{"key":"a"}])") == "a=;");
    CHECK(span_map(R"([{"key":"a","value":null}])") == "a=;");
    // Duplicate attribute keys: the last one wins, whichever path read either.
    CHECK(span_map(R"([{"key":"d","value":{"stringValue":"1"}},{"key":"d","value":{"intValue":"2"}}])") == "d=2;");
    CHECK(span_map(R"([{"key":"d","value":{"stringValue":"1"}},{ "key":"d", "value":{"intValue":"2"} }])") == "d=2;");
}

TEST_CASE("plain attributes: a document cut inside an attribute is rejected, not read past", "[decode][plain]") {
    const std::string head = R"({"resourceSpans":[{"resource":{"attributes":[{"key":"a","value":{"stringValue":"b"}},)";
    for (const std::string& cut : {head + R"({"key":"c","value":{"stringValue":"d")",
                                   head + R"({"key":"c","value":{"stringValue":"d"})",
                                   head + R"({"key":"c","value":{"intValue":12)", head + R"({"key":"c","value":{"boolValue":t)"}) {
        INFO(cut);
        otelflat::FlatSchema schema(0);
        CHECK_THROWS_AS(testing::decode_into(schema, cut), otelflat::otlp_json::DecodeError);
    }
}
