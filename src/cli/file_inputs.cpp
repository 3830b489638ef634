#include "cli/file_inputs.h"

#include <pthread.h>

#include <atomic>
#include <csignal>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "cli/buffer_pool.h"
#include "source/input_format.h"
#include "source/byte_source.h"
#include "source/document_reader.h"

namespace otelflat {
namespace {

// A slice ends after the document that brings it to this many bytes, and at the end of
// each input: small enough to keep memory flat and all threads busy, large enough that
// handing it over costs nothing. Measured, 300 MB, both cores: as fast as 2 and 4 MB slices,
// and peak RSS 33-45 MB instead of 64-99 MB (metrics rows are 3 times their input).
constexpr size_t kSliceBytes = 1u << 20;
constexpr size_t kSliceDocuments = 65536;
// A JSON reader's buffer: a slice of documents, the one that ends it and the read past it, so
// it rarely grows (growing copies what it holds).
constexpr size_t kReaderBytes = 2 * kSliceBytes;

// Whole documents of one input: the JSON reader's own buffer, handed over with the documents
// in it, or (protobuf) documents copied out of the reader's buffer, each with the padding the
// parser reads past its end.
struct Slice {
    uint64_t seq = 0;
    const Origin* origin = nullptr;
    std::string bytes;           // protobuf: the copies
    CharBuffer kept;             // JSON: the reader's buffer
    std::vector<Document> docs;  // data holds an offset into kept or bytes until converted
    uint64_t bytes_in = 0;       // raw bytes read from the input for this slice
    std::string input_error;     // the input failed after these documents
};

void add_document(Slice& s, const Document& d, size_t offset) {
    Document kept = d;
    if (!d.oversized) kept.data = reinterpret_cast<const char*>(static_cast<uintptr_t>(offset));
    s.docs.push_back(kept);
}

void add_copy(Slice& s, const Document& d) {
    add_document(s, d, s.bytes.size());
    if (!d.oversized) {
        s.bytes.append(d.data, d.size);
        s.bytes.append(DocumentReader::kPadding, ' ');
    }
}

ConvertedRows convert_slice(Converter& c, Slice& s) {
    for (Document& d : s.docs) {
        if (!d.oversized) d.data = (s.kept.capacity() ? s.kept.data() : s.bytes.data()) + reinterpret_cast<uintptr_t>(d.data);
        c.convert(d, *s.origin);
    }
    ConvertedRows rows = c.take();
    BufferPool::shared().put(std::move(s.bytes));
    BufferPool::shared().put(std::move(s.kept));
    rows.stats.bytes_in = s.bytes_in;
    if (!s.input_error.empty()) {
        rows.diagnostics.push_back({"otelflat: " + s.input_error + "\n", false});
        rows.input_failed = true;
    }
    return rows;
}

// Reads the inputs in order and calls emit(slice) for each full slice and at each input's end.
template <typename Stop, typename Emit>
void read_slices(const Options& o, std::deque<Origin>& origins, Stop stop, Emit emit) {
    std::vector<std::string> inputs = o.inputs;
    if (inputs.empty()) inputs.push_back("-");
    uint64_t seq = 0;
    for (const std::string& path : inputs) {
        if (stop()) break;
        origins.push_back(Origin{path == "-" ? "<stdin>" : path});
        Slice s;
        s.origin = &origins.back();
        std::unique_ptr<ByteSource> source;
        std::unique_ptr<DocumentReader> json_reader;  // keeps its documents for the slice
        uint64_t raw_before = 0;
        auto cut = [&](bool last) {
            if (json_reader) {
                CharBuffer fresh = last ? CharBuffer() : BufferPool::shared().get_block(kReaderBytes);
                json_reader->hand_over(s.kept, std::move(fresh));
            }
            uint64_t raw = source ? source->raw_bytes_read() : 0;
            s.bytes_in = raw - raw_before;
            raw_before = raw;
            s.seq = seq++;
            emit(std::move(s));
            s = Slice{};
            if (!json_reader) s.bytes = BufferPool::shared().get(kSliceBytes + kSliceBytes / 4);
            s.origin = &origins.back();
        };
        try {
            source = open_input(path);
            // What the input holds, from its first bytes (replayed to the reader).
            std::string head(4096, '\0');
            size_t got = read_fully(*source, head.data(), head.size());
            bool whole = got < head.size();  // the input ended within its first bytes
            head.resize(got);
            InputKind kind = sniff_input(head, o.input_format, whole);
            source = std::make_unique<PrefixedSource>(std::move(source), std::move(head));
            // A slice is full at kSliceBytes of documents, each counted with the padding a
            // copy takes, or at kSliceDocuments documents.
            auto read_all = [&](auto& reader, auto add) {
                Document doc;
                size_t slice_bytes = 0;
                while (!stop() && reader.next(doc)) {
                    add(doc);
                    if (!doc.oversized) slice_bytes += doc.size + DocumentReader::kPadding;
                    if (slice_bytes >= kSliceBytes || s.docs.size() >= kSliceDocuments) {
                        cut(false);
                        slice_bytes = 0;
                    }
                }
            };
            if (kind == InputKind::json) {
                json_reader = std::make_unique<DocumentReader>(*source, o.max_document_bytes,
                                                               BufferPool::shared().get_block(kReaderBytes));
                json_reader->keep_documents();
                read_all(*json_reader, [&](const Document& d) {
                    add_document(s, d, d.oversized ? 0 : json_reader->kept_offset(d));
                });
            } else {
                ProtoMessageReader reader(*source, kind, o.max_document_bytes, s.origin->name);
                read_all(reader, [&](const Document& d) { add_copy(s, d); });
            }
        } catch (const InputError& e) {
            s.input_error = e.what();
        }
        cut(true);
    }
}

// A bounded hand-over between the reader, the converting threads and the consumer.
class SliceQueue {
public:
    struct Aborted {};
    explicit SliceQueue(size_t in_flight) : max_in_flight_(in_flight) {}

    void push(Slice&& s) {
        std::unique_lock<std::mutex> lock(m_);
        room_.wait(lock, [&] { return in_flight_ < max_in_flight_ || aborted_; });
        if (aborted_) throw Aborted{};  // stops the reader: nobody will take its slices
        ++in_flight_;
        todo_.push_back(std::move(s));
        work_.notify_one();
    }
    void close() {
        std::lock_guard<std::mutex> lock(m_);
        closed_ = true;
        work_.notify_all();
        done_.notify_all();
    }
    bool pop(Slice& s) {
        std::unique_lock<std::mutex> lock(m_);
        work_.wait(lock, [&] { return !todo_.empty() || closed_ || aborted_; });
        if (todo_.empty() || aborted_) return false;
        s = std::move(todo_.front());
        todo_.pop_front();
        return true;
    }
    void finished(uint64_t seq, ConvertedRows&& rows) {
        std::lock_guard<std::mutex> lock(m_);
        results_.emplace(seq, std::move(rows));
        done_.notify_all();
    }
    void failed(std::exception_ptr e) {
        std::lock_guard<std::mutex> lock(m_);
        if (!error_) error_ = e;
        aborted_ = true;
        work_.notify_all();
        room_.notify_all();
        done_.notify_all();
    }
    // The next result in order; false once everything was handed out.
    bool next(ConvertedRows& rows) {
        std::unique_lock<std::mutex> lock(m_);
        done_.wait(lock, [&] { return results_.count(next_seq_) || aborted_ || (closed_ && in_flight_ == 0); });
        if (aborted_) std::rethrow_exception(error_);
        if (!results_.count(next_seq_)) return false;
        rows = std::move(results_[next_seq_]);
        results_.erase(next_seq_++);
        --in_flight_;
        room_.notify_one();
        return true;
    }
    void abort() { failed(nullptr); }
    bool aborted() {
        std::lock_guard<std::mutex> lock(m_);
        return aborted_;
    }

private:
    std::mutex m_;
    std::condition_variable work_, room_, done_;
    std::deque<Slice> todo_;
    std::map<uint64_t, ConvertedRows> results_;
    size_t in_flight_ = 0, max_in_flight_;
    uint64_t next_seq_ = 0;
    bool closed_ = false, aborted_ = false;
    std::exception_ptr error_;
};

}  // namespace

void convert_files(const Options& o, const std::vector<bool>& kafka_tables, unsigned threads,
                   const ConsumeRows& consume) {
    if (threads <= 1) {
        std::deque<Origin> origins;  // stable addresses: slices point at theirs
        Converter converter(o, kafka_tables);
        read_slices(o, origins, input_stop_requested, [&](Slice&& s) { consume(convert_slice(converter, s)); });
        return;
    }
    // What the reader thread uses lives as long as it does: when the run ends early (a broken
    // pipe) while the reader is blocked reading an idle input, it is left behind, not joined.
    struct Shared {
        Shared(const Options& o, unsigned threads) : options(o), queue(threads + 1) {}
        Options options;
        std::deque<Origin> origins;
        SliceQueue queue;  // one slice waiting per converting thread, one being written
        std::atomic<bool> reader_done{false};
    };
    // SIGINT/SIGTERM must interrupt the reader's read(), so only the reader takes them.
    sigset_t stop_signals, old_mask;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, &old_mask);
    struct RestoreMask {
        sigset_t mask;
        ~RestoreMask() { pthread_sigmask(SIG_SETMASK, &mask, nullptr); }
    } restore{old_mask};
    auto shared = std::make_shared<Shared>(o, threads);
    SliceQueue& queue = shared->queue;
    std::vector<std::thread> workers;
    for (unsigned i = 0; i < threads; ++i) {
        workers.emplace_back([&queue, &o, &kafka_tables] {
            try {
                Converter converter(o, kafka_tables);
                Slice s;
                while (queue.pop(s)) {
                    uint64_t seq = s.seq;
                    queue.finished(seq, convert_slice(converter, s));
                }
            } catch (...) {
                queue.failed(std::current_exception());
            }
        });
    }
    std::thread reader([shared, stop_signals] {
        pthread_sigmask(SIG_UNBLOCK, &stop_signals, nullptr);
        SliceQueue& q = shared->queue;
        try {
            read_slices(shared->options, shared->origins, [&] { return input_stop_requested() || q.aborted(); },
                        [&](Slice&& s) { q.push(std::move(s)); });
        } catch (const SliceQueue::Aborted&) {
        } catch (...) {
            q.failed(std::current_exception());
        }
        q.close();
        shared->reader_done = true;
    });
    try {
        ConvertedRows rows;
        while (queue.next(rows)) consume(std::move(rows));
    } catch (...) {
        queue.abort();  // wakes and ends every thread
        for (std::thread& t : workers) t.join();
        for (int i = 0; i < 20 && !shared->reader_done; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        if (shared->reader_done) reader.join();
        else reader.detach();
        throw;
    }
    reader.join();
    for (std::thread& t : workers) t.join();
}

}  // namespace otelflat
