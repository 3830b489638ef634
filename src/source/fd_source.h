#pragma once
#include <string>

#include "source/byte_source.h"

namespace otelflat {

// Reads a file descriptor; closes it at destruction unless it is stdin.
class FdSource final : public ByteSource {
public:
    FdSource(int fd, std::string name);
    ~FdSource() override;
    size_t read(char* dst, size_t capacity) override;
    uint64_t raw_bytes_read() const override { return total_; }

private:
    int fd_;
    std::string name_;
    uint64_t total_ = 0;
};

}  // namespace otelflat
