#pragma once
// The protobuf wire format (https://protobuf.dev/programming-guides/encoding/), read in place:
// fields of one message are visited in order and length-delimited values are views into the
// input. Malformed input (a varint past 10 bytes or past the end, a length past the end, a
// deprecated group, an unknown wire type) throws DecodeError; nothing is read out of bounds.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "decode/decode_error.h"

namespace otelflat::otlp_proto {

enum WireType : uint32_t { kVarint = 0, kFixed64 = 1, kLen = 2, kFixed32 = 5 };

struct Field {
    uint32_t number = 0;
    uint32_t wire = 0;
    uint64_t varint = 0;        // kVarint
    uint64_t fixed = 0;         // kFixed64, kFixed32
    std::string_view bytes;     // kLen

    double as_double() const {
        double d;
        std::memcpy(&d, &fixed, sizeof d);
        return d;
    }
};

// Reads the fields of one message.
class MessageReader {
public:
    explicit MessageReader(std::string_view data)
        : p_(reinterpret_cast<const uint8_t*>(data.data())), end_(p_ + data.size()) {}

    bool next(Field& f) {
        if (p_ == end_) return false;
        uint64_t key = varint();
        f.number = static_cast<uint32_t>(key >> 3);
        f.wire = static_cast<uint32_t>(key & 7);
        if (f.number == 0 || key >> 3 > 0x1FFFFFFF) throw DecodeError("protobuf: invalid field number");
        switch (f.wire) {
            case kVarint: f.varint = varint(); break;
            case kFixed64: f.fixed = fixed(8); break;
            case kFixed32: f.fixed = fixed(4); break;
            case kLen: {
                uint64_t n = varint();
                if (n > static_cast<uint64_t>(end_ - p_))
                    throw DecodeError("protobuf: field " + std::to_string(f.number) + " has a length past the end of its message");
                f.bytes = std::string_view(reinterpret_cast<const char*>(p_), static_cast<size_t>(n));
                p_ += n;
                break;
            }
            case 3:
            case 4: throw DecodeError("protobuf: field " + std::to_string(f.number) + " is a group (deprecated; OTLP has none)");
            default: throw DecodeError("protobuf: field " + std::to_string(f.number) + " has an invalid wire type " + std::to_string(f.wire));
        }
        return true;
    }

    uint64_t varint() {
        uint64_t v = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (p_ == end_) throw DecodeError("protobuf: a varint runs past the end of its message");
            uint8_t b = *p_++;
            if (shift == 63 && b > 1) throw DecodeError("protobuf: a varint is longer than 64 bits");
            v |= static_cast<uint64_t>(b & 0x7F) << shift;
            if (b < 0x80) return v;
        }
        throw DecodeError("protobuf: a varint is longer than 10 bytes");
    }

    bool at_end() const { return p_ == end_; }

private:
    uint64_t fixed(int n) {
        if (end_ - p_ < n) throw DecodeError("protobuf: a fixed-size value runs past the end of its message");
        uint64_t v = 0;
        std::memcpy(&v, p_, n);  // little-endian on the wire and (static_assert in native.cpp) here
        p_ += n;
        return v;
    }

    const uint8_t* p_;
    const uint8_t* end_;
};

}  // namespace otelflat::otlp_proto
