#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "encode/encoder.h"
#include "schema/schema.h"

namespace otelflat {

// Everything the command line decides, validated, before anything is opened.
struct Options {
    std::vector<std::string> inputs;  // empty = stdin
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
};

// The exit-code contract (documented in --help, the man page and the README).
enum ExitCode : int {
    kExitOk = 0,
    kExitRejected = 1,  // documents were rejected (more than --max-errors), or rows had no destination
    kExitUsage = 2,     // bad command line
    kExitIo = 3,        // an input could not be read or decompressed, or output failed
};

}  // namespace otelflat
