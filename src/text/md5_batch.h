#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "text/char_buffer.h"

namespace otelflat {

// Many MD5 digests (RFC 1321) at once, for fingerprint columns, which hash every row. One
// MD5 is a chain of 64 dependent steps that leaves most of a core idle, so messages are
// collected first and then hashed sixteen at a time, one per 32-bit lane of two AVX2 registers
// (one at a time when built without AVX2). Storage is reused from batch to batch.
class Md5Batch {
public:
    void clear() {
        bytes_.clear();
        ends_.clear();
    }
    // Appends to the message being built; end_message() closes it.
    void add(std::string_view piece) { bytes_.append(piece.data(), piece.size()); }
    // A piece and the separator byte after it, in one step (fingerprint fields).
    void add(std::string_view piece, char separator) {
        char* p = bytes_.extend(piece.size() + 1);
        copy_bytes(p, piece.data(), piece.size());
        p[piece.size()] = separator;
    }
    void end_message() { ends_.push_back(bytes_.size()); }
    size_t size() const { return ends_.size(); }

    // The digests of the messages, in order, each as 32 lower-case hex characters; valid
    // until the next call or clear().
    std::string_view hex_digests();

private:
    CharBuffer bytes_;
    std::vector<size_t> ends_;
    std::string scratch_;  // the padded messages being hashed
    std::vector<size_t> order_;  // the messages in the order they are hashed
    std::string hex_;      // what hex_digests() returns
};

}  // namespace otelflat
