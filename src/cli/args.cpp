#include "cli/args.h"

#include <CLI/CLI.hpp>

#include "text/duration_arg.h"


namespace otelflat {
namespace {

constexpr const char* kDescription =
    "otelflat: flatten OpenTelemetry OTLP/JSON (traces, logs, metrics) into ClickHouse rows.\n"
    "Reads FILEs (or stdin) holding OTLP/JSON documents: one document, JSON lines,\n"
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
    "\n"
    "Exit status: 0 success; 1 documents were rejected (more than --max-errors), or rows\n"
    "had no destination and --table was not given; 2 usage error; 3 an input could not\n"
    "be read or decompressed, or writing failed.\n"
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
    app.add_flag("--stats", o.stats, "Print a summary line on stderr at exit");
    app.add_flag("-q,--quiet", o.quiet, "Print no notes or warnings (errors are still printed)");

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
    if (!parse_size(max_document, o.max_document_bytes)) {
        std::fprintf(stderr, "otelflat: --max-document-size: \"%s\" is not a size (e.g. 64M, 1G)\n",
                     max_document.c_str());
        return ParsedArgs{std::nullopt, kExitUsage};
    }
    return ParsedArgs{o, kExitOk};
}

}  // namespace otelflat
