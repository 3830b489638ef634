#pragma once
// Test helpers: run documents through the real decoder, schema and encoders in memory.
#include <string>

#include "decode/otlp_json/document_decoder.h"
#include "encode/jsoneachrow.h"
#include "encode/native.h"
#include "schema/flat/traces_table.h"

namespace testing {

// JSONEachRow text of every row the document gives (the decoder's padding is provided).
inline std::string flat_rows(const std::string& json, uint64_t min_duration_ns = 0,
                             otelflat::TimeFormat tf = otelflat::TimeFormat::text) {
    std::string padded = json + std::string(64, ' ');
    otelflat::FlatTracesTable table(min_duration_ns);
    otelflat::otlp_json::DocumentDecoder decoder;
    decoder.decode(padded.data(), json.size(), table);
    otelflat::StringOutput out;
    otelflat::JsonEachRowEncoder enc(tf);
    enc.write(table.block(), 0, table.block().rows, out);
    return out.str();
}

// A one-span trace document with the given span attributes JSON array.
inline std::string span_with_attributes(const std::string& attributes_json) {
    return R"({"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},)"
           R"("scopeSpans":[{"spans":[{"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"0102030405060708",)"
           R"("name":"s","startTimeUnixNano":"1000","endTimeUnixNano":"2000","attributes":)" +
           attributes_json + "}]}]}]}";
}

// The rendered text of one attribute whose AnyValue JSON is given, as the map column holds it.
inline std::string render_value(const std::string& anyvalue_json) {
    std::string padded_doc = span_with_attributes(R"([{"key":"k","value":)" + anyvalue_json + "}]");
    std::string padded = padded_doc + std::string(64, ' ');
    otelflat::FlatTracesTable table(0);
    otelflat::otlp_json::DocumentDecoder decoder;
    decoder.decode(padded.data(), padded_doc.size(), table);
    const otelflat::Column& attrs = table.block().columns[8];
    if (attrs.values.size() != 1) return "<no value>";
    return std::string(attrs.values.at(0));
}

}  // namespace testing
