#pragma once
// Where each table's rows go, in input order: stdout, --out files, Kafka topics, or nowhere
// (counted as unrouted). Takes what Converters give (ConvertedRows) one after the other, so
// the choice of stdout's default table and every byte written do not depend on how many
// threads converted them.
#include <memory>
#include <string>
#include <vector>

#include "cli/converter.h"
#include "cli/options.h"
#include "cli/progress.h"
#include "cli/stats.h"
#include "sink/kafka_sink.h"
#include "sink/output.h"

namespace otelflat {

class KafkaSource;

class Writer {
public:
    Writer(const Options& options, Schema& schema, RunStats& stats);

    // Opens --out files and Kafka outputs; false (after a message, exit_code set) on failure.
    // Throws KafkaError when Kafka output cannot start.
    bool open(int& exit_code);

    // Which tables may be written to Kafka (their Converters keep blocks, not bytes).
    std::vector<bool> kafka_tables() const;

    // Prints the diagnostics, adds the counters, and writes or counts every table's rows.
    void write(ConvertedRows&& rows);

    // End of input: a default destination for empty input, the format's end of stream.
    void finish();

    // Flushes every output; for Kafka waits for the delivery reports or commits the
    // transaction (with the group's offsets from `source` inside it). Returns true when the
    // offsets were committed inside a transaction. Throws BrokenPipe, OutputError, KafkaError.
    bool deliver(bool final, KafkaSource* source);

    bool input_failed() const { return input_failed_; }
    void set_progress(Progress* p) { progress_ = p; }

private:
    struct Route {
        TableBuilder* table = nullptr;  // its block serves as the header (empty)
        FdOutput* output = nullptr;
        std::unique_ptr<KafkaTableSink> kafka;
        std::unique_ptr<Encoder> encoder;  // the Kafka sink's, and the end of stream's
        uint64_t rows_written = 0;
        bool noted_unrouted = false;
        bool routed() const { return output || kafka; }
    };

    Route* route(const std::string& name);
    void claim_default(Route& r);

    const Options& o_;
    Schema& schema_;
    RunStats& stats_;
    FdOutput stdout_;
    std::vector<std::unique_ptr<FdOutput>> files_;
    std::vector<Route> routes_;
    std::unique_ptr<KafkaProducer> producer_;
    std::vector<std::string> once_seen_;  // texts of `once` diagnostics already printed
    std::unique_ptr<FdOutput> dead_letter_file_;
    rd_kafka_topic_t* dead_letter_topic_ = nullptr;
    bool default_claimed_ = false;
    bool input_failed_ = false;
    Progress* progress_ = nullptr;
};

}  // namespace otelflat
