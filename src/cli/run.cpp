#include "cli/run.h"

#include <signal.h>
#include <sys/stat.h>

#include <chrono>
#include <cinttypes>
#include <csignal>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <thread>

#include "cli/args.h"
#include "cli/converter.h"
#include "cli/file_inputs.h"
#include "cli/progress.h"
#include "cli/stats.h"
#include "cli/writer.h"
#include "schema/schema.h"
#include "sink/output.h"
#include "source/byte_source.h"
#include "source/kafka_source.h"

namespace otelflat {
namespace {

// SIGINT/SIGTERM: the run stops between documents (or in a blocked read), writes what it
// holds, commits and exits as if the input had ended.
void request_stop(int) { request_input_stop(); }

void install_stop_handlers() {
    struct sigaction sa {};
    sa.sa_handler = request_stop;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: a blocked read() returns EINTR and sees the request
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
}


// Kafka input, on one thread (librdkafka fetches on its own): each message is converted, and
// at every checkpoint what it gave is written, flushed (or delivered) and only then are the
// offsets committed: at-least-once, never ahead of the output.
void read_kafka(const Options& o, Writer& writer, RunStats& stats, Progress& progress) {
    KafkaSource source(o.kafka);
    Converter converter(o, writer.kafka_tables());
    bool dirty = false;
    auto checkpoint = [&](bool final) {
        if (!dirty && !final) return;
        writer.write(converter.take());
        bool in_transaction = writer.deliver(final, &source);
        if (in_transaction) source.forget_pending();
        else source.commit_pending(final);
        dirty = false;
    };
    // A rebalance takes partitions away: write and commit first, so the next owner of a
    // partition starts after our last written row.
    source.set_before_revoke([&] { checkpoint(false); });
    source.start();
    auto interval = std::chrono::milliseconds(o.commit_interval_ms);
    auto next_checkpoint = std::chrono::steady_clock::now() + interval;
    KafkaMessage m;
    while (!input_stop_requested()) {
        KafkaSource::Poll p = source.poll(m, 100);
        if (p == KafkaSource::Poll::finished) break;
        if (p == KafkaSource::Poll::message) {
            converter.convert_all(m.data, m.size, Origin{"", &m});
            ++stats.kafka_messages;
            stats.bytes_in += m.size;
            source.done(m);
            source.release(m);
            dirty = true;
            if (converter.holds_much()) writer.write(converter.take());
        }
        if (progress.enabled()) progress.update(stats.bytes_in, stats.rows_written, source.lag());
        if (std::chrono::steady_clock::now() >= next_checkpoint) {
            checkpoint(false);
            next_checkpoint = std::chrono::steady_clock::now() + interval;
        }
    }
    checkpoint(true);
    source.close();
}

unsigned thread_count(const Options& o) {
    if (o.transforms.dedup_window > 0) return 1;  // the window is one sequence of rows, in input order
    if (o.threads > 0) return o.threads;
    unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : n;
}

int run_pipeline(const Options& o, Schema& schema, RunStats& stats) {
    auto t0 = std::chrono::steady_clock::now();
    Writer writer(o, schema, stats);
    int exit_code = kExitOk;
    if (!writer.open(exit_code)) return exit_code;
    uint64_t total = 0;  // for "of N MB": the files' sizes (compressed, as bytes_in counts)
    for (const std::string& path : o.inputs) {
        struct stat st {};
        if (path != "-" && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) total += static_cast<uint64_t>(st.st_size);
    }
    Progress progress(o.quiet, o.kafka_input() ? 0 : total);
    writer.set_progress(&progress);
    if (o.kafka_input()) {
        stats.kafka_in = true;
        read_kafka(o, writer, stats, progress);
    } else {
        convert_files(o, writer.kafka_tables(), thread_count(o), [&](ConvertedRows&& rows) { writer.write(std::move(rows)); });
    }
    writer.finish();
    writer.deliver(true, nullptr);
    progress.clear();
    if (stats.times_clamped > 0 && !o.quiet)
        std::fprintf(stderr,
                     "otelflat: note: %" PRIu64 " times were beyond what their column type holds and were "
                     "clamped to its last instant (counted as times_clamped)\n",
                     stats.times_clamped);
    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (o.stats) o.stats_json ? stats.print_json(stderr) : stats.print(stderr);
    if (writer.input_failed()) return kExitIo;
    if (stats.documents_rejected > o.max_errors) return kExitRejected;
    if (stats.rows_unrouted > 0 && o.table.empty()) return kExitRejected;
    return kExitOk;
}

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
    std::unique_ptr<Schema> schema;
    try {
        std::vector<std::unique_ptr<RowStage>> stages;  // built here only to check the --where types
        std::vector<std::string> notes;
        schema = make_run_schema(options, &stages, notes);
        if (!options.quiet && !options.print_ddl)
            for (const std::string& n : notes) std::fprintf(stderr, "otelflat: note: %s\n", n.c_str());
    } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "otelflat: %s\n", e.what());
        return kExitUsage;
    } catch (const ExpressionError& e) {
        const auto& where = options.transforms.where;
        std::fputs(describe_expression_error("--where", e.expression < where.size() ? where[e.expression]->text() : "", e).c_str(),
                   stderr);
        return kExitUsage;
    }
    if (options.print_ddl) return print_ddl(options, *schema);
    // A closed stdout must surface as EPIPE from write(), not kill the process.
    ::signal(SIGPIPE, SIG_IGN);
    install_stop_handlers();
    RunStats stats;
    try {
        return run_pipeline(options, *schema, stats);
    } catch (const KafkaError& e) {
        std::fprintf(stderr, "otelflat: kafka: %s\n", e.what());
        return kExitKafka;
    } catch (const BrokenPipe&) {
        if (options.stats) options.stats_json ? stats.print_json(stderr) : stats.print(stderr);
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
