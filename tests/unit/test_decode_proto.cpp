#include <catch2/catch.hpp>

#include <cstring>
#include <string>

#include "cli/converter.h"
#include "decode/otlp_proto/proto_decoder.h"
#include "source/input_format.h"

using namespace otelflat;

namespace {

// A minimal protobuf writer, for fields the independent encoder of the e2e test
// (@opentelemetry/otlp-transformer 0.52.1's schema) predates: LogRecord.event_name (12).
std::string varint(uint64_t v) {
    std::string s;
    while (v >= 0x80) {
        s += static_cast<char>((v & 0x7F) | 0x80);
        v >>= 7;
    }
    s += static_cast<char>(v);
    return s;
}
std::string len_field(uint32_t n, const std::string& bytes) { return varint(n << 3 | 2) + varint(bytes.size()) + bytes; }
std::string varint_field(uint32_t n, uint64_t v) { return varint(n << 3) + varint(v); }
std::string fixed64_field(uint32_t n, uint64_t v) {
    std::string s = varint(n << 3 | 1);
    s.append(reinterpret_cast<const char*>(&v), 8);
    return s;
}
std::string fixed32_field(uint32_t n, uint32_t v) {
    std::string s = varint(n << 3 | 5);
    s.append(reinterpret_cast<const char*>(&v), 4);
    return s;
}
std::string hex_bytes(const char* hex) {
    std::string s;
    for (size_t i = 0; hex[i] && hex[i + 1]; i += 2) s += static_cast<char>(std::stoi(std::string(hex + i, 2), nullptr, 16));
    return s;
}
std::string kv(const std::string& key, const std::string& any_value) { return len_field(1, key) + len_field(2, any_value); }

std::string rows_of(const std::string& doc, bool proto, SchemaKind schema) {
    Options o;
    o.schema = schema;
    Converter c(o, {});
    Document d;
    std::string padded = doc + std::string(DocumentReader::kPadding, ' ');
    d.data = padded.data();
    d.size = doc.size();
    d.proto = proto;
    c.convert(d, Origin{"unit"});
    ConvertedRows r = c.take();
    std::string out;
    for (TableRows& t : r.tables) out += t.encoded.str();
    for (const Diagnostic& diag : r.diagnostics) out += "diagnostic: " + diag.text;
    return out;
}

}  // namespace

TEST_CASE("protobuf fields newer than the e2e encoder's schema give the JSON path's rows", "[proto]") {
    std::string record = fixed64_field(1, 1700000000000000001ULL) + fixed64_field(11, 1700000000000000002ULL) +
                         varint_field(2, 17) + len_field(3, "ERROR") + len_field(5, len_field(1, "boom")) +
                         len_field(6, kv("k", varint_field(3, static_cast<uint64_t>(-5)))) + fixed32_field(8, 0x101) +
                         len_field(9, hex_bytes("5b8efff798038103d269b633813fc60c")) + len_field(10, hex_bytes("eee19b7ec3c1b174")) +
                         len_field(12, "checkout.failed");
    std::string scope = len_field(1, len_field(1, "lib") + len_field(2, "1.0") + len_field(3, kv("s", varint_field(2, 1))) +
                                         varint_field(4, 3)) +
                        len_field(2, record) + len_field(3, "https://scope");
    std::string resource = len_field(1, len_field(1, kv("service.name", len_field(1, "cart")))) + len_field(2, scope) +
                           len_field(3, "https://resource");
    std::string message = len_field(1, resource);
    const char* json =
        R"({"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"cart"}}]},)"
        R"("scopeLogs":[{"scope":{"name":"lib","version":"1.0","attributes":[{"key":"s","value":{"boolValue":true}}],)"
        R"("droppedAttributesCount":3},"logRecords":[{"timeUnixNano":"1700000000000000001","observedTimeUnixNano":)"
        R"("1700000000000000002","severityNumber":17,"severityText":"ERROR","body":{"stringValue":"boom"},)"
        R"("attributes":[{"key":"k","value":{"intValue":"-5"}}],"flags":257,"traceId":"5b8efff798038103d269b633813fc60c",)"
        R"("spanId":"eee19b7ec3c1b174","eventName":"checkout.failed"}],"schemaUrl":"https://scope"}],)"
        R"("schemaUrl":"https://resource"}]})";
    CHECK(otlp_proto::classify(message) == otlp_proto::Signal::logs);
    for (SchemaKind schema : {SchemaKind::flat, SchemaKind::otel}) {
        std::string from_json = rows_of(json, false, schema);
        CHECK(from_json.find("checkout.failed") != std::string::npos);
        CHECK(rows_of(message, true, schema) == from_json);
    }
}

TEST_CASE("input sniffing tells JSON, a protobuf message and framed records apart", "[proto]") {
    CHECK(sniff_input("  {\"resourceSpans\":[]}", InputFormat::auto_detect, true) == InputKind::json);
    CHECK(sniff_input("\n\n{", InputFormat::auto_detect, true) == InputKind::json);
    CHECK(sniff_input("", InputFormat::auto_detect, true) == InputKind::json);
    CHECK(sniff_input(std::string("\x0a\x02\x12\x00", 4), InputFormat::auto_detect, true) == InputKind::proto_message);
    // 0x0A followed by '{': a message whose first length is 123, not JSON after a newline
    CHECK(sniff_input(std::string("\x0a\x7b\x0a\x02", 4) + std::string(123, '\x01'), InputFormat::auto_detect, true) ==
          InputKind::proto_message);
    std::string framed = std::string("\0\0\0\x04", 4) + std::string("\x0a\x02\x12\x00", 4) + std::string("\0\0\0\0", 4);
    CHECK(sniff_input(framed, InputFormat::auto_detect, true) == InputKind::proto_framed);
    std::string zstd_framed = std::string("\0\0\0\x09", 4) + std::string("\x28\xb5\x2f\xfd", 4) + "xxxxx";
    CHECK(sniff_input(zstd_framed, InputFormat::auto_detect, true) == InputKind::proto_framed);
    CHECK(sniff_input(framed, InputFormat::json, true) == InputKind::json);
    CHECK(sniff_input(std::string("\x08\x01", 2), InputFormat::proto, true) == InputKind::proto_message);
}

TEST_CASE("protobuf signals are recognised from their records", "[proto]") {
    std::string span = len_field(1, hex_bytes("5b8efff798038103d269b633813fc60c")) + len_field(5, "GET") + fixed64_field(7, 1);
    std::string log = len_field(5, len_field(1, "body only"));
    std::string point = fixed64_field(3, 5) + fixed64_field(4, 0);
    std::string metric = len_field(1, "m") + len_field(5, len_field(1, point));
    auto request = [](const std::string& record) { return len_field(1, len_field(2, len_field(2, record))); };
    CHECK(otlp_proto::classify(request(span)) == otlp_proto::Signal::traces);
    CHECK(otlp_proto::classify(request(log)) == otlp_proto::Signal::logs);
    CHECK(otlp_proto::classify(request(metric)) == otlp_proto::Signal::metrics);
    CHECK(otlp_proto::classify(request(len_field(5, "x"))) == otlp_proto::Signal::unknown);
    CHECK(otlp_proto::signal_from_name("otlp_spans") == otlp_proto::Signal::traces);
    CHECK(otlp_proto::signal_from_name("otlp_logs") == otlp_proto::Signal::logs);
    CHECK(otlp_proto::signal_from_name("otlp_metrics") == otlp_proto::Signal::metrics);
}
