#include "cli/run.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <string>

#include "cli/args.h"
#include "cli/stats.h"
#include "decode/otlp_json/document_decoder.h"
#include "encode/encoder.h"
#include "schema/schema.h"
#include "sink/output.h"
#include "source/byte_source.h"
#include "source/document_reader.h"

namespace otelflat {
namespace {

// Where one table's rows go: stdout, a file, or nowhere (counted as unrouted).
struct Route {
    TableBuilder* table = nullptr;
    FdOutput* output = nullptr;
    std::unique_ptr<Encoder> encoder;
    uint64_t rows_written = 0;
    bool noted_unrouted = false;
};

constexpr size_t kMaxBlockBytes = 4u << 20;

std::string table_names(const Schema& schema) {
    std::string s;
    for (TableBuilder* t : schema.tables()) {
        if (!s.empty()) s += ", ";
        s += t->spec().name;
    }
    return s;
}

// Reads every input, converts each document, and writes blocks as they fill.
class Pipeline {
public:
    Pipeline(const Options& o, Schema& schema)
        : o_(o),
          schema_(schema),
          stdout_(1, "stdout"),
          // Native blocks must be whole; JSON rows need no batching, and a small batch stays
          // in the CPU cache between decoding and encoding.
          batch_rows_(o.format == OutputFormat::native ? o.block_rows : std::min<size_t>(o.block_rows, 4096)) {
        decoder_.set_read_span_events(schema.needs_span_events());
    }

    // Opens --out files and assigns destinations; false (after a message) on failure.
    bool open(int& exit_code) {
        for (TableBuilder* t : schema_.tables()) {
            Route r;
            r.table = t;
            r.encoder = make_encoder(o_.format, o_.time_format);
            routes_.push_back(std::move(r));
        }
        if (!o_.table.empty()) {
            Route* r = route(o_.table);
            if (!r) return usage("--table: no table \"" + o_.table + "\"", exit_code);
            r->output = &stdout_;
            stdout_claimed_ = true;
        }
        for (const auto& [name, path] : o_.outs) {
            Route* r = route(name);
            if (!r) return usage("--out: no table \"" + name + "\"", exit_code);
            if (r->output) return usage("--out: table \"" + name + "\" already has a destination", exit_code);
            int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
            if (fd < 0) {
                std::fprintf(stderr, "otelflat: %s: cannot create: %s\n", path.c_str(), std::strerror(errno));
                exit_code = kExitIo;
                return false;
            }
            files_.push_back(std::make_unique<FdOutput>(fd, path));
            r->output = files_.back().get();
        }
        return true;
    }

    int run() {
        auto t0 = std::chrono::steady_clock::now();
        std::vector<std::string> inputs = o_.inputs;
        if (inputs.empty()) inputs.push_back("-");
        for (const std::string& path : inputs) read_input(path);
        for (Route& r : routes_) emit(r);
        // An input with no rows still gives stdout a valid (empty) stream of the default table.
        if (!stdout_claimed_ && o_.outs.empty()) routes_.front().output = &stdout_;
        for (Route& r : routes_) {
            if (!r.output) continue;
            r.encoder->finish(r.table->block(), r.rows_written, *r.output);
            r.output->flush();
        }
        collect_table_stats();
        if (stats_.times_clamped > 0 && !o_.quiet)
            std::fprintf(stderr,
                         "otelflat: note: %" PRIu64 " times were beyond what their column type holds and were "
                         "clamped to its last instant (counted as times_clamped)\n",
                         stats_.times_clamped);
        stats_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (o_.stats) stats_.print(stderr);
        if (io_failed_) return kExitIo;
        if (stats_.documents_rejected > o_.max_errors) return kExitRejected;
        if (stats_.rows_unrouted > 0 && o_.table.empty()) return kExitRejected;
        return kExitOk;
    }

    void print_stats_after_broken_pipe() {
        collect_table_stats();
        if (o_.stats) stats_.print(stderr);
    }

private:
    // Counters the tables keep themselves.
    void collect_table_stats() {
        stats_.rows_filtered = stats_.times_clamped = 0;
        for (TableBuilder* t : schema_.tables()) {
            stats_.rows_filtered += t->rows_filtered();
            stats_.times_clamped += t->times_clamped();
        }
    }

    static bool usage(const std::string& why, int& exit_code) {
        std::fprintf(stderr, "otelflat: %s\n", why.c_str());
        exit_code = kExitUsage;
        return false;
    }

    Route* route(const std::string& name) {
        for (Route& r : routes_)
            if (name == r.table->spec().name) return &r;
        return nullptr;
    }

    void read_input(const std::string& path) {
        std::string name = path == "-" ? "<stdin>" : path;
        std::unique_ptr<ByteSource> source;
        try {
            source = open_input(path);
            DocumentReader reader(*source, o_.max_document_bytes);
            Document doc;
            while (reader.next(doc)) convert(reader, doc, name);
        } catch (const InputError& e) {
            std::fprintf(stderr, "otelflat: %s\n", e.what());
            io_failed_ = true;
        }
        if (source) stats_.bytes_in += source->raw_bytes_read();
    }

    void convert(DocumentReader& reader, Document& doc, const std::string& name) {
        ++stats_.documents;
        if (doc.oversized) {
            reject(name, doc, "document is larger than --max-document-size (" +
                                  std::to_string(o_.max_document_bytes) + " bytes); skipped " +
                                  std::to_string(doc.size) + " bytes up to the next line starting with '{'");
            return;
        }
        otlp_json::DocumentOutcome outcome;
        try {
            outcome = decoder_.decode(doc.data, doc.size, schema_);
        } catch (const otlp_json::DecodeError& e) {
            // A broken document must not take the following JSON lines with it.
            bool split = reader.split(doc);
            reject(name, doc, e.what() + std::string(split ? " (resuming at the next line starting with '{')" : ""));
            return;
        }
        if (outcome.repaired_utf8)
            note(name, doc, "invalid UTF-8 in strings; each bad byte was replaced by U+FFFD");
        if (outcome.repaired_surrogates)
            note(name, doc, "unpaired UTF-16 surrogate escapes in strings were replaced by U+FFFD");
        if (outcome.metrics_without_data > 0 && !noted_metric_without_data_) {
            note(name, doc, "a metric with no gauge, sum, histogram, exponentialHistogram or summary gives no rows "
                            "(counted as metrics_without_data; this note is shown once)");
            noted_metric_without_data_ = true;
        }
        stats_.spans += outcome.spans;
        stats_.log_records += outcome.log_records;
        stats_.data_points += outcome.data_points;
        stats_.metrics_without_data += outcome.metrics_without_data;
        if (outcome.traces || outcome.logs || outcome.metrics) {
            ++stats_.documents_converted;
        } else {
            ++stats_.documents_skipped;
            note(name, doc, "no resourceSpans, resourceLogs or resourceMetrics in this document; nothing to convert");
        }
        for (Route& r : routes_) {
            // Without --table, stdout gets the table of the first rows seen.
            if (!stdout_claimed_ && !r.output && r.table->block().rows > 0) {
                r.output = &stdout_;
                stdout_claimed_ = true;
            }
            // A block is written when it has --block-rows rows, or earlier when it holds
            // kMaxBlockBytes of column data: memory stays bounded for wide rows, and a block
            // this small is still in the CPU caches when it is encoded (measured: otel metrics,
            // five tables, 0.71 s -> 0.52 s for 60 MB against a 32 MB cut).
            Block& block = r.table->block();
            if (block.rows >= batch_rows_ || (block.rows > 0 && block.bytes() >= kMaxBlockBytes)) emit(r);
        }
    }

    // Writes the table's rows in slices of --block-rows to its destination, or counts them as
    // unrouted, and empties the block.
    void emit(Route& r) {
        Block& block = r.table->block();
        if (block.rows == 0) return;
        if (!r.output) {
            stats_.rows_unrouted += block.rows;
            if (!r.noted_unrouted) {
                std::fprintf(stderr,
                             "otelflat: %s rows have no destination and are not written (counted as "
                             "rows_unrouted): choose the stdout table with --table, or add --out %s=PATH; "
                             "tables: %s\n",
                             r.table->spec().name, r.table->spec().name, table_names(schema_).c_str());
                r.noted_unrouted = true;
            }
            block.clear();
            return;
        }
        for (size_t begin = 0; begin < block.rows; begin += o_.block_rows) {
            size_t end = std::min(block.rows, begin + o_.block_rows);
            r.encoder->write(block, begin, end, *r.output);
            r.rows_written += end - begin;
            stats_.rows_written += end - begin;
            r.output->maybe_flush();
        }
        block.clear();
    }

    void reject(const std::string& name, const Document& doc, const std::string& why) {
        ++stats_.documents_rejected;
        std::fprintf(stderr, "otelflat: %s:%" PRIu64 " (byte %" PRIu64 "): rejected document: %s\n", name.c_str(),
                     doc.line, doc.offset, why.c_str());
    }

    void note(const std::string& name, const Document& doc, const char* what) {
        if (o_.quiet) return;
        std::fprintf(stderr, "otelflat: %s:%" PRIu64 " (byte %" PRIu64 "): note: %s\n", name.c_str(), doc.line,
                     doc.offset, what);
    }

    const Options& o_;
    Schema& schema_;
    otlp_json::DocumentDecoder decoder_;
    FdOutput stdout_;
    std::vector<std::unique_ptr<FdOutput>> files_;
    std::vector<Route> routes_;
    RunStats stats_;
    size_t batch_rows_;
    bool stdout_claimed_ = false;
    bool io_failed_ = false;
    bool noted_metric_without_data_ = false;
};

int print_ddl(const Options& o, const Schema& schema) {
    std::string name = !o.ddl_table.empty() ? o.ddl_table : !o.table.empty() ? o.table : schema.tables().front()->spec().name;
    std::string ddl;
    for (TableBuilder* t : schema.tables()) {
        if (name != "all" && name != t->spec().name) continue;
        if (!ddl.empty()) ddl += '\n';
        ddl += render_ddl(t->spec());
    }
    if (ddl.empty()) {
        std::fprintf(stderr, "otelflat: --ddl: no table \"%s\"; tables: %s, or all\n", name.c_str(),
                     table_names(schema).c_str());
        return kExitUsage;
    }
    std::fwrite(ddl.data(), 1, ddl.size(), stdout);
    return std::fflush(stdout) == 0 ? kExitOk : kExitIo;
}

}  // namespace

int run(const Options& options) {
    SchemaOptions schema_options;
    schema_options.min_duration_ns = options.min_duration_ns;
    schema_options.legacy_metrics_layout = options.legacy_metrics_layout;
    std::unique_ptr<Schema> schema = make_schema(options.schema, schema_options);
    if (options.print_ddl) return print_ddl(options, *schema);
    // A closed stdout must surface as EPIPE from write(), not kill the process.
    ::signal(SIGPIPE, SIG_IGN);
    Pipeline pipeline(options, *schema);
    int exit_code = kExitOk;
    if (!pipeline.open(exit_code)) return exit_code;
    try {
        return pipeline.run();
    } catch (const BrokenPipe&) {
        pipeline.print_stats_after_broken_pipe();
        return kExitOk;  // the reader stopped reading (`| head`): not an error
    } catch (const OutputError& e) {
        std::fprintf(stderr, "otelflat: %s\n", e.what());
        return kExitIo;
    }
}

int run_main(int argc, char** argv) {
    ParsedArgs parsed = parse_args(argc, argv);
    if (!parsed.options) return parsed.exit_code;
    return run(*parsed.options);
}

}  // namespace otelflat
