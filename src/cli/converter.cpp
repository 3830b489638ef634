#include "cli/converter.h"

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <algorithm>

#include "cli/buffer_pool.h"
#include "sink/dead_letter.h"
#include "source/json_scan.h"
#include "source/kafka_source.h"
#include "transform/attach.h"

namespace otelflat {
namespace {

// A block is encoded when it has --block-rows rows (JSON: 4,096, which stay in the CPU cache
// between decoding and encoding), or earlier when it holds this much column data: memory
// stays bounded for wide rows, and a block this small is still in the caches when it is
// encoded (measured: otel metrics, five tables, 0.71 s -> 0.52 s for 60 MB against 32 MB).
constexpr size_t kMaxBlockBytes = 4u << 20;
// JSONEachRow reads a block row by row, across every column: that only stays fast while the
// block fits in a core's L2 cache (1 MB here). Metrics rows are wide (two maps and four arrays
// per point), so 4,096 of them are ~4 MB; measured, one thread, 100 MB of metrics: 0.68 s at
// 4 MB, 0.54 s at 512 KB, 0.75 s at 2 MB; traces and logs unchanged. The output is the same
// bytes whatever the batch.
constexpr size_t kMaxJsonBlockBytes = 512u << 10;
// Encoded rows are handed to the writer once they reach this much (Kafka input, where the
// next handover is the commit interval away).
constexpr size_t kHandOverBytes = 4u << 20;
// A table's first encoded rows get this much room at once (metrics JSON is ~3 MB per 1 MB
// slice): the memory is only paged in as it is written, while growing by doubling would copy
// what is there into fresh pages, several times per slice.
constexpr size_t kFirstEncodedBytes = 4u << 20;

}  // namespace

std::string where(const Origin& origin, const Document& doc) {
    char buf[96];
    if (!origin.message) {
        if (doc.proto) std::snprintf(buf, sizeof buf, " (protobuf message at byte %" PRIu64 ")", doc.offset);
        else std::snprintf(buf, sizeof buf, ":%" PRIu64 " (byte %" PRIu64 ")", doc.line, doc.offset);
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

std::unique_ptr<Schema> make_run_schema(const Options& o, std::vector<std::unique_ptr<RowStage>>* stages,
                                        std::vector<std::string>& notes) {
    SchemaOptions schema_options;
    schema_options.min_duration_ns = o.min_duration_ns;
    schema_options.legacy_metrics_layout = o.legacy_metrics_layout;
    std::unique_ptr<Schema> schema = make_schema(o.schema, schema_options);
    auto attached = attach_transforms(*schema, o.transforms, notes);
    if (stages) *stages = std::move(attached);
    return schema;
}

size_t ConvertedRows::bytes() const {
    size_t n = 0;
    for (const TableRows& t : tables) {
        n += t.encoded.buffer().size();
        for (const Block& b : t.blocks) n += b.bytes();
    }
    return n;
}

Converter::Converter(const Options& options, std::vector<bool> keep_blocks)
    : o_(options), keep_blocks_(std::move(keep_blocks)) {
    std::vector<std::string> notes;  // run() printed them, from its own schema
    schema_ = make_run_schema(options, &stages_, notes);
    decoder_.set_read_span_events(schema_->needs_span_events());
    proto_decoder_.set_read_span_events(schema_->needs_span_events());
    for (size_t i = 0; i < schema_->tables().size(); ++i) encoders_.push_back(make_encoder(o_.format, o_.time_format));
    keep_blocks_.resize(schema_->tables().size(), false);
    pending_.tables.resize(schema_->tables().size());
}

void Converter::reject(const Origin& origin, const Document& doc, const std::string& why) {
    ++pending_.stats.documents_rejected;
    pending_.diagnostics.push_back({"otelflat: " + where(origin, doc) + ": rejected document: " + why + "\n", false});
    if (o_.dead_letter.empty()) return;
    DeadLetterSource source;
    if (origin.message) {
        source.topic = origin.message->topic;
        source.partition = origin.message->partition;
        source.offset = origin.message->offset;
    } else {
        source.file = origin.name;
    }
    source.line = doc.line;
    source.byte = doc.offset;
    if (doc.oversized) append_dead_letter(pending_.dead_letters, source, why, {}, doc.size);
    else append_dead_letter(pending_.dead_letters, source, why, std::string_view(doc.data, doc.size));
    ++pending_.dead_letter_count;
}

void Converter::note(const Origin& origin, const Document& doc, const char* what, bool once) {
    if (o_.quiet) return;
    pending_.diagnostics.push_back({"otelflat: " + where(origin, doc) + ": note: " + what + "\n", once});
}


// A Kafka message's encoding: its content-type header when it has one (application/x-protobuf,
// application/json), else what its bytes look like.
InputKind Converter::kind_of_message(const char* data, size_t size, const Origin& origin) const {
    if (o_.input_format == InputFormat::auto_detect && origin.message && origin.message->raw) {
        rd_kafka_headers_t* headers = nullptr;
        if (rd_kafka_message_headers(origin.message->raw, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
            for (const char* name : {"content-type", "Content-Type", "contentType"}) {
                const void* value = nullptr;
                size_t n = 0;
                if (rd_kafka_header_get_last(headers, name, &value, &n) != RD_KAFKA_RESP_ERR_NO_ERROR || !value) continue;
                std::string_view v(static_cast<const char*>(value), n);
                if (v.find("protobuf") != std::string_view::npos) return InputKind::proto_message;
                if (v.find("json") != std::string_view::npos) return InputKind::json;
            }
        }
    }
    InputKind kind = sniff_input(std::string_view(data, size), o_.input_format, true);
    return kind == InputKind::proto_framed ? InputKind::proto_message : kind;  // a message is one request
}

void Converter::convert_all(const char* data, size_t size, const Origin& origin) {
    if (size > 0 && kind_of_message(data, size, origin) == InputKind::proto_message) {
        Document doc;
        doc.data = data;
        doc.size = size;
        doc.proto = true;
        convert(doc, origin);
        return;
    }
    if (!reader_) reader_ = std::make_unique<DocumentReader>(memory_, o_.max_document_bytes);
    memory_.reset(data, size);
    reader_->restart(memory_);
    Document doc;
    bool any = false;
    while (reader_->next(doc)) {
        any = true;
        convert(doc, origin);
    }
    if (!any) {
        ++pending_.stats.documents;
        ++pending_.stats.documents_skipped;
        note(origin, Document{}, "empty message; nothing to convert");
    }
}

void Converter::convert(const Document& first, const Origin& origin) {
    // A document that fails is cut at the first line starting with '{' inside it, and the
    // bytes from there to its end are read again as documents of their own (and so on, for
    // a failure among those), so a broken line never takes the lines after it along.
    if (first.proto) {  // a protobuf message has no lines to resume at
        convert_one(first, origin);
        return;
    }
    Document doc = first;
    std::string rest;        // the bytes being read again (doc.data may be a reader's buffer)
    uint64_t rest_offset = 0;  // stream offset of rest[0]
    bool rereading = false;
    for (;;) {
        size_t split_at = convert_one(doc, origin);
        if (split_at < doc.size) {
            // Everything after the cut, up to the end of what is being read: when the failed
            // document is itself one read again, that is the rest of those bytes.
            uint64_t lines = static_cast<uint64_t>(std::count(doc.data, doc.data + split_at, '\n'));
            uint64_t cut = doc.offset + split_at;
            if (rereading) {
                rest.erase(0, static_cast<size_t>(cut - rest_offset));
            } else {
                rest.assign(doc.data + split_at, doc.size - split_at);
            }
            rest_offset = cut;
            if (!rest_reader_) {
                rest_source_ = std::make_unique<MemorySource>();
                rest_reader_ = std::make_unique<DocumentReader>(*rest_source_, o_.max_document_bytes);
            }
            rest_source_->reset(rest.data(), rest.size());
            rest_reader_->restart(*rest_source_, cut, doc.line + lines);
            rereading = true;
        }
        if (!rereading || !rest_reader_->next(doc)) return;
    }
}

// Converts one document; returns where a failed one is to be cut (its size when it is not).
size_t Converter::convert_one(const Document& doc, const Origin& origin) {
    ++pending_.stats.documents;
    if (doc.oversized) {
        reject(origin, doc, "document is larger than --max-document-size (" + std::to_string(o_.max_document_bytes) +
                                " bytes); skipped " + std::to_string(doc.size) + " bytes up to the next line starting with '{'");
        return doc.size;
    }
    if (doc.corrupt) {
        reject(origin, doc, "protobuf record is not valid zstd");
        return doc.size;
    }
    DocumentOutcome outcome;
    try {
        if (doc.proto) {
            otlp_proto::Signal hint = otlp_proto::signal_from_name(origin.message ? origin.message->topic : origin.name);
            outcome = proto_decoder_.decode(std::string_view(doc.data, doc.size), hint, *schema_);
        } else {
            outcome = decoder_.decode(doc.data, doc.size, *schema_);
        }
    } catch (const DecodeError& e) {
        if (doc.proto) {
            reject(origin, doc, e.what());
            return doc.size;
        }
        size_t split_at = find_line_start_brace(doc.data, 1, doc.size);
        Document rejected = doc;  // what is rejected ends where reading resumes
        rejected.size = split_at;
        reject(origin, rejected, e.what() + std::string(split_at < doc.size ? " (resuming at the next line starting with '{')" : ""));
        return split_at;
    }
    if (outcome.repaired_utf8) note(origin, doc, "invalid UTF-8 in strings; each bad byte was replaced by U+FFFD");
    if (outcome.repaired_surrogates)
        note(origin, doc, "unpaired UTF-16 surrogate escapes in strings were replaced by U+FFFD");
    if (outcome.metrics_without_data > 0)
        note(origin, doc,
             "a metric with no gauge, sum, histogram, exponentialHistogram or summary gives no rows "
             "(counted as metrics_without_data; this note is shown once)",
             true);
    RunStats& st = pending_.stats;
    st.spans += outcome.spans;
    st.log_records += outcome.log_records;
    st.data_points += outcome.data_points;
    st.metrics_without_data += outcome.metrics_without_data;
    if (outcome.traces || outcome.logs || outcome.metrics) {
        ++st.documents_converted;
    } else {
        ++st.documents_skipped;
        note(origin, doc, "no resourceSpans, resourceLogs or resourceMetrics in this document; nothing to convert");
    }
    const std::vector<TableBuilder*>& tables = schema_->tables();
    for (size_t i = 0; i < stages_.size(); ++i) stages_[i]->apply(tables[i]->block(), tables[i]->document_first_row());
    bool native = o_.format == OutputFormat::native;
    size_t batch = native ? o_.block_rows : std::min<size_t>(o_.block_rows, 4096);
    size_t max_bytes = native ? kMaxBlockBytes : kMaxJsonBlockBytes;
    for (size_t i = 0; i < tables.size(); ++i) {
        Block& block = tables[i]->block();
        if (block.rows > 0 && std::find(pending_.first_rows.begin(), pending_.first_rows.end(), i) == pending_.first_rows.end())
            pending_.first_rows.push_back(i);
        if (block.rows >= batch || (block.rows > 0 && block.bytes() >= max_bytes)) encode(i);
    }
    return doc.size;
}

void Converter::encode(size_t i) {
    TableBuilder* table = schema_->tables()[i];
    Block& block = table->block();
    if (block.rows == 0) return;
    TableRows& out = pending_.tables[i];
    out.rows += block.rows;
    if (keep_blocks_[i]) {
        // The Kafka sink cuts the rows into messages itself; the block moves out whole.
        out.blocks.push_back(make_block(table->spec()));
        std::swap(out.blocks.back(), block);
        return;
    }
    // Below 64 KB the buffer is a fresh one: the pool hands out none that small.
    if (out.encoded.buffer().capacity() < (64u << 10)) out.encoded.buffer().reserve(kFirstEncodedBytes);
    for (size_t begin = 0; begin < block.rows; begin += o_.block_rows)
        encoders_[i]->write(block, begin, std::min(block.rows, begin + o_.block_rows), out.encoded);
    block.clear();
}

void Converter::count_table_stats() {
    uint64_t filtered = 0, clamped = 0, deduplicated = 0, sampled_out = 0;
    for (TableBuilder* t : schema_->tables()) {
        filtered += t->rows_filtered();
        clamped += t->times_clamped();
    }
    for (const auto& s : stages_) {
        filtered += s->rows_filtered();
        deduplicated += s->rows_deduplicated();
        sampled_out += s->rows_sampled_out();
    }
    pending_.stats.rows_filtered = filtered - filtered_before_;
    pending_.stats.times_clamped = clamped - clamped_before_;
    pending_.stats.rows_deduplicated = deduplicated - deduplicated_before_;
    pending_.stats.rows_sampled_out = sampled_out - sampled_out_before_;
    filtered_before_ = filtered;
    clamped_before_ = clamped;
    deduplicated_before_ = deduplicated;
    sampled_out_before_ = sampled_out;
}

bool Converter::holds_much() const { return pending_.bytes() >= kHandOverBytes; }

ConvertedRows Converter::take() {
    for (size_t i = 0; i < schema_->tables().size(); ++i) encode(i);
    count_table_stats();
    ConvertedRows out = std::move(pending_);
    pending_ = ConvertedRows{};
    pending_.tables.resize(schema_->tables().size());
    // The next slice's rows are about as large as this one's: a buffer with room for them
    // saves the copies of one grown by doubling.
    for (size_t i = 0; i < out.tables.size(); ++i) {
        size_t last = out.tables[i].encoded.buffer().size();
        pending_.tables[i].encoded.buffer() = BufferPool::shared().get_output(last + last / 8);
    }
    return out;
}

}  // namespace otelflat
