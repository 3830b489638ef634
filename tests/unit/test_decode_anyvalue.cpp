#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>
#include <vector>

#include "helpers.h"
#include "text/double_text.h"

using testing::render_value;

TEST_CASE("scalar AnyValues render as AsString", "[decode][anyvalue]") {
    CHECK(render_value(R"({"stringValue":"plain \"quoted\" <a&b>"})") == "plain \"quoted\" <a&b>");
    CHECK(render_value(R"({"boolValue":true})") == "true");
    CHECK(render_value(R"({"boolValue":false})") == "false");
    CHECK(render_value(R"({"intValue":"-42"})") == "-42");
    CHECK(render_value(R"({"intValue":9223372036854775807})") == "9223372036854775807");
    CHECK(render_value(R"({"intValue":"9223372036854775807"})") == "9223372036854775807");
    CHECK(render_value(R"({"doubleValue":1.0})") == "1");
    CHECK(render_value(R"({"doubleValue":"1.5"})") == "1.5");
    CHECK(render_value(R"({"doubleValue":1e-7})") == "1e-7");
    CHECK(render_value(R"({"doubleValue":"NaN"})") == "NaN");
    CHECK(render_value(R"({"doubleValue":"Infinity"})") == "Infinity");
    CHECK(render_value(R"({"doubleValue":"-Infinity"})") == "-Infinity");
    CHECK(render_value(R"({"doubleValue":"-inf"})") == "-Infinity");
    CHECK(render_value(R"({"bytesValue":"AQI="})") == "AQI=");
    CHECK(render_value(R"({"bytesValue":""})") == "");
    CHECK(render_value(R"({})") == "");
    CHECK(render_value(R"(null)") == "");
    CHECK(render_value(R"({"stringValue":null})") == "");
}

TEST_CASE("snake_case AnyValue members are accepted", "[decode][anyvalue]") {
    CHECK(render_value(R"({"string_value":"x"})") == "x");
    CHECK(render_value(R"({"int_value":"7"})") == "7");
    CHECK(render_value(R"({"array_value":{"values":[{"int_value":1}]}})") == "[1]");
}

TEST_CASE("two members: the last one read wins", "[decode][anyvalue]") {
    CHECK(render_value(R"({"stringValue":"a","intValue":"5"})") == "5");
    CHECK(render_value(R"({"intValue":"5","stringValue":"a"})") == "a");
}

TEST_CASE("arrays and kvlists render as compact JSON", "[decode][anyvalue]") {
    CHECK(render_value(R"({"arrayValue":{"values":[{"stringValue":"a"},{"intValue":"1"},{"doubleValue":1.5},)"
                       R"({"boolValue":true},{},{"bytesValue":"AQI="}]}})") == R"(["a",1,1.5,true,null,"AQI="])");
    CHECK(render_value(R"({"kvlistValue":{"values":[{"key":"b","value":{"intValue":"1"}},)"
                       R"({"key":"a","value":{"kvlistValue":{"values":[{"key":"y","value":{"stringValue":"z"}}]}}},)"
                       R"({"key":"b","value":{"intValue":"2"}}]}})") == R"({"a":{"y":"z"},"b":2})");
    CHECK(render_value(R"({"arrayValue":{}})") == "[]");
    CHECK(render_value(R"({"kvlistValue":{}})") == "{}");
    CHECK(render_value(R"({"arrayValue":{"values":[{"stringValue":"<a&b>"}]}})") == R"(["<a&b>"])");
    CHECK(render_value(R"({"kvlistValue":{"values":[{"key":"k","value":{"doubleValue":-0.0}}]}})") == R"({"k":-0})");
    CHECK(render_value(R"({"arrayValue":{"values":[{"bytesValue":""}]}})") == "[null]");
    CHECK(render_value(R"({"kvlistValue":{"values":[{"key":"k"}]}})") == R"({"k":null})");
}

TEST_CASE("a NaN or infinity anywhere in an array or kvlist empties the whole value", "[decode][anyvalue]") {
    CHECK(render_value(R"({"arrayValue":{"values":[{"doubleValue":1.0},{"doubleValue":"NaN"}]}})") == "");
    CHECK(render_value(R"({"kvlistValue":{"values":[{"key":"a","value":{"arrayValue":{"values":[)"
                       R"({"doubleValue":"Infinity"}]}}}]}})") == "");
    // ...unless a later duplicate key replaced it before encoding, as in Go's map
    CHECK(render_value(R"({"kvlistValue":{"values":[{"key":"n","value":{"doubleValue":"Infinity"}},)"
                       R"({"key":"n","value":{"doubleValue":1}}]}})") == R"({"n":1})");
}

TEST_CASE("strings inside arrays are escaped as Go's encoder does", "[decode][anyvalue]") {
    CHECK(render_value(R"({"arrayValue":{"values":[{"stringValue":"q\"b\\ \b\f\n\r\t \u0001 \u001f \u007f"}]}})") ==
          "[\"q\\\"b\\\\ \\b\\f\\n\\r\\t \\u0001 \\u001f \x7f\"]");
    CHECK(render_value(R"({"arrayValue":{"values":[{"stringValue":"\u2028\u2029 é 😀"}]}})") ==
          "[\"\\u2028\\u2029 \xC3\xA9 \xF0\x9F\x98\x80\"]");
}

TEST_CASE("invalid AnyValues reject the document", "[decode][anyvalue]") {
    CHECK_THROWS_AS(render_value(R"({"bytesValue":"AQI"})"), otelflat::otlp_json::DecodeError);   // unpadded
    CHECK_THROWS_AS(render_value(R"({"bytesValue":"AQ-_"})"), otelflat::otlp_json::DecodeError);  // URL-safe
    CHECK_THROWS_AS(render_value(R"({"intValue":"1.5"})"), otelflat::otlp_json::DecodeError);
    CHECK_THROWS_AS(render_value(R"({"boolValue":"true"})"), otelflat::otlp_json::DecodeError);
    CHECK_THROWS_AS(render_value(R"("text")"), otelflat::otlp_json::DecodeError);
}

TEST_CASE("integers in strings: every length, and a non-digit at every position", "[decode][anyvalue]") {
    // The decimal reader takes eight digits at a time; lengths around 8 and 16 and the
    // 19-digit limit of its fast path are where it could go wrong.
    const std::string digits = "9223372036854775807";  // INT64_MAX
    for (size_t len = 1; len <= digits.size(); ++len) {
        std::string n = digits.substr(0, len);
        INFO("\"" << n << "\"");
        CHECK(render_value(R"({"intValue":")" + n + R"("})") == std::to_string(std::stoll(n)));
        CHECK(render_value(R"({"intValue":"+)" + n + R"("})") == std::to_string(std::stoll(n)));
        for (size_t at = 0; at < len; ++at) {
            for (char bad : {'/', ':', 'a', ' ', '\x80'}) {
                std::string b = n;
                b[at] = bad;
                INFO("bad byte at " << at);
                CHECK_THROWS_AS(render_value(R"({"intValue":")" + b + R"("})"), otelflat::otlp_json::DecodeError);
            }
        }
    }
    CHECK(render_value(R"({"intValue":"-9223372036854775808"})") == "-9223372036854775808");
    CHECK(render_value(R"({"intValue":"0000000000000000007"})") == "7");
    CHECK_THROWS_AS(render_value(R"({"intValue":"9223372036854775808"})"), otelflat::otlp_json::DecodeError);
    CHECK_THROWS_AS(render_value(R"({"intValue":"99999999999999999999"})"), otelflat::otlp_json::DecodeError);
    CHECK_THROWS_AS(render_value(R"({"intValue":""})"), otelflat::otlp_json::DecodeError);
}

TEST_CASE("doubles read exactly as strtod reads them, short and long forms", "[decode][anyvalue]") {
    // Short decimals take an exact fast path (at most 15 digits, |exponent| <= 22); the rest
    // go to the full parser. Both must give strtod's correctly rounded value: compared by
    // the shortest round-trip text, which differs for any two different doubles.
    auto expected = [](const std::string& t) {
        std::string s;
        otelflat::append_double(s, std::strtod(t.c_str(), nullptr));
        return s;
    };
    std::vector<std::string> texts = {"0",      "-0",       "0.0",     "1",       "-1",          "0.1",
                                      "0.3",    "2974.257673", "1e22",  "1e23",    "123456789012345",
                                      "1234567890123456", "9007199254740993", "0.000001234", "1e-22", "1e-23",
                                      "4.9e-324", "1.7976931348623157e308", "5e-1", "12.5E+3", "100e-2"};
    uint64_t x = 0x9E3779B97F4A7C15ull;
    auto next = [&] {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        return x;
    };
    for (int i = 0; i < 20000; ++i) {
        int digits = 1 + static_cast<int>(next() % 18);
        std::string m;
        for (int d = 0; d < digits; ++d) m += static_cast<char>('0' + next() % 10);
        std::string t = next() % 2 ? "-" : "";
        size_t point = next() % (m.size() + 1);
        if (point == 0 || point == m.size()) t += m;
        else t += m.substr(0, point) + "." + m.substr(point);
        if (next() % 3 == 0) t += "e" + std::to_string(static_cast<int>(next() % 61) - 30);
        texts.push_back(t);
    }
    for (const std::string& t : texts) {
        INFO(t);
        REQUIRE(render_value(R"({"doubleValue":)" + t + "}") == expected(t));
        REQUIRE(render_value(R"({"doubleValue":")" + t + R"("})") == expected(t));
    }
}
