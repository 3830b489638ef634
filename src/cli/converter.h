#pragma once
// Documents -> rows -> encoded blocks, for one thread. A Converter owns everything a
// document's conversion touches (parser, schema tables, encoders), so several of them convert
// slices of one input side by side; what one gives (ConvertedRows) is handed to the Writer in
// input order, which makes the output the same for any number of threads.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cli/options.h"
#include "cli/stats.h"
#include "decode/otlp_json/document_decoder.h"
#include "decode/otlp_proto/proto_decoder.h"
#include "encode/encoder.h"
#include "schema/schema.h"
#include "sink/output.h"
#include "source/document_reader.h"
#include "source/input_format.h"
#include "transform/row_stage.h"

namespace otelflat {

struct KafkaMessage;

// Where a document came from, for messages: a file (or stdin), or a Kafka message.
struct Origin {
    std::string name;                      // file name, "<stdin>"
    const KafkaMessage* message = nullptr;
};

// The run's schema: its tables with the --attr-column columns, and (when `stages` is given)
// each table's row transformations. Throws ExpressionError for a --where that does not fit.
std::unique_ptr<Schema> make_run_schema(const Options& o, std::vector<std::unique_ptr<RowStage>>* stages,
                                        std::vector<std::string>& notes);

// "file:LINE (byte N)", or "kafka TOPIC [P] offset O" (plus the line inside the message when
// it holds several documents).
std::string where(const Origin& origin, const Document& doc);

// One table's share of a slice: its rows encoded (for files and stdout) and, for tables
// that may go to Kafka, the blocks themselves (the Kafka sink cuts them into messages).
struct TableRows {
    StringOutput encoded;
    uint64_t rows = 0;
    std::vector<Block> blocks;
};

// A diagnostic line for stderr, in input order. `once` lines are printed only the first
// time their text is seen in a run.
struct Diagnostic {
    std::string text;
    bool once = false;
};

struct ConvertedRows {
    std::vector<TableRows> tables;  // in schema table order
    std::vector<size_t> first_rows;  // tables in the order their first rows came (stdout's default)
    RunStats stats;                 // documents, records, rows_filtered, times_clamped, bytes_in
    bool input_failed = false;      // an input could not be read to its end (exit status 3)
    std::string dead_letters;       // --dead-letter records (JSON lines) of the rejected documents
    uint64_t dead_letter_count = 0;
    std::vector<Diagnostic> diagnostics;
    size_t bytes() const;
};

class Converter {
public:
    // keep_blocks[i]: table i may be written to Kafka, so its blocks are kept as well.
    Converter(const Options& options, std::vector<bool> keep_blocks);

    const Schema& schema() const { return *schema_; }

    // Converts one document cut by a DocumentReader. A document that fails to parse is
    // rejected; when a line starting with '{' begins inside it, the rest from there is read
    // again as documents of its own, so a broken line never takes the lines after it along.
    void convert(const Document& doc, const Origin& origin);
    // Converts every document of a stream in memory (a Kafka message's payload).
    void convert_all(const char* data, size_t size, const Origin& origin);

    // Encodes the rows held so far and hands them over with the counters and messages.
    ConvertedRows take();
    // Whether the rows held are past the point where they should be handed over.
    bool holds_much() const;

private:
    size_t convert_one(const Document& doc, const Origin& origin);
    void reject(const Origin& origin, const Document& doc, const std::string& why);
    InputKind kind_of_message(const char* data, size_t size, const Origin& origin) const;
    void note(const Origin& origin, const Document& doc, const char* what, bool once = false);
    // Encodes table i's block into the pending output and empties it.
    void encode(size_t i);
    void count_table_stats();

    const Options& o_;
    std::unique_ptr<Schema> schema_;
    otlp_json::DocumentDecoder decoder_;
    otlp_proto::ProtoDecoder proto_decoder_;
    std::vector<std::unique_ptr<Encoder>> encoders_;
    std::vector<bool> keep_blocks_;
    ConvertedRows pending_;
    std::vector<std::unique_ptr<RowStage>> stages_;  // per table, when rows are transformed
    uint64_t filtered_before_ = 0, clamped_before_ = 0, deduplicated_before_ = 0, sampled_out_before_ = 0;
    // Reads what follows a split point (and Kafka payloads) without a buffer per use.
    MemorySource memory_;
    std::unique_ptr<DocumentReader> reader_;
    std::unique_ptr<MemorySource> rest_source_;
    std::unique_ptr<DocumentReader> rest_reader_;
};

}  // namespace otelflat
