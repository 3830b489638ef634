#include "source/kafka_source.h"

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <thread>

namespace otelflat {
namespace {

std::string where(const char* topic, int32_t partition) {
    return std::string(topic) + " [" + std::to_string(partition) + "]";
}

std::string seconds_text(int ms) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g s", ms / 1000.0);
    return buf;
}

// Owns a partition list (a new one, or one a librdkafka call returned).
struct PartitionList {
    rd_kafka_topic_partition_list_t* list;
    explicit PartitionList(int size = 8) : list(rd_kafka_topic_partition_list_new(size)) {}
    explicit PartitionList(rd_kafka_topic_partition_list_t* owned) : list(owned) {}
    ~PartitionList() { rd_kafka_topic_partition_list_destroy(list); }
    PartitionList(const PartitionList&) = delete;
    PartitionList& operator=(const PartitionList&) = delete;
};

}  // namespace

KafkaSource::KafkaSource(KafkaSourceOptions options) : options_(std::move(options)) {}

KafkaSource::~KafkaSource() {
    before_revoke_ = nullptr;  // nothing may be written from a destructor (a broken pipe, an error)
    if (rk_) rd_kafka_destroy(rk_);
}

bool KafkaSource::cooperative() const { return std::strcmp(rd_kafka_rebalance_protocol(rk_), "COOPERATIVE") == 0; }

void KafkaSource::start() {
    // Offsets are stored and committed by hand, after the output was flushed: never ahead of it.
    std::vector<std::pair<std::string, std::string>> defaults = {
        {"client.id", "otelflat"},
        {"enable.auto.commit", "false"},
        {"enable.auto.offset.store", "false"},
        {"enable.partition.eof", "true"},
        {"auto.offset.reset", "earliest"},  // a group's first run reads what is there
        {"queued.max.messages.kbytes", "262144"},
        {"fetch.wait.max.ms", "100"},
    };
    // librdkafka's assign() needs a group id even for a plain replay; without -G nothing joins
    // that group or commits to it.
    defaults.emplace_back("group.id", grouped() ? options_.group : "otelflat-replay");
    rd_kafka_conf_t* conf = make_kafka_conf(options_.client, "consumer", defaults);
    if (grouped()) {
        rd_kafka_conf_set_rebalance_cb(conf, rebalance_cb);
        rd_kafka_conf_set_opaque(conf, this);
    }
    char err[512];
    rk_ = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
    if (!rk_) {
        rd_kafka_conf_destroy(conf);
        throw KafkaError(std::string("cannot create the consumer: ") + err);
    }
    rd_kafka_poll_set_consumer(rk_);  // errors and rebalances arrive through consumer_poll

    // Reaching the brokers within the timeout, and every topic existing, are checked up
    // front: a cron job must fail clearly, not hang.
    // All topics are asked for: naming one in the request would let brokers that auto-create
    // topics create it, and a typo would then wait forever on an empty topic.
    const rd_kafka_metadata_t* md = nullptr;
    rd_kafka_resp_err_t e = rd_kafka_metadata(rk_, 1, nullptr, &md, options_.timeout_ms);
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR)
        throw KafkaError("cannot reach the brokers (" + options_.client.brokers + ") within " +
                         seconds_text(options_.timeout_ms) + ": " + rd_kafka_err2str(e) +
                         " (--kafka-timeout sets the limit)");
    std::vector<int> partition_counts;
    std::string missing;
    for (const std::string& topic : options_.topics) {
        int count = -1;
        for (int i = 0; i < md->topic_cnt; ++i)
            if (topic == md->topics[i].topic && md->topics[i].err == RD_KAFKA_RESP_ERR_NO_ERROR)
                count = md->topics[i].partition_cnt;
        if (count <= 0) missing += (missing.empty() ? "" : ", ") + topic;
        if (options_.partition >= count && count > 0) {
            rd_kafka_metadata_destroy(md);
            throw KafkaError("topic " + topic + " has " + std::to_string(count) + " partitions; -p " +
                             std::to_string(options_.partition) + " does not exist");
        }
        partition_counts.push_back(count);
    }
    rd_kafka_metadata_destroy(md);
    if (!missing.empty()) throw KafkaError("topic " + missing + ": no such topic on " + options_.client.brokers);

    if (grouped()) {
        PartitionList topics;
        for (const std::string& t : options_.topics) rd_kafka_topic_partition_list_add(topics.list, t.c_str(), RD_KAFKA_PARTITION_UA);
        rd_kafka_resp_err_t e = rd_kafka_subscribe(rk_, topics.list);
        if (e) throw KafkaError(std::string("cannot subscribe: ") + rd_kafka_err2str(e));
        return;
    }
    PartitionList parts;
    for (size_t i = 0; i < options_.topics.size(); ++i) {
        for (int p = 0; p < partition_counts[i]; ++p)
            if (options_.partition < 0 || options_.partition == p)
                rd_kafka_topic_partition_list_add(parts.list, options_.topics[i].c_str(), p);
    }
    on_assign(parts.list);
}

void KafkaSource::rebalance_cb(rd_kafka_t*, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* parts,
                               void* opaque) {
    auto* self = static_cast<KafkaSource*>(opaque);
    // Exceptions must not unwind through librdkafka's C frames: kept, rethrown by poll().
    try {
        if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) self->on_assign(parts);
        else self->on_revoke(parts);
    } catch (...) {
        if (!self->callback_error_) self->callback_error_ = std::current_exception();
        if (err != RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) rd_kafka_assign(self->rk_, nullptr);
    }
}

// Start offsets follow -o (kcat: given with -G, it applies at every assignment); -e takes
// each partition's high watermark now, so a replay ends where the topic ended when it began.
void KafkaSource::set_start_offsets(rd_kafka_topic_partition_list_t* parts) {
    StartOffset start = options_.offsets.start.value_or(
        StartOffset{grouped() ? StartOffset::stored : StartOffset::beginning, 0});
    for (int i = 0; i < parts->cnt; ++i) {
        rd_kafka_topic_partition_t& p = parts->elems[i];
        switch (start.kind) {
            case StartOffset::beginning: p.offset = RD_KAFKA_OFFSET_BEGINNING; break;
            case StartOffset::end: p.offset = RD_KAFKA_OFFSET_END; break;
            case StartOffset::stored: p.offset = grouped() ? RD_KAFKA_OFFSET_INVALID : RD_KAFKA_OFFSET_STORED; break;
            case StartOffset::absolute: p.offset = start.value; break;
            case StartOffset::tail: p.offset = RD_KAFKA_OFFSET_TAIL(start.value); break;
            case StartOffset::timestamp: p.offset = start.value; break;
        }
    }
    if (start.kind == StartOffset::timestamp && parts->cnt > 0) {
        rd_kafka_resp_err_t e = rd_kafka_offsets_for_times(rk_, parts, options_.timeout_ms);
        if (e) throw KafkaError(std::string("s@: looking up offsets for the timestamp failed: ") + rd_kafka_err2str(e));
        // -1: the broker knows no message at or after the time, or cannot look times up (some
        // do not, librdkafka's mock cluster among them). Both are handled by reading from the
        // beginning and skipping, in poll(), every message before the first one at or after T.
        for (int i = 0; i < parts->cnt; ++i)
            if (parts->elems[i].offset < 0) parts->elems[i].offset = RD_KAFKA_OFFSET_BEGINNING;
    }
}

void KafkaSource::add_states(const rd_kafka_topic_partition_list_t* parts) {
    const std::optional<StartOffset>& start = options_.offsets.start;
    // -e: the end offsets of all partitions in one ListOffsets round per broker ("latest" is
    // timestamp -1 in that request); asking partition by partition costs a round trip each.
    PartitionList ends(parts->cnt);
    if (options_.exit_at_end && parts->cnt > 0) {
        for (int i = 0; i < parts->cnt; ++i)
            rd_kafka_topic_partition_list_add(ends.list, parts->elems[i].topic, parts->elems[i].partition)->offset =
                RD_KAFKA_OFFSET_END;
        rd_kafka_resp_err_t e = rd_kafka_offsets_for_times(rk_, ends.list, options_.timeout_ms);
        if (e) throw KafkaError(std::string("-e: reading the partitions' end offsets failed: ") + rd_kafka_err2str(e));
    }
    for (int i = 0; i < parts->cnt; ++i) {
        const rd_kafka_topic_partition_t& p = parts->elems[i];
        PartitionState s;
        if (start && start->kind == StartOffset::timestamp && p.offset == RD_KAFKA_OFFSET_BEGINNING)
            s.skip_before_ms = start->value;
        if (options_.exit_at_end) {
            const rd_kafka_topic_partition_t& end = ends.list->elems[i];
            if (end.err) throw KafkaError("-e: reading the end offset of " + where(p.topic, p.partition) + " failed: " + rd_kafka_err2str(end.err));
            s.high = end.offset;
        }
        states_[Key(p.topic, p.partition)] = s;
    }
    last_state_ = nullptr;
}

void KafkaSource::on_assign(rd_kafka_topic_partition_list_t* parts) {
    set_start_offsets(parts);
    add_states(parts);
    rd_kafka_resp_err_t e = RD_KAFKA_RESP_ERR_NO_ERROR;
    if (grouped() && cooperative()) {
        rd_kafka_error_t* error = rd_kafka_incremental_assign(rk_, parts);
        if (error) {
            std::string why = rd_kafka_error_string(error);
            rd_kafka_error_destroy(error);
            throw KafkaError("assigning partitions failed: " + why);
        }
    } else {
        e = rd_kafka_assign(rk_, parts);
    }
    if (e) throw KafkaError(std::string("assigning partitions failed: ") + rd_kafka_err2str(e));
    // A partition paused at its end (mark_done) stays paused through a rebalance in
    // librdkafka, and its fresh state here would wait for an end it never fetches (-e hung).
    rd_kafka_resume_partitions(rk_, parts);
    assigned_once_ = true;
    assignment_pending_ = false;
    if (options_.client.verbosity >= 2)
        for (int i = 0; i < parts->cnt; ++i)
            std::fprintf(stderr, "otelflat: %% assigned %s\n", where(parts->elems[i].topic, parts->elems[i].partition).c_str());
}

void KafkaSource::on_revoke(rd_kafka_topic_partition_list_t* parts) {
    // Write and commit before the partitions go, so their next owner does not repeat our rows.
    if (before_revoke_) before_revoke_();
    for (int i = 0; i < parts->cnt; ++i) states_.erase(Key(parts->elems[i].topic, parts->elems[i].partition));
    last_state_ = nullptr;
    if (cooperative()) {
        rd_kafka_error_t* error = rd_kafka_incremental_unassign(rk_, parts);
        if (error) rd_kafka_error_destroy(error);
    } else {
        rd_kafka_assign(rk_, nullptr);
        states_.clear();
        assignment_pending_ = true;  // the eager protocol assigns again after every revoke
    }
    if (options_.client.verbosity >= 2)
        for (int i = 0; i < parts->cnt; ++i)
            std::fprintf(stderr, "otelflat: %% revoked %s\n", where(parts->elems[i].topic, parts->elems[i].partition).c_str());
}

KafkaSource::PartitionState* KafkaSource::find(const char* topic, int32_t partition) {
    if (last_state_ && partition == last_partition_ && std::strcmp(topic, last_topic_) == 0) return last_state_;
    auto it = states_.find(Key(topic, partition));
    if (it == states_.end()) return nullptr;
    last_topic_ = it->first.first.c_str();
    last_partition_ = partition;
    last_state_ = &it->second;
    return last_state_;
}

void KafkaSource::mark_done(const char* topic, int32_t partition, PartitionState& s) {
    if (s.done) return;
    s.done = true;
    PartitionList one(1);
    rd_kafka_topic_partition_list_add(one.list, topic, partition);
    rd_kafka_pause_partitions(rk_, one.list);
    if (options_.client.verbosity >= 2)
        std::fprintf(stderr, "otelflat: %% reached the end of %s\n", where(topic, partition).c_str());
}

bool KafkaSource::finished() const {
    if (count_reached_) return true;
    if (!options_.exit_at_end && !options_.offsets.end_timestamp_ms) return false;
    if (!assigned_once_ || assignment_pending_) return false;
    for (const auto& [key, s] : states_)
        if (!s.done) return false;
    return true;
}

KafkaSource::Poll KafkaSource::poll(KafkaMessage& m, int wait_ms) {
    if (finished()) return Poll::finished;
    rd_kafka_message_t* msg = rd_kafka_consumer_poll(rk_, wait_ms);
    if (callback_error_) {
        if (msg) rd_kafka_message_destroy(msg);
        std::exception_ptr e = callback_error_;
        callback_error_ = nullptr;
        std::rethrow_exception(e);
    }
    if (!msg) return finished() ? Poll::finished : Poll::idle;
    const char* topic = msg->rkt ? rd_kafka_topic_name(msg->rkt) : "";
    if (msg->err) {
        rd_kafka_resp_err_t err = msg->err;
        if (err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            PartitionState* s = find(topic, msg->partition);
            if (s && options_.exit_at_end && msg->offset >= s->high) mark_done(topic, msg->partition, *s);
            rd_kafka_message_destroy(msg);
            return finished() ? Poll::finished : Poll::idle;
        }
        std::string why = rd_kafka_message_errstr(msg);
        rd_kafka_message_destroy(msg);
        char fatal[256];
        if (err == RD_KAFKA_RESP_ERR__FATAL && rd_kafka_fatal_error(rk_, fatal, sizeof fatal))
            throw KafkaError(std::string("consumer failed: ") + fatal);
        if (err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART || err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED ||
            err == RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED)
            throw KafkaError(std::string(*topic ? topic : "consumer") + ": " + why);
        // Transient (a broker went away, a leader moved): librdkafka retries by itself.
        if (options_.client.verbosity >= 1)
            std::fprintf(stderr, "otelflat: kafka: %s%s (retrying)\n", *topic ? (std::string(topic) + ": ").c_str() : "", why.c_str());
        return Poll::idle;
    }
    PartitionState* s = find(topic, msg->partition);
    bool past_end = s && options_.exit_at_end && msg->offset >= s->high;
    rd_kafka_timestamp_type_t ts_type;
    int64_t ts = rd_kafka_message_timestamp(msg, &ts_type);
    bool past_time = options_.offsets.end_timestamp_ms && ts >= 0 && ts >= *options_.offsets.end_timestamp_ms;
    bool before_start = s && s->skip_before_ms >= 0 && ts >= 0 && ts < s->skip_before_ms;
    if (s && !before_start) s->skip_before_ms = -1;  // from the first message at or after T on, all count
    if (!s || s->done || past_end || past_time || before_start) {
        // Not ours any more, or beyond where this run stops: left for the next run.
        if (s && (past_end || past_time)) mark_done(topic, msg->partition, *s);
        rd_kafka_message_destroy(msg);
        return finished() ? Poll::finished : Poll::idle;
    }
    if (options_.exit_at_end && msg->offset + 1 >= s->high) mark_done(topic, msg->partition, *s);
    if (s->first_seen < 0) s->first_seen = msg->offset;
    s->next = msg->offset + 1;
    m.raw = msg;
    m.topic = topic;
    m.partition = msg->partition;
    m.offset = msg->offset;
    m.data = static_cast<const char*>(msg->payload);
    m.size = msg->payload ? msg->len : 0;
    ++messages_;
    if (options_.max_messages >= 0 && static_cast<int64_t>(messages_) >= options_.max_messages) count_reached_ = true;
    return Poll::message;
}

int64_t KafkaSource::lag() const {
    int64_t lag = 0;
    for (const auto& [key, s] : states_) {
        int64_t low = 0, high = 0;
        if (rd_kafka_get_watermark_offsets(rk_, key.first.c_str(), key.second, &low, &high) != RD_KAFKA_RESP_ERR_NO_ERROR ||
            high < 0)
            continue;
        int64_t at = s.next >= 0 ? s.next : low;
        if (high > at) lag += high - at;
    }
    return lag;
}

void KafkaSource::release(KafkaMessage& m) {
    if (m.raw) rd_kafka_message_destroy(m.raw);
    m.raw = nullptr;
}

void KafkaSource::done(const KafkaMessage& m) {
    if (PartitionState* s = find(m.topic, m.partition)) s->pending = m.offset + 1;
}

bool KafkaSource::has_pending() const {
    for (const auto& [key, s] : states_)
        if (s.pending >= 0) return true;
    return false;
}

rd_kafka_topic_partition_list_t* KafkaSource::pending_list() const {
    rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(static_cast<int>(states_.size()));
    for (const auto& [key, s] : states_)
        if (s.pending >= 0) rd_kafka_topic_partition_list_add(list, key.first.c_str(), key.second)->offset = s.pending;
    return list;
}

rd_kafka_consumer_group_metadata_t* KafkaSource::group_metadata() const { return rd_kafka_consumer_group_metadata(rk_); }

void KafkaSource::forget_pending() {
    messages_checkpointed_ = messages_;
    for (auto& [key, s] : states_) {
        if (s.pending >= 0) s.checkpointed = s.pending;
        s.pending = -1;
    }
}

bool KafkaSource::commit_pending(bool must) {
    if (!grouped() || !has_pending()) {
        forget_pending();  // without a group there is nothing to commit to
        return true;
    }
    PartitionList list(pending_list());
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.timeout_ms);
    for (;;) {
        rd_kafka_resp_err_t e = rd_kafka_commit(rk_, list.list, 0);
        for (int i = 0; e == RD_KAFKA_RESP_ERR_NO_ERROR && i < list.list->cnt; ++i) e = list.list->elems[i].err;
        if (e == RD_KAFKA_RESP_ERR_NO_ERROR || e == RD_KAFKA_RESP_ERR__NO_OFFSET) {
            messages_checkpointed_ = messages_;
            // Only what was committed is forgotten: done() may have moved on since (not here:
            // commit runs between messages), so compare.
            for (int i = 0; i < list.list->cnt; ++i) {
                auto it = states_.find(Key(list.list->elems[i].topic, list.list->elems[i].partition));
                if (it != states_.end() && it->second.pending == list.list->elems[i].offset) {
                    it->second.checkpointed = it->second.pending;
                    it->second.pending = -1;
                }
            }
            return true;
        }
        if (e == RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID || e == RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION ||
            e == RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS) {
            // The group moved on (a member joined or left) before these offsets could be
            // committed: the partitions' next owner reads those messages again. That is the
            // at-least-once window, not a failure of this run.
            if (options_.client.verbosity >= 1)
                std::fprintf(stderr,
                             "otelflat: kafka: note: the group rebalanced before offsets could be committed (%s); "
                             "the next owner of those partitions reads their last messages again\n",
                             rd_kafka_err2str(e));
            forget_pending();
            return false;
        }
        if (!must) {
            if (options_.client.verbosity >= 1)
                std::fprintf(stderr, "otelflat: kafka: committing offsets failed: %s (will retry)\n", rd_kafka_err2str(e));
            return false;
        }
        if (std::chrono::steady_clock::now() >= deadline)
            throw KafkaError(std::string("committing offsets failed: ") + rd_kafka_err2str(e) +
                             "; the next run with this group re-reads the uncommitted messages");
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
}

void KafkaSource::rewind_to_committed() {
    // Back to where the last checkpoint left each partition (or its first message of this
    // run): the group's committed offsets would not do without a group, nor for partitions
    // whose offsets were never committed.
    PartitionList list;
    for (auto& [key, s] : states_) {
        int64_t to = s.checkpointed >= 0 ? s.checkpointed : s.first_seen;
        if (to >= 0) rd_kafka_topic_partition_list_add(list.list, key.first.c_str(), key.second)->offset = to;
        s.pending = -1;
        s.done = false;
    }
    count_reached_ = false;
    messages_ = messages_checkpointed_;
    if (list.list->cnt == 0) return;
    rd_kafka_error_t* error = rd_kafka_seek_partitions(rk_, list.list, options_.timeout_ms);
    if (error) {
        std::string why = rd_kafka_error_string(error);
        rd_kafka_error_destroy(error);
        throw KafkaError("rewinding to the last checkpoint failed: " + why);
    }
    rd_kafka_resume_partitions(rk_, list.list);
}

void KafkaSource::close() {
    if (!rk_) return;
    // Leaving the group revokes the partitions; what there was to write is written and
    // committed already.
    before_revoke_ = nullptr;
    rd_kafka_consumer_close(rk_);
}

}  // namespace otelflat
