#include "source/fd_source.h"

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace otelflat {

FdSource::FdSource(int fd, std::string name) : fd_(fd), name_(std::move(name)) {}

FdSource::~FdSource() {
    if (fd_ > 0) ::close(fd_);
}

size_t FdSource::read(char* dst, size_t capacity) {
    for (;;) {
        ssize_t n = ::read(fd_, dst, capacity);
        if (n >= 0) {
            total_ += static_cast<uint64_t>(n);
            return static_cast<size_t>(n);
        }
        if (errno == EINTR) continue;
        throw InputError(name_ + ": read failed: " + std::strerror(errno));
    }
}

}  // namespace otelflat
