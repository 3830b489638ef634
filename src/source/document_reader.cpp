#include "source/document_reader.h"

#include "source/json_scan.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

namespace otelflat {
namespace {

// One read: small enough that the bytes are still in the core's cache when they are scanned,
// and that a slice's hand-over copies little of what was read past it.
constexpr size_t kReadChunk = 256 << 10;
constexpr size_t npos = static_cast<size_t>(-1);

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

}  // namespace

DocumentReader::DocumentReader(ByteSource& source, uint64_t max_document_bytes, CharBuffer buffer)
    : source_(&source), max_document_bytes_(max_document_bytes), storage_(std::move(buffer)) {
    // The first fill() grows it to at least one read; a small start keeps a reader per Kafka
    // message or per small file cheap.
    storage_.reserve_exact(kPadding);
    adopt_storage();
}

DocumentReader::~DocumentReader() = default;

void DocumentReader::adopt_storage() {
    buf_ = storage_.storage();
    cap_ = storage_.capacity() - kPadding;
}

void DocumentReader::restart(ByteSource& source, uint64_t base_offset, uint64_t base_line) {
    source_ = &source;
    end_ = scan_ = line_index_ = kept_end_ = 0;
    base_offset_ = base_offset;
    eof_ = false;
    line_ = base_line;
}

void DocumentReader::keep_documents() {
    keeping_ = true;
    kept_end_ = 0;
}

uint64_t DocumentReader::line_at(size_t index) {
    if (index > line_index_) {
        line_ += count_newlines(buf_ + line_index_, buf_ + index);
        line_index_ = index;
    }
    return line_;
}

size_t DocumentReader::compact_before(size_t index) {
    // Kept documents stay at the front, and what comes after them resumes at `index`: the
    // consumed bytes in between (whitespace, skipped garbage) are dropped.
    size_t kept = kept_bytes();
    if (index == kept) return index;
    line_at(index);
    std::memmove(buf_ + kept, buf_ + index, end_ - index);
    size_t shift = index - kept;
    end_ -= shift;
    scan_ -= shift;
    line_index_ -= shift;
    base_offset_ += shift;  // for the bytes from `index` on
    return kept;
}

size_t DocumentReader::make_room(size_t index) {
    // Moving bytes costs: only when a read would not fit and the move frees a good part of
    // one (kept documents stay, so then only the bytes between them go; moving the rest to
    // drop a newline would be a copy for nothing), or when it moves nothing (all read bytes
    // consumed, nothing kept). Otherwise fill() grows the buffer.
    bool nothing_to_move = index == end_ && !keeping_;
    bool frees_enough = cap_ - end_ < kReadChunk && index - kept_bytes() >= kReadChunk / 4;
    if (!frees_enough && !nothing_to_move) return index;
    return compact_before(index);
}

void DocumentReader::hand_over(CharBuffer& out, CharBuffer&& fresh) {
    line_at(scan_);
    size_t tail = end_ - scan_;
    bool last = fresh.capacity() == 0;  // the reader ends: no buffer worth keeping
    if (!last) {
        fresh.clear();
        fresh.reserve_exact(std::max(cap_, tail + kReadChunk) + kPadding);
        std::memcpy(fresh.storage(), buf_ + scan_, tail);
    } else {
        fresh.reserve_exact(kPadding);
        tail = 0;
        eof_ = true;
    }
    out = std::move(storage_);
    storage_ = std::move(fresh);
    adopt_storage();
    base_offset_ += scan_;
    line_index_ -= scan_;
    end_ = tail;
    scan_ = kept_end_ = 0;
    std::memset(buf_ + end_, ' ', kPadding);
}

bool DocumentReader::fill() {
    if (eof_) return false;
    if (cap_ - end_ < kReadChunk) {
        // Doubling, but never past what the largest document allowed (plus what is kept and
        // a read) can need: a document over the limit is skipped once it gets there.
        uint64_t most = max_document_bytes_ + kept_bytes() + 2 * kReadChunk;
        size_t doubled = most < cap_ * 2 ? static_cast<size_t>(most) : cap_ * 2;
        storage_.reserve_exact(std::max(doubled, end_ + kReadChunk) + kPadding);
        adopt_storage();
    }
    size_t n = source_->read(buf_ + end_, std::min(cap_ - end_, kReadChunk));
    if (n == 0) {
        eof_ = true;
        return false;
    }
    end_ += n;
    std::memset(buf_ + end_, ' ', kPadding);
    return true;
}

size_t DocumentReader::find_line_start_brace(size_t from, size_t to) const {
    size_t at = otelflat::find_line_start_brace(buf_, from, to);
    return at == to ? npos : at;
}

bool DocumentReader::skip_to_resync_line() {
    for (;;) {
        size_t at = find_line_start_brace(scan_ > 0 ? scan_ - 1 : 0, end_);
        if (at != npos) {
            scan_ = at;
            return true;
        }
        // Keep the last byte: it may be the '\n' of a "\n{" split across reads.
        size_t keep_from = end_ > 0 ? end_ - 1 : 0;
        line_at(keep_from);
        compact_before(keep_from);
        scan_ = end_;
        if (!fill()) {
            scan_ = end_;
            return false;
        }
    }
}

bool DocumentReader::next(Document& doc) {
    // Bytes before scan_ are consumed; they are dropped only when more room is needed, so a
    // buffer holding many small documents is not moved once per document.
    for (;;) {
        while (scan_ < end_ && is_space(buf_[scan_])) ++scan_;
        if (scan_ < end_) break;
        make_room(scan_);
        if (!fill()) return false;
    }
    size_t start = scan_;
    uint64_t line = line_at(start);  // counts only what lies between documents
    char first = buf_[start];
    bool structured = first == '{' || first == '[' || first == '"';
    ScanState state;
    size_t pos = start;
    bool complete = false;

    while (!complete) {
        if (pos >= end_ || pos - start > max_document_bytes_) {
            if (pos - start > max_document_bytes_) {
                // Too large to hold: rejected, and skipped up to the next line that starts a
                // document, in the buffer or further on. However much the buffer holds, the
                // scan stops at the limit, so every document over it is treated alike.
                doc = Document{};
                doc.offset = base_offset_ + start;
                doc.line = line;
                doc.oversized = true;
                size_t at = find_line_start_brace(start + 1, end_);
                if (at != npos) {
                    scan_ = at;
                } else {
                    scan_ = end_;
                    skip_to_resync_line();
                }
                doc.size = static_cast<size_t>(base_offset_ + scan_ - doc.offset);
                return true;
            }
            size_t rel = pos - start;
            start = make_room(start);
            pos = start + rel;
            if (!fill()) break;  // truncated at end of stream: hand over what there is
            continue;
        }
        if (!structured) {
            // Not the start of a JSON object, array or string: garbage up to the next JSON line.
            // Search from one byte back: a "\n{" may straddle two reads.
            size_t at = find_line_start_brace(pos > start ? pos - 1 : pos, end_);
            if (at != npos) {
                pos = at;
                complete = true;
            } else {
                pos = end_;
            }
            continue;
        }
        size_t limit = max_document_bytes_ < end_ - start ? start + static_cast<size_t>(max_document_bytes_) + 1 : end_;
        pos = scan_json_value(buf_, pos, limit, state, complete);
    }
    if (pos > end_) pos = end_;  // an escape at the very end of a truncated stream
    if (structured) {  // the scan counted the document's lines: no second pass over it
        line_index_ = pos;
        line_ = line + state.newlines;
    }
    scan_ = kept_end_ = pos;
    doc = Document{};
    doc.data = buf_ + start;
    doc.size = pos - start;
    doc.offset = base_offset_ + start;
    doc.line = line;
    return true;
}

}  // namespace otelflat
