#include "cli/writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "cli/buffer_pool.h"
#include "source/kafka_source.h"

namespace otelflat {

Writer::Writer(const Options& options, Schema& schema, RunStats& stats)
    : o_(options), schema_(schema), stats_(stats), stdout_(1, "stdout") {
    for (TableBuilder* t : schema_.tables()) {
        Route r;
        r.table = t;
        r.encoder = make_encoder(o_.format, o_.time_format);
        routes_.push_back(std::move(r));
    }
}

Writer::Route* Writer::route(const std::string& name) {
    for (Route& r : routes_)
        if (name == r.table->spec().name) return &r;
    return nullptr;
}

// The default destination: stdout, or the --to-kafka topic.
void Writer::claim_default(Route& r) {
    if (!o_.to_kafka.empty())
        r.kafka = std::make_unique<KafkaTableSink>(*producer_, o_.to_kafka, r.table->spec(),
                                                   o_.format, o_.rows_per_message);
    else
        r.output = &stdout_;
    default_claimed_ = true;
}

bool Writer::open(int& exit_code) {
    auto usage = [&](const std::string& why) {
        std::fprintf(stderr, "otelflat: %s\n", why.c_str());
        exit_code = kExitUsage;
        return false;
    };
    if (o_.kafka_output()) {
        KafkaClientOptions client = o_.kafka.client;
        if (!o_.to_brokers.empty()) client.brokers = o_.to_brokers;
        producer_ = std::make_unique<KafkaProducer>(client, o_.transactional_id, o_.compression, o_.kafka.timeout_ms);
        stats_.kafka_out = true;
    }
    if (!o_.table.empty()) {
        Route* r = route(o_.table);
        if (!r) return usage("--table: no table \"" + o_.table + "\"");
        claim_default(*r);
    }
    std::vector<std::string> topics;
    if (!o_.to_kafka.empty()) topics.push_back(o_.to_kafka);
    for (const auto& [name, path] : o_.outs) {
        Route* r = route(name);
        if (!r) return usage("--out: no table \"" + name + "\"");
        if (r->routed()) return usage("--out: table \"" + name + "\" already has a destination");
        if (is_kafka_destination(path)) {
            std::string topic = path.substr(6);
            if (topic.empty()) return usage("--out " + name + "=kafka: needs a topic name");
            r->kafka = std::make_unique<KafkaTableSink>(*producer_, topic, r->table->spec(),
                                                        o_.format, o_.rows_per_message);
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
    if (!o_.dead_letter.empty()) {
        stats_.dead_letter = true;
        if (is_kafka_destination(o_.dead_letter)) {
            std::string topic = o_.dead_letter.substr(6);
            if (topic.empty()) return usage("--dead-letter kafka: needs a topic name");
            dead_letter_topic_ = producer_->topic(topic);
            topics.push_back(topic);
        } else {
            int fd = ::open(o_.dead_letter.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
            if (fd < 0) {
                std::fprintf(stderr, "otelflat: %s: cannot create: %s\n", o_.dead_letter.c_str(), std::strerror(errno));
                exit_code = kExitIo;
                return false;
            }
            dead_letter_file_ = std::make_unique<FdOutput>(fd, o_.dead_letter);
        }
    }
    if (producer_) producer_->start(topics);
    return true;
}

std::vector<bool> Writer::kafka_tables() const {
    std::vector<bool> k;
    for (const Route& r : routes_) k.push_back(r.kafka != nullptr || (!r.routed() && !o_.to_kafka.empty() && !default_claimed_));
    return k;
}

void Writer::write(ConvertedRows&& rows) {
    if (progress_ && !rows.diagnostics.empty()) progress_->clear();
    for (const Diagnostic& d : rows.diagnostics) {
        if (d.once) {
            if (std::find(once_seen_.begin(), once_seen_.end(), d.text) != once_seen_.end()) continue;
            once_seen_.push_back(d.text);
        }
        std::fputs(d.text.c_str(), stderr);
    }
    stats_.documents += rows.stats.documents;
    stats_.documents_converted += rows.stats.documents_converted;
    stats_.documents_rejected += rows.stats.documents_rejected;
    stats_.documents_skipped += rows.stats.documents_skipped;
    stats_.spans += rows.stats.spans;
    stats_.log_records += rows.stats.log_records;
    stats_.data_points += rows.stats.data_points;
    stats_.metrics_without_data += rows.stats.metrics_without_data;
    stats_.rows_filtered += rows.stats.rows_filtered;
    stats_.rows_deduplicated += rows.stats.rows_deduplicated;
    stats_.rows_sampled_out += rows.stats.rows_sampled_out;
    stats_.times_clamped += rows.stats.times_clamped;
    stats_.bytes_in += rows.stats.bytes_in;
    stats_.dead_letters += rows.dead_letter_count;
    if (!rows.dead_letters.empty()) {
        if (dead_letter_file_) {
            dead_letter_file_->append(rows.dead_letters);
        } else if (dead_letter_topic_) {
            // One record per message, without its newline.
            std::string_view all = rows.dead_letters;
            for (size_t pos = 0; pos < all.size();) {
                size_t nl = all.find('\n', pos);
                producer_->produce(dead_letter_topic_, {}, all.data() + pos, nl - pos);
                pos = nl + 1;
            }
        }
    }
    if (rows.input_failed) input_failed_ = true;
    // Without --table, stdout (or --to-kafka) gets the table whose rows came first.
    if (!default_claimed_)
        for (size_t i : rows.first_rows)
            if (!routes_[i].routed()) {
                claim_default(routes_[i]);
                break;
            }
    for (size_t i = 0; i < routes_.size(); ++i) {
        Route& r = routes_[i];
        TableRows& t = rows.tables[i];
        if (t.rows == 0) continue;
        if (!r.routed()) {
            stats_.rows_unrouted += t.rows;
            if (!r.noted_unrouted) {
                std::fprintf(stderr,
                             "otelflat: %s rows have no destination and are not written (counted as "
                             "rows_unrouted): choose the stdout table with --table, or add --out %s=PATH; "
                             "tables: %s\n",
                             r.table->spec().name, r.table->spec().name, table_names(schema_).c_str());
                r.noted_unrouted = true;
            }
            continue;
        }
        if (r.kafka) {
            for (const Block& b : t.blocks)
                for (size_t begin = 0; begin < b.rows; begin += o_.block_rows)
                    r.kafka->write(b, begin, std::min(b.rows, begin + o_.block_rows), *r.encoder);
        } else {
            r.output->append(t.encoded.buffer().view());
        }
        r.rows_written += t.rows;
        stats_.rows_written += t.rows;
    }
    for (TableRows& t : rows.tables) BufferPool::shared().put_output(std::move(t.encoded.buffer()));
    if (progress_ && !stats_.kafka_in) progress_->update(stats_.bytes_in, stats_.rows_written);
}

void Writer::finish() {
    // An input with no rows still gives stdout a valid (empty) stream of the default table.
    if (!default_claimed_ && o_.outs.empty()) claim_default(routes_.front());
    for (Route& r : routes_)
        if (r.output) r.encoder->finish(r.table->block(), r.rows_written, *r.output);
}

bool Writer::deliver(bool final, KafkaSource* source) {
    stdout_.flush();
    for (auto& f : files_) f->flush();
    if (dead_letter_file_) dead_letter_file_->flush();
    if (!producer_) return false;
    if (!producer_->transactional()) {
        producer_->flush();
        stats_.kafka_delivered = producer_->messages_delivered();
        return false;
    }
    std::unique_ptr<rd_kafka_topic_partition_list_t, void (*)(rd_kafka_topic_partition_list_t*)> offsets(
        source && source->grouped() ? source->pending_list() : nullptr, rd_kafka_topic_partition_list_destroy);
    std::unique_ptr<rd_kafka_consumer_group_metadata_t, void (*)(rd_kafka_consumer_group_metadata_t*)> group(
        offsets ? source->group_metadata() : nullptr, rd_kafka_consumer_group_metadata_destroy);
    bool ok = producer_->commit_transaction(offsets.get(), group.get());
    stats_.kafka_delivered = producer_->messages_delivered();
    if (!ok) {
        if (!source || final) throw KafkaError("the transaction was aborted; nothing of this run was committed");
        source->rewind_to_committed();  // its messages are read and written again
    }
    return ok && offsets != nullptr;
}

}  // namespace otelflat
