#include "cli/args.h"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <limits>

#include "text/duration_arg.h"
#include "transform/expression.h"

namespace otelflat {
namespace {

constexpr const char* kDescription =
    "otelflat: flatten OpenTelemetry OTLP/JSON (traces, logs, metrics) into ClickHouse rows.\n"
    "Reads FILEs (or stdin, or Kafka topics with -b/-t) holding OTLP/JSON documents: one document, JSON lines,\n"
    "concatenated or pretty-printed documents, optionally zstd- or snappy-compressed\n"
    "(detected by magic bytes). Writes rows of otel_traces_processed (one per span),\n"
    "otel_logs_processed (one per log record) and otel_metrics_processed (one per data\n"
    "point) as ClickHouse JSONEachRow or Native: one table to stdout, others with --out.";

constexpr const char* kFooter =
    "Examples:\n"
    "  otelflat --ddl | clickhouse-client\n"
    "  otelflat -f native traces.jsonl | clickhouse-client --query \"INSERT INTO otel_traces_processed FORMAT Native\"\n"
    "  otelflat --min-duration 1ms traces.jsonl.zst | clickhouse-client --query \"INSERT INTO otel_traces_processed FORMAT JSONEachRow\"\n"
    "  otelflat -f native --out otel_logs_processed=logs.native --out otel_metrics_processed=metrics.native all.jsonl > traces.native\n"
    "  otelflat -b kafka:9092 -t otlp_spans -G backfill -e -f native | clickhouse-client --query \"INSERT INTO otel_traces_processed FORMAT Native\"\n"
    "\n"
    "Exit status: 0 success; 1 documents were rejected (more than --max-errors), or rows\n"
    "had no destination and --table was not given; 2 usage error; 3 an input could not\n"
    "be read or decompressed, or writing failed; 4 Kafka failed (brokers unreachable,\n"
    "unknown topic, delivery or commit failed).\n"
    "See otelflat(1) for every column's rule.";

// "64M", "1G", "4096" -> bytes.
bool parse_size(const std::string& text, uint64_t& out) {
    size_t i = 0;
    uint64_t v = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        v = v * 10 + static_cast<uint64_t>(text[i] - '0');
        ++i;
    }
    if (i == 0) return false;
    std::string unit = text.substr(i);
    uint64_t mult = 1;
    if (unit == "" || unit == "B") mult = 1;
    else if (unit == "K" || unit == "KiB" || unit == "k") mult = 1ULL << 10;
    else if (unit == "M" || unit == "MiB") mult = 1ULL << 20;
    else if (unit == "G" || unit == "GiB") mult = 1ULL << 30;
    else return false;
    out = v * mult;
    return out > 0;
}

}  // namespace

ParsedArgs parse_args(int argc, char** argv) {
    Options o;
    CLI::App app{kDescription, "otelflat"};
    app.footer(kFooter);
    app.set_version_flag("-V,--version", std::string("otelflat ") + OTELFLAT_VERSION);
    app.get_formatter()->column_width(34);

    std::string format = "jsoneachrow";
    std::string time_format = "text";
    std::string min_duration;
    std::string max_document = "256M";

    app.add_option("FILE", o.inputs, "Input files; none or \"-\" reads stdin")->type_name("");
    std::string input_format = "auto";
    app.add_option("--input-format", input_format,
                   "What inputs hold: json (OTLP/JSON), proto (OTLP/protobuf: one message, or the collector "
                   "file exporter's length-prefixed records) or auto (default: decided per file and Kafka message)")
        ->check(CLI::IsMember({"json", "proto", "auto"}))
        ->type_name("json|proto|auto");
    app.add_option("-f,--format", format, "Output format: jsoneachrow (default) or native")
        ->check(CLI::IsMember({"jsoneachrow", "native"}))
        ->type_name("FORMAT");
    std::string schema = "flat";
    std::vector<std::string> outs;
    std::string metrics_layout = "current";
    app.add_option("--schema", schema,
                   "Table family: flat (default; *_processed tables) or otel (the OpenTelemetry Collector "
                   "ClickHouse exporter's tables)")
        ->check(CLI::IsMember({"flat", "otel"}))
        ->type_name("SCHEMA");
    app.add_option("--otel-metrics-layout", metrics_layout,
                   "otel schema metrics tables: current (DateTime times) or legacy (DateTime64(9) times, "
                   "exporters before v0.160)")
        ->check(CLI::IsMember({"current", "legacy"}))
        ->type_name("LAYOUT");
    app.add_option("--table", o.table,
                   "Table written to stdout (default: the table of the first rows seen)")
        ->type_name("TABLE");
    app.add_option("--out", outs, "Also write TABLE to PATH, in the same format and pass (repeatable)")
        ->type_name("TABLE=PATH")
        ->allow_extra_args(false);  // one TABLE=PATH per --out; FILEs stay positional
    app.add_option("--ddl", o.ddl_table,
                   "Print the CREATE TABLE statement of TABLE (default: the stdout table), or of all tables, and exit")
        ->expected(0, 1)
        ->type_name("[TABLE|all]");
    app.add_option("--min-duration", min_duration,
                   "Drop spans shorter than DURATION (e.g. 1ms, 250us, 2s); off by default")
        ->type_name("DURATION");
    CLI::Option_group* rows = app.add_option_group("Row transformations");
    TransformOptions& t = o.transforms;
    std::vector<std::string> wheres;
    rows->add_option("--where", wheres,
                     "Keep only rows for which EXPR holds (repeatable: all must hold), e.g. 'duration_ms >= 1', "
                     "'attr.http.route != \"/health\"', 'has(attr.db.system)'; see the man page")
        ->type_name("EXPR")
        ->allow_extra_args(false);
    std::vector<std::string> attr_columns;
    rows->add_option("--attr-column", attr_columns,
                     "Promote attribute KEY to column NAME of TYPE String (default), Int64, Float64 or Bool, "
                     "removed from its map unless :keep (repeatable; KEY may start with resource: or record:)")
        ->type_name("NAME=KEY[:TYPE][:keep]")
        ->allow_extra_args(false);
    rows->add_option("--drop-attr", t.drop_attrs, "Remove attributes whose key matches GLOB, from every map (repeatable)")
        ->type_name("GLOB")
        ->allow_extra_args(false);
    rows->add_option("--hash-attr", t.hash_attrs,
                     "Replace the values of attributes whose key matches GLOB by their keyed hash (HMAC-SHA256, "
                     "first 16 bytes as hex; repeatable)")
        ->type_name("GLOB")
        ->allow_extra_args(false);
    rows->add_option("--hash-key", t.hash_key, "The key of --hash-attr (default: $OTELFLAT_HASH_KEY)")->type_name("KEY");
    rows->add_option("--dedup-window", t.dedup_window,
                     "Drop a row whose fingerprint is among the last N rows kept (per table; converts on one thread)")
        ->type_name("N");
    std::string sample;
    rows->add_option("--sample", sample,
                     "Keep RATIO (0 to 1) of traces, by trace id, the same in every process and run (OpenTelemetry "
                     "consistent probability sampling); records without a trace id are kept")
        ->type_name("RATIO");
    rows->add_flag("--keep-errors", t.keep_errors, "With --sample: keep every error span and error log (severity >= 17) too");
    app.add_option("--block-rows", o.block_rows, "Most rows per Native block (default 65536; blocks are also cut at ~4 MB of column data)")
        ->check(CLI::Range(static_cast<size_t>(1), static_cast<size_t>(1) << 30))
        ->type_name("N");
    app.add_option("--time-format", time_format,
                   "JSONEachRow times of the flat tables: text (\"YYYY-MM-DD hh:mm:ss.ffffff\", UTC; default) or "
                   "ticks (integer microseconds, immune to server time zones); otel tables always use integers")
        ->check(CLI::IsMember({"text", "ticks"}))
        ->type_name("text|ticks");
    app.add_option("--max-errors", o.max_errors,
                   "Exit 0 even if up to N documents were rejected (default 0)")
        ->type_name("N");
    app.add_option("--max-document-size", max_document,
                   "Largest document held in memory (default 256M); larger ones are rejected and skipped")
        ->type_name("SIZE");
    app.add_option("--threads", o.threads,
                   "Threads converting files and stdin (default: one per core); the output is the same for any N")
        ->check(CLI::Range(1u, 256u))
        ->type_name("N");
    std::string stats_format;
    // A flag (never takes the next argument, which may be a FILE); --stats=json gives a value.
    app.add_flag("--stats{text}", stats_format,
                 "Print the counters on stderr at exit: one key=value line, or with --stats=json one JSON object");
    app.add_option("--dead-letter", o.dead_letter,
                   "Write every rejected document verbatim, with its source and the reason, as JSON lines to PATH "
                   "(or to a Kafka topic: kafka:TOPIC)")
        ->type_name("PATH");
    app.add_flag("-q,--quiet", o.quiet, "Print no notes or warnings (errors are still printed)");
    int verbose = 0;
    app.add_flag("-v,--verbose", verbose, "Kafka: also print assignments, partition ends and client logs (repeatable)");

    // Kafka, with kcat's flags and meanings.
    std::vector<std::string> offsets, properties;
    std::string properties_file, kafka_timeout = "30s", commit_interval = "1s";
    CLI::Option_group* kafka = app.add_option_group("Kafka input (kcat's flags)");
    kafka->add_option("-b,--brokers", o.kafka.client.brokers, "Bootstrap brokers host:port,...")->type_name("BROKERS");
    kafka->add_option("-t,--topic", o.kafka.topics, "Read TOPIC (repeatable) instead of files")->type_name("TOPIC")
        ->allow_extra_args(false);
    kafka->add_option("-p,--partition", o.kafka.partition, "Read only partition N (not with -G)")->type_name("N")
        ->check(CLI::Range(0, 1 << 30));
    kafka->add_option("-G,--group", o.kafka.group,
                      "Consumer group: partitions are balanced across processes and offsets committed "
                      "after the rows are written")
        ->type_name("GROUP");
    kafka->add_option("-o,--offset", offsets,
                      "Start: beginning (default without -G), end, stored (default with -G), N, -N (N before "
                      "the end), s@EPOCH_MS; stop: e@EPOCH_MS (may be given with a start)")
        ->type_name("OFFSET")
        ->allow_extra_args(false);
    kafka->add_flag("-e,--exit-at-end", o.kafka.exit_at_end,
                    "Exit once every partition reached the end it had when it was assigned");
    kafka->add_option("-c,--count", o.kafka.max_messages, "Exit after N messages")->type_name("N")
        ->check(CLI::Range(static_cast<int64_t>(1), std::numeric_limits<int64_t>::max()));
    kafka->add_option("-X", properties, "librdkafka property (repeatable); consumer.KEY or producer.KEY for one side only")
        ->type_name("KEY=VALUE")
        ->allow_extra_args(false);
    kafka->add_option("-F", properties_file,
                      "librdkafka properties file (key=value lines; default $OTELFLAT_KAFKA_CONFIG); -X wins")
        ->type_name("FILE");
    kafka->add_option("--kafka-timeout", kafka_timeout,
                      "Give up reaching brokers, committing or delivering after DURATION (default 30s)")
        ->type_name("DURATION");
    kafka->add_option("--commit-interval", commit_interval,
                      "Flush the outputs and commit offsets this often (default 1s)")
        ->type_name("DURATION");
    CLI::Option_group* kafka_out = app.add_option_group("Kafka output");
    kafka_out->add_option("--to-kafka", o.to_kafka,
                          "Write the stdout table to TOPIC instead of stdout (other tables: --out TABLE=kafka:TOPIC)")
        ->type_name("TOPIC");
    kafka_out->add_option("--to-brokers", o.to_brokers, "Brokers for Kafka output (default: -b)")->type_name("BROKERS");
    kafka_out->add_option("--kafka-rows-per-message", o.rows_per_message,
                          "JSONEachRow rows per Kafka message (default 1); Native sends one block per message")
        ->type_name("N")
        ->check(CLI::Range(static_cast<size_t>(1), static_cast<size_t>(1) << 20));
    kafka_out->add_option("--transactional-id", o.transactional_id,
                          "Write to Kafka in transactions, with the input offsets committed inside them (exactly-once "
                          "Kafka to Kafka with -G)")
        ->type_name("ID");
    kafka_out->add_option("-z,--compression", o.compression, "Kafka output compression: none, gzip, snappy, lz4, zstd")
        ->check(CLI::IsMember({"none", "gzip", "snappy", "lz4", "zstd"}))
        ->type_name("CODEC");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return ParsedArgs{std::nullopt, code == 0 ? kExitOk : kExitUsage};
    }
    o.print_ddl = app.count("--ddl") > 0;
    o.schema = schema == "otel" ? SchemaKind::otel : SchemaKind::flat;
    o.legacy_metrics_layout = metrics_layout == "legacy";
    for (const std::string& spec : outs) {
        size_t eq = spec.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) {
            std::fprintf(stderr, "otelflat: --out: \"%s\" is not TABLE=PATH\n", spec.c_str());
            return ParsedArgs{std::nullopt, kExitUsage};
        }
        o.outs.emplace_back(spec.substr(0, eq), spec.substr(eq + 1));
    }
    o.format = format == "native" ? OutputFormat::native : OutputFormat::jsoneachrow;
    o.input_format = input_format == "json" ? InputFormat::json : input_format == "proto" ? InputFormat::proto : InputFormat::auto_detect;
    o.time_format = time_format == "ticks" ? TimeFormat::ticks : TimeFormat::text;
    if (!min_duration.empty()) {
        auto ns = parse_duration_ns(min_duration);
        if (!ns) {
            std::fprintf(stderr,
                         "otelflat: --min-duration: \"%s\" is not a duration (use a number and a unit: "
                         "ns, us, ms, s, m, h)\n",
                         min_duration.c_str());
            return ParsedArgs{std::nullopt, kExitUsage};
        }
        o.min_duration_ns = *ns;
    }
    auto usage = [](const std::string& why) {
        std::fprintf(stderr, "otelflat: %s\n", why.c_str());
        return ParsedArgs{std::nullopt, kExitUsage};
    };
    o.kafka.client.verbosity = o.quiet ? 0 : 1 + verbose;
    o.stats = app.count("--stats") > 0;
    if (!stats_format.empty() && stats_format != "json" && stats_format != "text")
        return usage("--stats: \"" + stats_format + "\" is not json (or text)");
    o.stats_json = stats_format == "json";
    if (is_kafka_destination(o.dead_letter) && o.kafka.client.brokers.empty() && o.to_brokers.empty())
        return usage("--dead-letter kafka:TOPIC needs -b or --to-brokers");
    for (const std::string& text : offsets) {
        std::string error = add_offset_arg(text, o.kafka.offsets);
        if (!error.empty()) return usage(error);
    }
    for (const auto& [name, value] : {std::pair{"--kafka-timeout", &kafka_timeout}, std::pair{"--commit-interval", &commit_interval}}) {
        auto ns = parse_duration_ns(*value);
        if (!ns || *ns < 1000000) return usage(std::string(name) + ": \"" + *value + "\" is not a duration of at least 1ms");
        (std::string(name) == "--kafka-timeout" ? o.kafka.timeout_ms : o.commit_interval_ms) =
            static_cast<int>(std::min<uint64_t>(*ns / 1000000, 1u << 30));
    }
    try {
        if (properties_file.empty())
            if (const char* env = std::getenv("OTELFLAT_KAFKA_CONFIG")) properties_file = env;
        if (!properties_file.empty()) o.kafka.client.properties = read_properties_file(properties_file);
    } catch (const KafkaError& e) {
        return usage(e.what());
    }
    for (const std::string& p : properties) {
        size_t eq = p.find('=');
        if (eq == std::string::npos || eq == 0) return usage("-X: \"" + p + "\" is not KEY=VALUE");
        o.kafka.client.properties.emplace_back(p.substr(0, eq), p.substr(eq + 1));
    }
    if (o.kafka_input()) {
        if (o.kafka.client.brokers.empty()) return usage("-t needs -b BROKERS");
        if (!o.inputs.empty()) return usage("give either FILEs or -t TOPIC, not both");
        if (o.kafka.partition >= 0 && !o.kafka.group.empty()) return usage("-p cannot be used with -G (the group assigns partitions)");
        if (o.kafka.offsets.start && o.kafka.offsets.start->kind == StartOffset::stored && o.kafka.group.empty())
            return usage("-o stored needs -G GROUP (offsets are stored per group)");
    } else {
        for (const char* flag : {"-p", "-G", "-o", "-e", "-c"})
            if (app.count(flag) > 0) return usage(std::string(flag) + " reads Kafka: give -b BROKERS and -t TOPIC");
    }
    if (o.kafka_output()) {
        if (o.to_brokers.empty() && o.kafka.client.brokers.empty()) return usage("Kafka output needs --to-brokers or -b");
    } else if (!o.transactional_id.empty()) {
        return usage("--transactional-id needs Kafka output (--to-kafka or --out TABLE=kafka:TOPIC)");
    }
    for (const std::string& text : wheres) {
        try {
            t.where.push_back(std::make_shared<const Expression>(Expression::parse(text)));
        } catch (const ExpressionError& e) {
            std::fputs(describe_expression_error("--where", text, e).c_str(), stderr);
            return ParsedArgs{std::nullopt, kExitUsage};
        }
    }
    for (const std::string& text : attr_columns) {
        PromotedColumn p;
        std::string error = parse_promoted_column(text, p);
        if (!error.empty()) return usage("--attr-column: " + error);
        t.attr_columns.push_back(p);
    }
    if (!t.hash_attrs.empty() && t.hash_key.empty()) {
        if (const char* env = std::getenv("OTELFLAT_HASH_KEY")) t.hash_key = env;
        if (t.hash_key.empty()) return usage("--hash-attr needs a key: --hash-key KEY or $OTELFLAT_HASH_KEY");
    }
    if (!sample.empty()) {
        char* end = nullptr;
        t.sample_ratio = std::strtod(sample.c_str(), &end);
        if (end == sample.c_str() || *end != '\0' || !(t.sample_ratio >= 0 && t.sample_ratio <= 1))
            return usage("--sample: \"" + sample + "\" is not a ratio from 0 to 1 (e.g. 0.1)");
        t.sampling = true;
    }
    if (t.keep_errors && !t.sampling) return usage("--keep-errors keeps error rows that --sample would drop: give --sample");
    if (!parse_size(max_document, o.max_document_bytes)) {
        std::fprintf(stderr, "otelflat: --max-document-size: \"%s\" is not a size (e.g. 64M, 1G)\n",
                     max_document.c_str());
        return ParsedArgs{std::nullopt, kExitUsage};
    }
    return ParsedArgs{o, kExitOk};
}

}  // namespace otelflat
