#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "source/byte_source.h"
#include "text/char_buffer.h"

namespace otelflat {

// One JSON document cut from a stream, with where it came from. `data` stays valid until the
// next call to DocumentReader::next, and has kPadding readable bytes after `size` (simdjson
// reads past the end).
struct Document {
    const char* data = nullptr;
    size_t size = 0;
    uint64_t offset = 0;     // byte offset of the first byte in the (decompressed) stream
    uint64_t line = 0;       // 1-based line of the first byte
    bool oversized = false;  // longer than the limit and skipped: no data, size = bytes skipped
    bool proto = false;      // one OTLP/protobuf message (not JSON)
    bool corrupt = false;    // a compressed protobuf record that does not decompress
};

// Cuts a byte stream into top-level JSON values separated by optional whitespace: one
// document, JSON lines, concatenated or pretty-printed documents. It tracks nesting and
// strings but does not validate; the parser does. A document never needs to be held twice,
// and memory is bounded by the largest document (at most max_document_bytes).
//
// Bytes that cannot start a JSON value run to the next line that starts with '{' as one
// document. (A document that fails to parse is cut again by the Converter.)
class DocumentReader {
public:
    static constexpr size_t kPadding = 64;  // >= SIMDJSON_PADDING

    // `buffer` (any size and content) becomes the reader's buffer, which grows as needed.
    DocumentReader(ByteSource& source, uint64_t max_document_bytes, CharBuffer buffer = {});
    ~DocumentReader();

    // Reads `source` from its start, keeping the buffer (a reader per Kafka message would
    // allocate one each time). Positions count from base_offset and base_line: the place of
    // the source's first byte in an enclosing stream.
    void restart(ByteSource& source, uint64_t base_offset = 0, uint64_t base_line = 1);

    // The next document, or false at end of stream. Throws InputError from the source.
    bool next(Document& doc);

    // Before the first next(): the bytes of every document returned stay in the buffer until
    // hand_over() (the buffer grows instead of dropping them), so a caller can take the
    // documents with the buffer instead of copying each one out.
    void keep_documents();
    // Where a document returned since the last hand-over starts in the buffer.
    size_t kept_offset(const Document& d) const { return static_cast<size_t>(d.data - buf_); }
    // Moves the buffer holding the kept documents (at their kept_offset, each followed by at
    // least kPadding bytes) to `out`, and goes on in `fresh` (any size and content), into
    // which the bytes read past them are copied. An empty `fresh` ends the reader (the last
    // hand-over of an input): next() must not be called again.
    void hand_over(CharBuffer& out, CharBuffer&& fresh);


private:
    void adopt_storage();                 // buf_ and cap_ from storage_
    size_t kept_bytes() const { return keeping_ ? kept_end_ : 0; }
    bool fill();                          // reads more; false at EOF
    size_t compact_before(size_t index);  // drops consumed bytes before index; index's new place
    size_t make_room(size_t index);       // compact_before(index) when a read needs the room
    uint64_t line_at(size_t index);     // 1-based line of buffer index (monotonic calls)
    bool skip_to_resync_line();         // discards input up to the next "\n{"
    size_t find_line_start_brace(size_t from, size_t to) const;  // index of '{' or npos

    ByteSource* source_;
    uint64_t max_document_bytes_;
    CharBuffer storage_;           // cap_ + kPadding bytes (grown by realloc: no zero-fill,
                                   // and no second copy while a huge document grows it)
    char* buf_ = nullptr;          // storage_.storage()
    size_t cap_ = 0;
    size_t end_ = 0;               // valid bytes in buf_
    size_t scan_ = 0;              // next byte to look at
    uint64_t base_offset_ = 0;     // stream offset of buf_[0]
    bool eof_ = false;
    size_t line_index_ = 0;        // buffer index up to which newlines are counted
    uint64_t line_ = 1;            // line number at line_index_
    bool keeping_ = false;         // keep_documents() was called
    size_t kept_end_ = 0;          // keeping: the documents kept are buf_[0, kept_end_)
};

}  // namespace otelflat
