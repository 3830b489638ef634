#include "sink/output.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace otelflat {

void FdOutput::flush() {
    size_t done = 0;
    while (done < buffer_.size()) {
        ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EPIPE) throw BrokenPipe();
            throw OutputError(name_ + ": write failed: " + std::strerror(errno));
        }
        done += static_cast<size_t>(n);
    }
    buffer_.clear();
}

}  // namespace otelflat
