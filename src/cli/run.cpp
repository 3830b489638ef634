#include "cli/run.h"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <string>

#include "cli/args.h"
#include "cli/stats.h"
#include "decode/otlp_json/document_decoder.h"
#include "encode/encoder.h"
#include "schema/flat/traces_table.h"
#include "sink/output.h"
#include "source/byte_source.h"
#include "source/document_reader.h"

namespace otelflat {
namespace {

// Reads every input, converts each document, and writes blocks as they fill.
class Pipeline {
public:
    explicit Pipeline(const Options& o)
        : o_(o),
          table_(o.min_duration_ns),
          encoder_(make_encoder(o.format, o.time_format)),
          out_(1, "stdout"),
          // Native blocks must be whole; JSON rows need no batching, and a small batch stays
          // in the CPU cache between decoding and encoding.
          batch_rows_(o.format == OutputFormat::native ? o.block_rows : std::min<size_t>(o.block_rows, 4096)) {}

    int run() {
        auto t0 = std::chrono::steady_clock::now();
        std::vector<std::string> inputs = o_.inputs;
        if (inputs.empty()) inputs.push_back("-");
        for (const std::string& path : inputs) read_input(path);
        emit_block();
        encoder_->finish(table_.block(), stats_.rows_written, out_);
        out_.flush();
        stats_.rows_filtered = table_.rows_filtered();
        stats_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (o_.stats) stats_.print(stderr);
        if (io_failed_) return kExitIo;
        if (stats_.documents_rejected > o_.max_errors) return kExitRejected;
        return kExitOk;
    }

    void print_stats_after_broken_pipe() {
        stats_.rows_filtered = table_.rows_filtered();
        if (o_.stats) stats_.print(stderr);
    }

private:
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
            outcome = decoder_.decode(doc.data, doc.size, table_);
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
        if ((outcome.logs || outcome.metrics) && !noted_other_signal_) {
            note(name, doc, "resourceLogs and resourceMetrics are not supported yet and are skipped "
                            "(documents with only those count as documents_skipped; this note is shown once)");
            noted_other_signal_ = true;
        }
        if (outcome.traces) {
            ++stats_.documents_converted;
            stats_.spans += outcome.spans;
        } else {
            ++stats_.documents_skipped;
            if (!outcome.logs && !outcome.metrics) note(name, doc, "no resourceSpans in this document; nothing to convert");
        }
        if (table_.block().rows >= batch_rows_) emit_block();
    }

    // Writes the block in slices of --block-rows and empties it.
    void emit_block() {
        Block& block = table_.block();
        for (size_t begin = 0; begin < block.rows; begin += o_.block_rows) {
            size_t end = std::min(block.rows, begin + o_.block_rows);
            encoder_->write(block, begin, end, out_);
            stats_.rows_written += end - begin;
            out_.maybe_flush();
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
    FlatTracesTable table_;
    otlp_json::DocumentDecoder decoder_;
    std::unique_ptr<Encoder> encoder_;
    FdOutput out_;
    RunStats stats_;
    size_t batch_rows_;
    bool io_failed_ = false;
    bool noted_other_signal_ = false;
};

}  // namespace

int run(const Options& options) {
    if (options.print_ddl) {
        std::string ddl = render_ddl(FlatTracesTable::spec());
        std::fwrite(ddl.data(), 1, ddl.size(), stdout);
        return std::fflush(stdout) == 0 ? kExitOk : kExitIo;
    }
    // A closed stdout must surface as EPIPE from write(), not kill the process.
    ::signal(SIGPIPE, SIG_IGN);
    Pipeline pipeline(options);
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
