#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "encode/encoder.h"
#include "source/input_format.h"
#include "source/kafka_source.h"
#include "schema/schema.h"
#include "transform/transform_options.h"

namespace otelflat {

// Everything the command line decides, validated, before anything is opened.
struct Options {
    std::vector<std::string> inputs;  // empty = stdin
    InputFormat input_format = InputFormat::auto_detect;  // --input-format
    OutputFormat format = OutputFormat::jsoneachrow;
    TimeFormat time_format = TimeFormat::text;
    SchemaKind schema = SchemaKind::flat;
    bool legacy_metrics_layout = false;  // --otel-metrics-layout legacy
    std::string table;                 // --table: what goes to stdout ("" = decide from the input)
    std::vector<std::pair<std::string, std::string>> outs;  // --out TABLE=PATH
    bool print_ddl = false;
    std::string ddl_table;             // --ddl NAME|all ("" = the stdout table)
    uint64_t min_duration_ns = 0;
    size_t block_rows = 65536;
    uint64_t max_errors = 0;
    uint64_t max_document_bytes = 256ULL << 20;
    bool stats = false;
    bool quiet = false;
    unsigned threads = 0;             // --threads (0 = one per core)
    std::string dead_letter;          // --dead-letter PATH or kafka:TOPIC ("" = none)
    bool stats_json = false;          // --stats=json
    TransformOptions transforms;      // --where, --attr-column, --drop-attr, --hash-attr, --dedup-window, --sample

    // Kafka input (-b with -t), as the consumer takes it: -b/-F/-X/-q/-v in .client, -t, -p,
    // -G, -o, -e, -c, --kafka-timeout (which the producer uses too).
    KafkaSourceOptions kafka;
    int commit_interval_ms = 1000;    // --commit-interval
    // Kafka output: the stdout table to --to-kafka, others with --out TABLE=kafka:TOPIC.
    std::string to_kafka;             // topic
    std::string to_brokers;           // "" = -b
    size_t rows_per_message = 1;      // --kafka-rows-per-message (JSONEachRow)
    std::string transactional_id;     // --transactional-id
    std::string compression;          // -z
    bool kafka_input() const { return !kafka.topics.empty(); }
    bool kafka_output() const;
};

// The exit-code contract (documented in --help, the man page and the README).
enum ExitCode : int {
    kExitOk = 0,
    kExitRejected = 1,  // documents were rejected (more than --max-errors), or rows had no destination
    kExitUsage = 2,     // bad command line
    kExitIo = 3,        // an input could not be read or decompressed, or output failed
    kExitKafka = 4,     // Kafka failed: brokers unreachable, unknown topic, delivery or commit failed
};

// An --out destination that names a Kafka topic: "kafka:TOPIC".
inline bool is_kafka_destination(const std::string& path) { return path.rfind("kafka:", 0) == 0; }

inline bool Options::kafka_output() const {
    if (!to_kafka.empty() || is_kafka_destination(dead_letter)) return true;
    for (const auto& out : outs)
        if (is_kafka_destination(out.second)) return true;
    return false;
}

}  // namespace otelflat
