#include "source/decompress.h"

#include <snappy.h>
#include <zstd.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "source/crc32c.h"

namespace otelflat {
namespace {

// Replays bytes already read from `inner` (while sniffing) before reading on.
class ZstdSource final : public ByteSource {
public:
    ZstdSource(std::unique_ptr<ByteSource> inner, std::string name)
        : inner_(std::move(inner)), name_(std::move(name)), in_buf_(ZSTD_DStreamInSize()) {
        stream_ = ZSTD_createDStream();
        ZSTD_initDStream(stream_);
    }
    ~ZstdSource() override { ZSTD_freeDStream(stream_); }

    size_t read(char* dst, size_t capacity) override {
        ZSTD_outBuffer out{dst, capacity, 0};
        while (out.pos == 0) {
            if (in_.pos == in_.size) {
                if (eof_) {
                    if (frame_open_)
                        throw InputError(name_ + ": zstd stream is truncated (last frame incomplete)");
                    return 0;
                }
                size_t n = inner_->read(in_buf_.data(), in_buf_.size());
                if (n == 0) { eof_ = true; continue; }
                in_ = ZSTD_inBuffer{in_buf_.data(), n, 0};
            }
            size_t ret = ZSTD_decompressStream(stream_, &out, &in_);
            if (ZSTD_isError(ret))
                throw InputError(name_ + ": zstd data is corrupt near compressed byte " +
                                 std::to_string(inner_->raw_bytes_read()) + ": " +
                                 ZSTD_getErrorName(ret));
            frame_open_ = ret != 0;
        }
        return out.pos;
    }
    uint64_t raw_bytes_read() const override { return inner_->raw_bytes_read(); }

private:
    std::unique_ptr<ByteSource> inner_;
    std::string name_;
    std::vector<char> in_buf_;
    ZSTD_inBuffer in_{nullptr, 0, 0};
    ZSTD_DStream* stream_;
    bool eof_ = false;
    bool frame_open_ = false;
};

// The snappy framing format (github.com/google/snappy framing_format.txt): chunks of
// type byte + 24-bit little-endian length; data chunks carry a masked CRC-32C of their
// uncompressed bytes, which is checked.
class SnappyFramedSource final : public ByteSource {
public:
    SnappyFramedSource(std::unique_ptr<ByteSource> inner, std::string name)
        : inner_(std::move(inner)), name_(std::move(name)) {}

    size_t read(char* dst, size_t capacity) override {
        while (pos_ == plain_.size()) {
            if (!next_chunk()) return 0;
        }
        size_t n = std::min(capacity, plain_.size() - pos_);
        std::memcpy(dst, plain_.data() + pos_, n);
        pos_ += n;
        return n;
    }
    uint64_t raw_bytes_read() const override { return inner_->raw_bytes_read(); }

private:
    // Reads exactly n bytes; returns false at a clean end of stream before the first byte.
    bool read_exact(char* dst, size_t n, bool eof_ok) {
        size_t got = 0;
        while (got < n) {
            size_t r = inner_->read(dst + got, n - got);
            if (r == 0) {
                if (got == 0 && eof_ok) return false;
                throw InputError(name_ + ": snappy stream is truncated at byte " +
                                 std::to_string(offset_ + got));
            }
            got += r;
        }
        offset_ += n;
        return true;
    }

    [[noreturn]] void corrupt(const std::string& why) {
        throw InputError(name_ + ": snappy stream is corrupt at byte " + std::to_string(chunk_at_) +
                         ": " + why);
    }

    bool next_chunk() {
        unsigned char header[4];
        chunk_at_ = offset_;
        if (!read_exact(reinterpret_cast<char*>(header), 4, true)) return false;
        size_t len = header[1] | (size_t{header[2]} << 8) | (size_t{header[3]} << 16);
        chunk_.resize(len);
        read_exact(chunk_.data(), len, false);
        plain_.clear();
        pos_ = 0;
        unsigned type = header[0];
        if (type == 0xff) {
            if (len != 6 || std::memcmp(chunk_.data(), "sNaPpY", 6) != 0) corrupt("bad stream identifier");
            return true;
        }
        if (type == 0x00 || type == 0x01) {
            if (len < 4) corrupt("data chunk shorter than its checksum");
            const auto* c = reinterpret_cast<const unsigned char*>(chunk_.data());
            uint32_t expected = c[0] | (uint32_t{c[1]} << 8) | (uint32_t{c[2]} << 16) | (uint32_t{c[3]} << 24);
            if (type == 0x00) {
                size_t ulen = 0;
                if (!snappy::GetUncompressedLength(chunk_.data() + 4, len - 4, &ulen) || ulen > 65536)
                    corrupt("bad compressed chunk");
                plain_.resize(ulen);
                if (!snappy::RawUncompress(chunk_.data() + 4, len - 4, plain_.data()))
                    corrupt("bad compressed chunk");
            } else {
                plain_.assign(chunk_.data() + 4, len - 4);
            }
            if (masked_crc32c(plain_.data(), plain_.size()) != expected) corrupt("checksum mismatch");
            return true;
        }
        if (type >= 0x80) return true;  // padding and skippable chunks
        corrupt("reserved unskippable chunk type " + std::to_string(type));
    }

    std::unique_ptr<ByteSource> inner_;
    std::string name_;
    std::string chunk_;
    std::string plain_;
    size_t pos_ = 0;
    uint64_t offset_ = 0;
    uint64_t chunk_at_ = 0;
};

}  // namespace

std::unique_ptr<ByteSource> wrap_decompression(std::unique_ptr<ByteSource> raw, const std::string& name) {
    static constexpr unsigned char kZstd[4] = {0x28, 0xB5, 0x2F, 0xFD};
    static constexpr unsigned char kSnappy[10] = {0xFF, 0x06, 0x00, 0x00, 's', 'N', 'a', 'P', 'p', 'Y'};
    std::string head(sizeof kSnappy, '\0');
    size_t got = read_fully(*raw, head.data(), head.size());
    head.resize(got);
    auto starts_with = [&](const unsigned char* magic, size_t n) {
        return got >= n && std::memcmp(head.data(), magic, n) == 0;
    };
    bool zstd = starts_with(kZstd, sizeof kZstd);
    bool snappy = starts_with(kSnappy, sizeof kSnappy);
    std::unique_ptr<ByteSource> replay = std::make_unique<PrefixedSource>(std::move(raw), std::move(head));
    if (zstd) return std::make_unique<ZstdSource>(std::move(replay), name);
    if (snappy) return std::make_unique<SnappyFramedSource>(std::move(replay), name);
    return replay;
}

}  // namespace otelflat
