#pragma once
// Test helpers: run documents through the real decoder, schema and encoders in memory.
#include <string>

#include "decode/otlp_json/document_decoder.h"
#include "encode/jsoneachrow.h"
#include "encode/native.h"
#include "schema/flat/flat_schema.h"

namespace testing {

enum FlatTable { kTraces = 0, kLogs = 1, kMetrics = 2 };

// Decodes one document (the decoder's padding is provided) into a flat schema.
inline otelflat::otlp_json::DocumentOutcome decode_into(otelflat::FlatSchema& schema, const std::string& json) {
    std::string padded = json + std::string(64, ' ');
    otelflat::otlp_json::DocumentDecoder decoder;
    return decoder.decode(padded.data(), json.size(), schema);
}

// JSONEachRow text of every row a flat table gets from the document.
inline std::string flat_rows(const std::string& json, uint64_t min_duration_ns = 0,
                             otelflat::TimeFormat tf = otelflat::TimeFormat::text, FlatTable table = kTraces) {
    otelflat::FlatSchema schema(min_duration_ns);
    decode_into(schema, json);
    otelflat::Block& block = schema.tables()[table]->block();
    otelflat::StringOutput out;
    otelflat::JsonEachRowEncoder enc(tf);
    enc.write(block, 0, block.rows, out);
    return out.str();
}

inline std::string table_rows(FlatTable table, const std::string& json) {
    return flat_rows(json, 0, otelflat::TimeFormat::ticks, table);
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
    otelflat::FlatSchema schema(0);
    decode_into(schema, span_with_attributes(R"([{"key":"k","value":)" + anyvalue_json + "}]"));
    const otelflat::Column& attrs = schema.tables()[kTraces]->block().columns[8];
    if (attrs.values.size() != 1) return "<no value>";
    return std::string(attrs.values.at(0));
}

}  // namespace testing
