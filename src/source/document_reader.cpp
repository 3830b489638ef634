#include "source/document_reader.h"

#include "source/json_scan.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

namespace otelflat {
namespace {

constexpr size_t kReadChunk = 1 << 20;
constexpr size_t npos = static_cast<size_t>(-1);

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

}  // namespace

DocumentReader::DocumentReader(ByteSource& source, uint64_t max_document_bytes)
    : source_(&source), max_document_bytes_(max_document_bytes) {
    cap_ = 4 * kReadChunk;
    buf_ = static_cast<char*>(std::malloc(cap_ + kPadding));
    if (!buf_) throw std::bad_alloc();
}

DocumentReader::~DocumentReader() { std::free(buf_); }

void DocumentReader::restart(ByteSource& source, uint64_t base_offset, uint64_t base_line) {
    source_ = &source;
    end_ = scan_ = line_index_ = 0;
    base_offset_ = base_offset;
    eof_ = false;
    line_ = base_line;
}

uint64_t DocumentReader::line_at(size_t index) {
    if (index > line_index_) {
        line_ += count_newlines(buf_ + line_index_, buf_ + index);
        line_index_ = index;
    }
    return line_;
}

void DocumentReader::compact_before(size_t index) {
    if (index == 0) return;
    line_at(index);
    std::memmove(buf_, buf_ + index, end_ - index);
    end_ -= index;
    scan_ -= index;
    line_index_ -= index;
    base_offset_ += index;
}

bool DocumentReader::fill() {
    if (eof_) return false;
    if (cap_ - end_ < kReadChunk) {
        size_t grown = std::max(cap_ * 2, end_ + kReadChunk);
        char* nb = static_cast<char*>(std::realloc(buf_, grown + kPadding));
        if (!nb) throw std::bad_alloc();
        buf_ = nb;
        cap_ = grown;
    }
    size_t n = source_->read(buf_ + end_, cap_ - end_);
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
        compact_before(scan_);
        if (!fill()) return false;
    }
    size_t start = scan_;
    char first = buf_[start];
    bool structured = first == '{' || first == '[' || first == '"';
    ScanState state;
    size_t pos = start;
    bool complete = false;

    while (!complete) {
        if (pos >= end_) {
            if (pos - start > max_document_bytes_) {
                // Too large to hold: cut at a resync line if there is one, else skip to one.
                doc = Document{};
                doc.offset = base_offset_ + start;
                doc.line = line_at(start);
                size_t at = find_line_start_brace(start + 1, end_);
                if (at != npos) {
                    scan_ = at;
                    doc.data = buf_ + start;
                    doc.size = at - start;
                } else {
                    scan_ = end_;
                    skip_to_resync_line();
                    doc.oversized = true;
                    doc.size = static_cast<size_t>(base_offset_ + scan_ - doc.offset);
                }
                return true;
            }
            size_t rel = pos - start;
            compact_before(start);
            start = 0;
            pos = rel;
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
        pos = scan_json_value(buf_, pos, end_, state, complete);
    }
    if (pos > end_) pos = end_;  // an escape at the very end of a truncated stream
    scan_ = pos;
    doc = Document{};
    doc.data = buf_ + start;
    doc.size = pos - start;
    doc.offset = base_offset_ + start;
    doc.line = line_at(start);
    return true;
}

}  // namespace otelflat
