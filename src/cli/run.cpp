#include "cli/run.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <csignal>
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
#include "source/kafka_source.h"
#include "sink/kafka_sink.h"

namespace otelflat {
namespace {

// Set by SIGINT/SIGTERM: the run stops between documents, writes what it holds, commits and
// exits as if the input had ended.
volatile std::sig_atomic_t g_stop = 0;
void request_stop(int) { g_stop = 1; }

// Where one table's rows go: stdout, a file, a Kafka topic, or nowhere (counted as unrouted).
struct Route {
    TableBuilder* table = nullptr;
    FdOutput* output = nullptr;
    std::unique_ptr<KafkaTableSink> kafka;
    std::unique_ptr<Encoder> encoder;
    uint64_t rows_written = 0;
    bool noted_unrouted = false;
    bool routed() const { return output || kafka; }
};

// Where a document came from, for messages: a file (or stdin), or a Kafka message.
struct Origin {
    std::string name;                  // file name, "<stdin>"
    const KafkaMessage* message = nullptr;
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

    // Opens --out files and Kafka outputs and assigns destinations; false (after a message) on
    // failure.
    bool open(int& exit_code) {
        for (TableBuilder* t : schema_.tables()) {
            Route r;
            r.table = t;
            r.encoder = make_encoder(o_.format, o_.time_format);
            routes_.push_back(std::move(r));
        }
        if (o_.kafka_output()) {
            KafkaClientOptions client = o_.kafka;
            if (!o_.to_brokers.empty()) client.brokers = o_.to_brokers;
            producer_ = std::make_unique<KafkaProducer>(client, o_.transactional_id, o_.compression, o_.kafka_timeout_ms);
            stats_.kafka_out = true;
        }
        if (!o_.table.empty()) {
            Route* r = route(o_.table);
            if (!r) return usage("--table: no table \"" + o_.table + "\"", exit_code);
            claim_default(*r);
        }
        std::vector<std::string> topics;
        if (!o_.to_kafka.empty()) topics.push_back(o_.to_kafka);
        for (const auto& [name, path] : o_.outs) {
            Route* r = route(name);
            if (!r) return usage("--out: no table \"" + name + "\"", exit_code);
            if (r->routed()) return usage("--out: table \"" + name + "\" already has a destination", exit_code);
            if (is_kafka_destination(path)) {
                std::string topic = path.substr(6);
                if (topic.empty()) return usage("--out " + name + "=kafka: needs a topic name", exit_code);
                r->kafka = std::make_unique<KafkaTableSink>(*producer_, topic, r->table->block(), o_.format,
                                                            o_.rows_per_message);
                topics.push_back(topic);
                continue;
            }
            int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
            if (fd < 0) {
                std::fprintf(stderr, "otelflat: %s: cannot create: %s\n", path.c_str(), std::strerror(errno));
                exit_code = kExitIo;
                return false;
            }
            files_.push_back(std::make_unique<FdOutput>(fd, path));
            r->output = files_.back().get();
        }
        if (producer_) producer_->start(topics);
        return true;
    }

    int run() {
        auto t0 = std::chrono::steady_clock::now();
        if (o_.kafka_input()) {
            read_kafka();
        } else {
            std::vector<std::string> inputs = o_.inputs;
            if (inputs.empty()) inputs.push_back("-");
            for (const std::string& path : inputs) {
                if (g_stop) break;
                read_input(path);
            }
        }
        // An input with no rows still gives stdout a valid (empty) stream of the default table.
        if (!default_claimed_ && o_.outs.empty()) claim_default(routes_.front());
        for (Route& r : routes_) emit(r);
        for (Route& r : routes_) {
            if (r.output) r.encoder->finish(r.table->block(), r.rows_written, *r.output);
        }
        deliver(true);
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
        Origin origin{path == "-" ? "<stdin>" : path};
        std::unique_ptr<ByteSource> source;
        try {
            source = open_input(path);
            DocumentReader reader(*source, o_.max_document_bytes);
            Document doc;
            while (!g_stop && reader.next(doc)) convert(reader, doc, origin);
        } catch (const InputError& e) {
            std::fprintf(stderr, "otelflat: %s\n", e.what());
            io_failed_ = true;
        }
        if (source) stats_.bytes_in += source->raw_bytes_read();
    }

    KafkaSourceOptions kafka_source_options() const {
        KafkaSourceOptions k;
        k.client = o_.kafka;
        k.topics = o_.topics;
        k.partition = o_.partition;
        k.group = o_.group;
        k.offsets = o_.offsets;
        k.exit_at_end = o_.exit_at_end;
        k.max_messages = o_.max_messages;
        k.timeout_ms = o_.kafka_timeout_ms;
        return k;
    }

    // One message may hold several documents (JSON lines); each is converted on its own, and
    // the message's offset becomes committable once all of them are in the pipeline.
    void read_kafka() {
        KafkaSource source(kafka_source_options());
        source_ = &source;
        stats_.kafka_in = true;
        // A rebalance takes partitions away: write and commit first, so the next owner of a
        // partition starts after our last written row.
        source.set_before_revoke([this] { checkpoint(false); });
        source.start();
        MemorySource payload;
        DocumentReader reader(payload, o_.max_document_bytes);
        auto interval = std::chrono::milliseconds(o_.commit_interval_ms);
        auto next_checkpoint = std::chrono::steady_clock::now() + interval;
        KafkaMessage m;
        while (!g_stop) {
            KafkaSource::Poll p = source.poll(m, 100);
            if (p == KafkaSource::Poll::finished) break;
            if (p == KafkaSource::Poll::message) {
                Origin origin{"", &m};
                payload.reset(m.data, m.size);
                reader.restart(payload);
                Document doc;
                bool any = false;
                while (reader.next(doc)) {
                    any = true;
                    convert(reader, doc, origin);
                }
                if (!any) {
                    ++stats_.documents;
                    ++stats_.documents_skipped;
                    doc = Document{};
                    note(origin, doc, "empty message; nothing to convert");
                }
                ++stats_.kafka_messages;
                stats_.bytes_in += m.size;
                source.done(m);
                source.release(m);
                dirty_ = true;
            }
            if (std::chrono::steady_clock::now() >= next_checkpoint) {
                checkpoint(false);
                next_checkpoint = std::chrono::steady_clock::now() + interval;
            }
        }
        checkpoint(true);
        source.close();
        source_ = nullptr;
    }

    // Everything converted so far is written and flushed (and delivered, for Kafka outputs),
    // and only then are the input offsets committed: at-least-once, never ahead of the output.
    void checkpoint(bool final) {
        if (!dirty_ && !final) return;
        for (Route& r : routes_) emit(r);
        bool committed_in_transaction = deliver(final);
        if (source_) {
            if (committed_in_transaction) source_->forget_pending();
            else source_->commit_pending(final);
        }
        dirty_ = false;
    }

    // Flushes every output; for Kafka waits for the delivery reports, or commits the
    // transaction (with the input's offsets when it comes from a group). Returns true when
    // the offsets went inside the transaction.
    bool deliver(bool final) {
        for (Route& r : routes_)
            if (r.output) r.output->flush();
        if (!producer_) return false;
        if (!producer_->transactional()) {
            producer_->flush();
            stats_.kafka_delivered = producer_->messages_delivered();
            return false;
        }
        rd_kafka_topic_partition_list_t* offsets = source_ && source_->grouped() ? source_->pending_list() : nullptr;
        rd_kafka_consumer_group_metadata_t* group = offsets ? source_->group_metadata() : nullptr;
        bool ok = producer_->commit_transaction(offsets, group);
        if (offsets) rd_kafka_topic_partition_list_destroy(offsets);
        if (group) rd_kafka_consumer_group_metadata_destroy(group);
        if (!ok) {
            if (!source_ || final)
                throw KafkaError("the transaction was aborted; nothing of this run was committed");
            source_->rewind_to_committed();  // its messages are read and written again
        }
        stats_.kafka_delivered = producer_->messages_delivered();
        return ok && offsets;
    }

    void convert(DocumentReader& reader, Document& doc, const Origin& name) {
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
            // Without --table, stdout (or --to-kafka) gets the table of the first rows seen.
            if (!default_claimed_ && !r.routed() && r.table->block().rows > 0) claim_default(r);
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
        if (!r.routed()) {
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
            if (r.kafka) {
                r.kafka->write(block, begin, end, *r.encoder);
            } else {
                r.encoder->write(block, begin, end, *r.output);
                r.output->maybe_flush();
            }
            r.rows_written += end - begin;
            stats_.rows_written += end - begin;
        }
        block.clear();
    }

    // "file:LINE (byte N)", or "kafka TOPIC [P] offset O" (plus the line inside the message
    // when it holds several documents).
    static std::string where(const Origin& origin, const Document& doc) {
        char buf[96];
        if (!origin.message) {
            std::snprintf(buf, sizeof buf, ":%" PRIu64 " (byte %" PRIu64 ")", doc.line, doc.offset);
            return origin.name + buf;
        }
        const KafkaMessage& m = *origin.message;
        std::string s = "kafka " + std::string(m.topic);
        std::snprintf(buf, sizeof buf, " [%d] offset %" PRId64, m.partition, m.offset);
        s += buf;
        if (doc.offset > 0) {
            std::snprintf(buf, sizeof buf, " line %" PRIu64 " (byte %" PRIu64 ")", doc.line, doc.offset);
            s += buf;
        }
        return s;
    }

    void reject(const Origin& origin, const Document& doc, const std::string& why) {
        ++stats_.documents_rejected;
        std::fprintf(stderr, "otelflat: %s: rejected document: %s\n", where(origin, doc).c_str(), why.c_str());
    }

    void note(const Origin& origin, const Document& doc, const char* what) {
        if (o_.quiet) return;
        std::fprintf(stderr, "otelflat: %s: note: %s\n", where(origin, doc).c_str(), what);
    }

    // The default destination: stdout, or the --to-kafka topic.
    void claim_default(Route& r) {
        if (!o_.to_kafka.empty())
            r.kafka = std::make_unique<KafkaTableSink>(*producer_, o_.to_kafka, r.table->block(), o_.format,
                                                       o_.rows_per_message);
        else
            r.output = &stdout_;
        default_claimed_ = true;
    }

    const Options& o_;
    Schema& schema_;
    otlp_json::DocumentDecoder decoder_;
    FdOutput stdout_;
    std::vector<std::unique_ptr<FdOutput>> files_;
    std::vector<Route> routes_;
    std::unique_ptr<KafkaProducer> producer_;
    KafkaSource* source_ = nullptr;  // while reading Kafka
    RunStats stats_;
    size_t batch_rows_;
    bool default_claimed_ = false;
    bool dirty_ = false;             // converted messages not yet checkpointed
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
    ::signal(SIGINT, request_stop);
    ::signal(SIGTERM, request_stop);
    Pipeline pipeline(options, *schema);
    int exit_code = kExitOk;
    try {
        if (!pipeline.open(exit_code)) return exit_code;
        return pipeline.run();
    } catch (const KafkaError& e) {
        std::fprintf(stderr, "otelflat: kafka: %s\n", e.what());
        return kExitKafka;
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
