#include "sink/output.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace otelflat {

void FdOutput::write_all(const char* data, size_t size) {
    size_t done = 0;
    while (done < size) {
        ssize_t n = ::write(fd_, data + done, size - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EPIPE) throw BrokenPipe();
            throw OutputError(name_ + ": write failed: " + std::strerror(errno));
        }
        done += static_cast<size_t>(n);
    }
}

void FdOutput::flush() {
    write_all(buffer_.data(), buffer_.size());
    buffer_.clear();
}

void FdOutput::append(std::string_view data) {
    if (data.size() < kWriteDirectAt && buffer_.size() + data.size() < kFlushAt) {
        buffer_.append(data);
        return;
    }
    flush();
    write_all(data.data(), data.size());
}

}  // namespace otelflat
