#pragma once
// Messages from Kafka topics, with the offset bookkeeping of at-least-once delivery: an offset
// is committed only after the caller says every row of its message was written (done(), then
// commit_pending() after the outputs were flushed). Follows kcat's model: without a group the
// partitions are assigned directly (replays); with -G the group balances them.
#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kafka/client_config.h"
#include "source/kafka_offsets.h"

namespace otelflat {

struct KafkaSourceOptions {
    KafkaClientOptions client;
    std::vector<std::string> topics;  // -t
    int32_t partition = -1;           // -p (without -G); -1 = every partition
    std::string group;                // -G
    OffsetSpec offsets;               // -o
    bool exit_at_end = false;         // -e: stop at each partition's high watermark taken at assignment
    int64_t max_messages = -1;        // -c
    int timeout_ms = 30000;           // --kafka-timeout: reaching brokers, metadata, commits
};

// One consumed message. The payload stays valid until KafkaSource::release.
struct KafkaMessage {
    rd_kafka_message_t* raw = nullptr;
    const char* topic = "";
    int32_t partition = 0;
    int64_t offset = 0;
    const char* data = nullptr;
    size_t size = 0;
};

class KafkaSource {
public:
    explicit KafkaSource(KafkaSourceOptions options);
    ~KafkaSource();
    KafkaSource(const KafkaSource&) = delete;
    KafkaSource& operator=(const KafkaSource&) = delete;

    // Connects (within the timeout) and assigns or subscribes. Throws KafkaError.
    void start();

    enum class Poll { message, idle, finished };
    // Waits up to wait_ms. `message`: m holds a message to convert, then done(m), release(m).
    Poll poll(KafkaMessage& m, int wait_ms);
    void release(KafkaMessage& m);
    // Every row of m has been handed to the outputs: m's offset + 1 may be committed once they
    // are flushed.
    void done(const KafkaMessage& m);

    bool has_pending() const;
    // Commits what done() marked, synchronously. With `must`, retries until the timeout and
    // then throws KafkaError; otherwise returns false and keeps the offsets for the next try.
    bool commit_pending(bool must);
    // For a transactional sink: the offsets to send inside the transaction (caller destroys
    // the list), the group's metadata, and forgetting them once the transaction committed.
    rd_kafka_topic_partition_list_t* pending_list() const;
    rd_kafka_consumer_group_metadata_t* group_metadata() const;
    void forget_pending();
    // After an aborted transaction: seeks every assigned partition back to where the last
    // checkpoint left it, so its messages are converted and written again.
    void rewind_to_committed();

    // Called when the group takes partitions away, before they go: the caller writes and
    // commits what it holds, so the next owner starts where this one stopped.
    void set_before_revoke(std::function<void()> f) { before_revoke_ = std::move(f); }

    // Leaves the group; commits nothing.
    void close();

    uint64_t messages() const { return messages_; }
    // Messages between where this consumer is and the partitions' ends, from the watermarks
    // librdkafka last saw (no request): the progress line's lag.
    int64_t lag() const;
    bool grouped() const { return !options_.group.empty(); }

private:
    struct PartitionState {
        int64_t high = -1;     // high watermark at assignment (-e)
        int64_t pending = -1;  // offset to commit (last done + 1), -1 = nothing new
        bool done = false;     // reached its stop: no more messages wanted
        int64_t skip_before_ms = -1;  // s@ read from the beginning: skip messages before this time
        int64_t first_seen = -1;      // offset of the first message of this assignment
        int64_t next = -1;            // offset after the last message handed out
        int64_t checkpointed = -1;    // offset after the last message written and committed
    };
    using Key = std::pair<std::string, int32_t>;

    static void rebalance_cb(rd_kafka_t* rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* parts,
                             void* opaque);
    void on_assign(rd_kafka_topic_partition_list_t* parts);
    void on_revoke(rd_kafka_topic_partition_list_t* parts);
    void set_start_offsets(rd_kafka_topic_partition_list_t* parts);
    void add_states(const rd_kafka_topic_partition_list_t* parts);
    PartitionState* find(const char* topic, int32_t partition);
    void mark_done(const char* topic, int32_t partition, PartitionState& s);
    bool finished() const;
    bool cooperative() const;

    KafkaSourceOptions options_;
    rd_kafka_t* rk_ = nullptr;
    std::map<Key, PartitionState> states_;
    bool assigned_once_ = false;
    bool assignment_pending_ = false;  // revoked; the next assignment has not come yet
    bool count_reached_ = false;
    uint64_t messages_ = 0;
    uint64_t messages_checkpointed_ = 0;  // messages_ at the last checkpoint (-c after a rewind)
    std::function<void()> before_revoke_;
    std::exception_ptr callback_error_;  // thrown inside a rebalance callback
    // The partition of the last message: consecutive messages mostly share it.
    const char* last_topic_ = nullptr;
    int32_t last_partition_ = -1;
    PartitionState* last_state_ = nullptr;
};

}  // namespace otelflat
