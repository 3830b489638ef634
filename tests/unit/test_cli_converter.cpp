#include <catch2/catch.hpp>

#include <string>

#include "cli/converter.h"
#include "source/byte_source.h"

using namespace otelflat;

namespace {

std::string span_doc(const char* name) {
    return std::string(R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c",)"
                       R"("spanId":"eee19b7ec3c1b174","name":")") +
           name + R"(","startTimeUnixNano":"1","endTimeUnixNano":"2"}]}]}]})";
}

// Runs a whole stream through one Converter as the file path does, document by document.
ConvertedRows convert_stream(const std::string& input, Options& o) {
    o.quiet = false;
    Converter c(o, {});
    MemorySource source;
    source.reset(input.data(), input.size());
    DocumentReader reader(source, o.max_document_bytes);
    Document d;
    while (reader.next(d)) c.convert(d, Origin{"in.jsonl"});
    return c.take();
}

std::string all_diagnostics(const ConvertedRows& r) {
    std::string s;
    for (const Diagnostic& d : r.diagnostics) s += d.text;
    return s;
}

}  // namespace

TEST_CASE("a truncated JSON line does not swallow the lines after it", "[converter]") {
    Options o;
    std::string input = span_doc("a") + "\n{\"resourceSpans\":[{\"scopeSpans\":[\n" + span_doc("b") + "\n" + span_doc("c") + "\n";
    ConvertedRows r = convert_stream(input, o);
    CHECK(r.stats.documents == 4);
    CHECK(r.stats.documents_rejected == 1);
    CHECK(r.stats.documents_converted == 3);
    CHECK(r.tables[0].rows == 3);
    std::string text = r.tables[0].encoded.str();
    CHECK(text.find("\"span_name\":\"a\"") != std::string::npos);
    CHECK(text.find("\"span_name\":\"b\"") != std::string::npos);
    CHECK(text.find("\"span_name\":\"c\"") != std::string::npos);
    std::string diag = all_diagnostics(r);
    CHECK(diag.find("in.jsonl:2 (byte " + std::to_string(span_doc("a").size() + 1) + "): rejected document") != std::string::npos);
    CHECK(diag.find("resuming at the next line starting with '{'") != std::string::npos);
}

TEST_CASE("a failure among the lines read again is cut again, and positions stay exact", "[converter]") {
    Options o;
    // Line 1 opens two brackets it never closes: everything after it is one document for the
    // reader. Cut at line 2, whose own document is broken too; line 3 must still come out.
    std::string l1 = "{\"resourceSpans\":[[";
    std::string l2 = "{\"resourceSpans\":\"not an array\"}";
    std::string input = l1 + "\n" + l2 + "\n" + span_doc("z") + "\n";
    ConvertedRows r = convert_stream(input, o);
    CHECK(r.stats.documents_rejected == 2);
    CHECK(r.tables[0].rows == 1);
    std::string diag = all_diagnostics(r);
    CHECK(diag.find("in.jsonl:1 (byte 0): rejected document") != std::string::npos);
    CHECK(diag.find("in.jsonl:2 (byte " + std::to_string(l1.size() + 1) + "): rejected document") != std::string::npos);
    CHECK(r.tables[0].encoded.str().find("\"span_name\":\"z\"") != std::string::npos);
}

TEST_CASE("an unterminated string is cut at the next JSON line", "[converter]") {
    Options o;
    ConvertedRows r = convert_stream("{\"x\":\"abc\n" + span_doc("ok") + "\n", o);
    CHECK(r.stats.documents_rejected == 1);
    CHECK(r.tables[0].rows == 1);
}

TEST_CASE("take() hands over rows once, with the tables in the order their rows came", "[converter]") {
    Options o;
    std::string logs = R"({"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"1","body":{"stringValue":"x"}}]}]}]})";
    ConvertedRows r = convert_stream(logs + "\n" + span_doc("a") + "\n", o);
    REQUIRE(r.first_rows.size() == 2);
    CHECK(r.first_rows[0] == 1);  // otel_logs_processed came first
    CHECK(r.first_rows[1] == 0);
}
