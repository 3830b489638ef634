#include "source/input_format.h"

#include <zstd.h>

namespace otelflat {
namespace {

constexpr unsigned char kZstdMagic[4] = {0x28, 0xB5, 0x2F, 0xFD};

bool is_zstd(const char* p, size_t n) { return n >= 4 && std::memcmp(p, kZstdMagic, 4) == 0; }

uint32_t big_endian32(const char* p) {
    auto b = [&](int i) { return static_cast<uint32_t>(static_cast<unsigned char>(p[i])); };
    return b(0) << 24 | b(1) << 16 | b(2) << 8 | b(3);
}

// Lengths below 2^27 whose records start as a request (0x0A) or a zstd frame, for as many
// records as the first bytes show. Not `strict` (--input-format proto): any record bytes,
// but the lengths must end exactly at the end of a stream seen whole.
bool looks_framed(std::string_view head, bool strict, bool whole) {
    size_t pos = 0;
    int records = 0;
    while (pos + 4 <= head.size() && (records < 16 || !strict)) {
        uint32_t len = big_endian32(head.data() + pos);
        if (len >= (1u << 27)) return false;
        pos += 4;
        if (strict && len > 0 && pos < head.size() && head[pos] != 0x0A && !is_zstd(head.data() + pos, head.size() - pos))
            return false;
        pos += len;
        ++records;
    }
    return records > 0 && (strict || !whole || pos == head.size());
}

}  // namespace

InputKind sniff_input(std::string_view head, InputFormat format, bool whole) {
    if (format == InputFormat::json) return InputKind::json;
    if (format == InputFormat::proto)
        return head.size() >= 4 && looks_framed(head, false, whole) ? InputKind::proto_framed : InputKind::proto_message;
    bool framed = head.size() >= 4 && looks_framed(head, true, whole);
    size_t i = 0;
    while (i < head.size() && (head[i] == ' ' || head[i] == '\t' || head[i] == '\n' || head[i] == '\r')) ++i;
    bool json = i == head.size() || head[i] == '{' || head[i] == '[';
    for (size_t k = 0; json && k < std::min<size_t>(head.size(), 256); ++k) {
        unsigned char c = static_cast<unsigned char>(head[k]);
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') json = false;
    }
    if (json) return InputKind::json;
    if (framed) return InputKind::proto_framed;
    if (head[0] == 0x0A) return InputKind::proto_message;
    return InputKind::json;  // neither: the JSON reader says what is wrong with it
}

ProtoMessageReader::ProtoMessageReader(ByteSource& source, InputKind kind, uint64_t max_document_bytes, std::string name)
    : source_(source), kind_(kind), max_(max_document_bytes), name_(std::move(name)) {}

ProtoMessageReader::~ProtoMessageReader() {
    if (zstd_) ZSTD_freeDStream(zstd_);
}

bool ProtoMessageReader::next(Document& doc) {
    if (done_) return false;
    doc = Document{};
    doc.proto = true;
    doc.offset = offset_;
    if (kind_ == InputKind::proto_message) {
        done_ = true;
        // The whole stream is one message, held up to the document size limit.
        buf_.clear();
        char chunk[1 << 16];
        for (size_t n; (n = source_.read(chunk, sizeof chunk)) > 0;) {
            if (buf_.size() + n > max_) {
                uint64_t skipped = buf_.size() + n;
                buf_.clear();
                buf_.shrink_to_fit();
                while ((n = source_.read(chunk, sizeof chunk)) > 0) skipped += n;
                doc.oversized = true;
                doc.size = skipped;
                return true;
            }
            buf_.append(chunk, n);
        }
        if (buf_.empty()) return false;
        doc.data = buf_.data();
        doc.size = buf_.size();
        return true;
    }
    char len[4];
    size_t got = read_fully(source_, len, 4);
    if (got == 0) return false;
    if (got < 4) throw InputError(name_ + ": protobuf record at byte " + std::to_string(offset_) + " is cut short in its length");
    uint64_t size = big_endian32(len);
    offset_ += 4;
    if (size > max_) {
        char chunk[1 << 16];
        uint64_t left = size;
        while (left > 0) {
            size_t n = read_fully(source_, chunk, static_cast<size_t>(std::min<uint64_t>(left, sizeof chunk)));
            if (n == 0) throw InputError(name_ + ": protobuf record at byte " + std::to_string(doc.offset) + " is cut short");
            left -= n;
        }
        offset_ += size;
        doc.oversized = true;
        doc.size = size;
        return true;
    }
    buf_.resize(size);
    if (read_fully(source_, buf_.data(), size) < size)
        throw InputError(name_ + ": protobuf record at byte " + std::to_string(doc.offset) + " is cut short (" +
                         std::to_string(size) + " bytes announced)");
    offset_ += size;
    doc.data = buf_.data();
    doc.size = buf_.size();
    if (is_zstd(buf_.data(), buf_.size())) {  // the file exporter's compression: zstd, per record
        plain_.clear();
        if (!zstd_) zstd_ = ZSTD_createDStream();
        ZSTD_DStream* z = zstd_;
        ZSTD_initDStream(z);  // a fresh frame per record, one context for all
        ZSTD_inBuffer in{buf_.data(), buf_.size(), 0};
        char out_chunk[1 << 16];
        size_t ret = 1;
        while (in.pos < in.size || ret != 0) {
            ZSTD_outBuffer out{out_chunk, sizeof out_chunk, 0};
            ret = ZSTD_decompressStream(z, &out, &in);
            if (ZSTD_isError(ret) || (out.pos == 0 && in.pos == in.size && ret != 0)) {
                // The record is a document: its bytes are bad, the rest of the file is fine.
                doc.data = buf_.data();
                doc.size = buf_.size();
                doc.corrupt = true;
                return true;
            }
            plain_.append(out_chunk, out.pos);
            if (plain_.size() > max_) break;
        }
        if (plain_.size() > max_) {
            doc.oversized = true;
            doc.size = plain_.size();
            plain_.clear();
            return true;
        }
        doc.data = plain_.data();
        doc.size = plain_.size();
    }
    return true;
}

}  // namespace otelflat
