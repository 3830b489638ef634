#include "sink/kafka_sink.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>

namespace otelflat {
namespace {

// What librdkafka adds to a payload (headers, key, record framing) when it checks
// message.max.bytes: a generous bound.
constexpr size_t kMessageOverhead = 512;

// Runs a transactional call, retrying what librdkafka calls retriable. Returns nullptr or the
// error (owned by the caller) that is not retriable.
template <typename Call>
rd_kafka_error_t* with_retries(Call call, int timeout_ms) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
        rd_kafka_error_t* error = call();
        if (!error || !rd_kafka_error_is_retriable(error) || std::chrono::steady_clock::now() >= deadline) return error;
        rd_kafka_error_destroy(error);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

std::string take_message(rd_kafka_error_t* error) {
    std::string s = rd_kafka_error_string(error);
    rd_kafka_error_destroy(error);
    return s;
}

}  // namespace

KafkaProducer::KafkaProducer(const KafkaClientOptions& options, const std::string& transactional_id,
                             const std::string& compression, int timeout_ms)
    : timeout_ms_(timeout_ms), transactional_(!transactional_id.empty()) {
    std::vector<std::pair<std::string, std::string>> defaults = {
        {"client.id", "otelflat"},
        {"enable.idempotence", "true"},  // no duplicates or reordering from retries
        {"linger.ms", "50"},
        {"partitioner", "fnv1a"},  // keyed rows land where the collector's exporter puts them
    };
    if (!compression.empty()) defaults.emplace_back("compression.type", compression);
    if (transactional_) defaults.emplace_back("transactional.id", transactional_id);
    rd_kafka_conf_t* conf = make_kafka_conf(options, "producer", defaults);
    rd_kafka_conf_set_dr_msg_cb(conf, delivery_cb);
    rd_kafka_conf_set_opaque(conf, this);
    std::string max = conf_value(conf, "message.max.bytes");
    if (!max.empty()) max_message_bytes_ = std::stoull(max);
    char err[512];
    rk_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (!rk_) {
        rd_kafka_conf_destroy(conf);
        throw KafkaError(std::string("cannot create the producer: ") + err);
    }
}

KafkaProducer::~KafkaProducer() {
    for (rd_kafka_topic_t* t : topics_) rd_kafka_topic_destroy(t);
    if (rk_) rd_kafka_destroy(rk_);
}

void KafkaProducer::delivery_cb(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque) {
    auto* self = static_cast<KafkaProducer*>(opaque);
    if (msg->err) {
        if (self->failed_++ == 0)
            self->first_failure_ = std::string(rd_kafka_topic_name(msg->rkt)) + ": " + rd_kafka_err2str(msg->err);
    } else {
        ++self->delivered_;
    }
}

void KafkaProducer::start(const std::vector<std::string>& topics) {
    for (const std::string& name : topics) {
        rd_kafka_topic_t* rkt = topic(name);
        const rd_kafka_metadata_t* md = nullptr;
        rd_kafka_resp_err_t e = rd_kafka_metadata(rk_, 0, rkt, &md, timeout_ms_);
        if (e) throw KafkaError(std::string("cannot reach the output brokers within the timeout: ") + rd_kafka_err2str(e));
        rd_kafka_metadata_destroy(md);
    }
    if (!transactional_) return;
    rd_kafka_error_t* error = rd_kafka_init_transactions(rk_, timeout_ms_);
    if (error) throw KafkaError("initialising transactions failed: " + take_message(error));
}

rd_kafka_topic_t* KafkaProducer::topic(const std::string& name) {
    for (rd_kafka_topic_t* t : topics_)
        if (name == rd_kafka_topic_name(t)) return t;
    topics_.push_back(rd_kafka_topic_new(rk_, name.c_str(), nullptr));
    return topics_.back();
}

void KafkaProducer::produce(rd_kafka_topic_t* topic, std::string_view key, const char* data, size_t size) {
    if (transactional_ && !in_transaction_) begin_transaction();
    for (;;) {
        int r = rd_kafka_produce(topic, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY, const_cast<char*>(data), size,
                                 key.empty() ? nullptr : key.data(), key.size(), nullptr);
        if (r == 0) break;
        rd_kafka_resp_err_t e = rd_kafka_last_error();
        if (e == RD_KAFKA_RESP_ERR__STATE && transactional_) {
            // The transaction failed (a delivery error) and takes no more messages: it is
            // aborted at the checkpoint and the input read again from the last one.
            abort_needed_ = true;
            return;
        }
        if (e != RD_KAFKA_RESP_ERR__QUEUE_FULL)
            throw KafkaError(std::string(rd_kafka_topic_name(topic)) + ": cannot produce: " + rd_kafka_err2str(e));
        rd_kafka_poll(rk_, 100);  // backpressure: let deliveries drain the queue
    }
    rd_kafka_poll(rk_, 0);
}

void KafkaProducer::flush() {
    rd_kafka_resp_err_t e = rd_kafka_flush(rk_, timeout_ms_);
    if (failed_ > 0)
        throw KafkaError(std::to_string(failed_) + " message(s) could not be delivered, first: " + first_failure_);
    if (e)
        throw KafkaError(std::to_string(rd_kafka_outq_len(rk_)) + " message(s) still undelivered after the timeout (" +
                         rd_kafka_err2str(e) + ")");
}

// Transactions begin with their first message (or offsets), so a quiet interval and the end
// of the run leave none open.
void KafkaProducer::begin_transaction() {
    rd_kafka_error_t* error = rd_kafka_begin_transaction(rk_);
    if (error) throw KafkaError("beginning a transaction failed: " + take_message(error));
    in_transaction_ = true;
}

bool KafkaProducer::commit_transaction(rd_kafka_topic_partition_list_t* offsets, rd_kafka_consumer_group_metadata_t* group) {
    bool send_offsets = offsets && offsets->cnt > 0 && group;
    if (abort_needed_) {
        abort_needed_ = false;
        std::fprintf(stderr, "otelflat: kafka: transaction aborted (it refused messages); its input is read again\n");
        abort_transaction();
        in_transaction_ = false;
        failed_ = 0;
        return false;
    }
    if (!in_transaction_ && !send_offsets) return true;
    if (!in_transaction_) begin_transaction();
    rd_kafka_error_t* error = nullptr;
    if (send_offsets)
        error = with_retries([&] { return rd_kafka_send_offsets_to_transaction(rk_, offsets, group, timeout_ms_); }, timeout_ms_);
    if (!error) error = with_retries([&] { return rd_kafka_commit_transaction(rk_, timeout_ms_); }, timeout_ms_);
    in_transaction_ = false;
    if (!error) return true;
    if (rd_kafka_error_txn_requires_abort(error)) {
        std::fprintf(stderr, "otelflat: kafka: transaction aborted (%s); its input is read again\n", rd_kafka_error_string(error));
        rd_kafka_error_destroy(error);
        abort_transaction();
        failed_ = 0;  // the aborted messages are discarded by read_committed consumers
        return false;
    }
    throw KafkaError("committing the transaction failed: " + take_message(error));
}

void KafkaProducer::abort_transaction() {
    rd_kafka_error_t* error = with_retries([&] { return rd_kafka_abort_transaction(rk_, timeout_ms_); }, timeout_ms_);
    if (error) throw KafkaError("aborting the transaction failed: " + take_message(error));
}

KafkaTableSink::KafkaTableSink(KafkaProducer& producer, const std::string& topic, const TableSpec& spec,
                               OutputFormat format, size_t rows_per_message)
    : producer_(producer), topic_(producer.topic(topic)), topic_name_(topic), format_(format),
      rows_per_message_(rows_per_message) {
    if (!spec.message_key) return;
    for (size_t i = 0; i < spec.columns.size(); ++i)
        if (spec.columns[i].name == std::string_view(spec.message_key)) key_column_ = static_cast<int>(i);
}

std::string_view KafkaTableSink::key(const Block& block, size_t row) const {
    return key_column_ < 0 ? std::string_view() : block.columns[key_column_].strings.at(row);
}

void KafkaTableSink::write(const Block& block, size_t begin, size_t end, Encoder& encoder) {
    if (format_ == OutputFormat::native) {
        write_native(block, begin, end, encoder);
        return;
    }
    // Encoded once for the slice; JSONEachRow rows are single lines (newlines inside strings
    // are escaped), so messages are cut at line ends: N rows, or fewer when N would not fit
    // message.max.bytes (a single row too large is refused by librdkafka, reported as such).
    scratch_.buffer().clear();
    encoder.write(block, begin, end, scratch_);
    std::string_view bytes = scratch_.buffer().view();
    size_t limit = producer_.max_message_bytes() > kMessageOverhead ? producer_.max_message_bytes() - kMessageOverhead : 1;
    size_t pos = 0;
    for (size_t row = begin; row < end;) {
        size_t stop = bytes.find('\n', pos) + 1;
        size_t first = row++;
        while (row < end && row - first < rows_per_message_) {
            size_t next = bytes.find('\n', stop) + 1;
            if (next - pos - 1 + key(block, first).size() > limit) break;
            stop = next;
            ++row;
        }
        // Rows are separated by newlines inside a message; the last needs none (kcat and the
        // Kafka engine delimit messages themselves).
        producer_.produce(topic_, key(block, first), bytes.data() + pos, stop - pos - 1);
        pos = stop;
    }
}

void KafkaTableSink::write_native(const Block& block, size_t begin, size_t end, Encoder& encoder) {
    scratch_.buffer().clear();
    encoder.write(block, begin, end, scratch_);
    std::string_view bytes = scratch_.buffer().view();
    // A block too large for one message is halved until it fits (one huge row is sent as is
    // and the broker's refusal is reported by flush()).
    if (bytes.size() + kMessageOverhead > producer_.max_message_bytes() && end - begin > 1) {
        size_t mid = begin + (end - begin) / 2;
        write_native(block, begin, mid, encoder);
        write_native(block, mid, end, encoder);
        return;
    }
    producer_.produce(topic_, std::string_view(), bytes.data(), bytes.size());
}

}  // namespace otelflat
