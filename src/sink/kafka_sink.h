#pragma once
// Rows out to Kafka. One idempotent producer serves every table's topic; a table's rows go out
// as JSONEachRow messages (N rows each, keyed by trace id for spans and fingerprint otherwise)
// or one Native block per message, each small enough for message.max.bytes. Nothing counts as
// written until flush() has seen every delivery report succeed.
#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "encode/encoder.h"
#include "kafka/client_config.h"
#include "schema/block.h"
#include "schema/table.h"

namespace otelflat {

class KafkaProducer {
public:
    // transactional_id: "" for none. compression: librdkafka's compression.type ("" = default).
    KafkaProducer(const KafkaClientOptions& options, const std::string& transactional_id,
                  const std::string& compression, int timeout_ms);
    ~KafkaProducer();
    KafkaProducer(const KafkaProducer&) = delete;
    KafkaProducer& operator=(const KafkaProducer&) = delete;

    // Reaches the brokers (and with a transactional id, initialises transactions). Throws
    // KafkaError.
    void start(const std::vector<std::string>& topics);

    // Queues one message; waits for room when the local queue is full.
    void produce(rd_kafka_topic_t* topic, std::string_view key, const char* data, size_t size);
    rd_kafka_topic_t* topic(const std::string& name);
    size_t max_message_bytes() const { return max_message_bytes_; }

    // Waits for every queued message's delivery report. Throws KafkaError if any failed or
    // some are still undelivered after the timeout.
    void flush();

    bool transactional() const { return transactional_; }
    // Commits the open transaction with the consumer's offsets inside it (offsets may be
    // null); the next message begins the next one. Returns false when it had to be aborted
    // (its messages are discarded, the caller rewinds its input); throws on fatal errors.
    bool commit_transaction(rd_kafka_topic_partition_list_t* offsets, rd_kafka_consumer_group_metadata_t* group);
    void abort_transaction();

    uint64_t messages_delivered() const { return delivered_; }

private:
    static void delivery_cb(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque);
    void begin_transaction();

    rd_kafka_t* rk_ = nullptr;
    std::vector<rd_kafka_topic_t*> topics_;
    size_t max_message_bytes_ = 1000000;
    int timeout_ms_;
    bool transactional_ = false;
    bool in_transaction_ = false;
    bool abort_needed_ = false;  // the open transaction refused a message
    uint64_t delivered_ = 0;
    uint64_t failed_ = 0;
    std::string first_failure_;
};

// One table's destination topic.
class KafkaTableSink {
public:
    KafkaTableSink(KafkaProducer& producer, const std::string& topic, const TableSpec& spec, OutputFormat format,
                   size_t rows_per_message);
    // Encodes rows [begin, end) and queues them as messages.
    void write(const Block& block, size_t begin, size_t end, Encoder& encoder);
    const std::string& topic_name() const { return topic_name_; }

private:
    void write_native(const Block& block, size_t begin, size_t end, Encoder& encoder);
    std::string_view key(const Block& block, size_t row) const;

    KafkaProducer& producer_;
    rd_kafka_topic_t* topic_;
    std::string topic_name_;
    OutputFormat format_;
    size_t rows_per_message_;
    int key_column_ = -1;  // the spec's message_key column, or none
    StringOutput scratch_;
};

}  // namespace otelflat
