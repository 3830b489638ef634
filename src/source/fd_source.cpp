#include "source/fd_source.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace otelflat {
namespace {
std::atomic<bool> g_input_stop{false};  // lock-free, so a signal handler may set it
}

void request_input_stop() { g_input_stop.store(true, std::memory_order_relaxed); }
bool input_stop_requested() { return g_input_stop.load(std::memory_order_relaxed); }

FdSource::FdSource(int fd, std::string name) : fd_(fd), name_(std::move(name)) {
    // A pipe holds 64 KB by default, so `zcat x.gz | otelflat` would read 64 KB at a time, and
    // the writer would stall whenever otelflat is busy. 1 MB is what an unprivileged process
    // may ask for (/proc/sys/fs/pipe-max-size); if refused, the pipe stays as it was.
    struct stat st;
    if (::fstat(fd_, &st) == 0 && S_ISFIFO(st.st_mode)) {
#ifdef F_SETPIPE_SZ
        (void)::fcntl(fd_, F_SETPIPE_SZ, 1 << 20);
#endif
    }
}

FdSource::~FdSource() {
    if (fd_ > 0) ::close(fd_);
}

size_t FdSource::read(char* dst, size_t capacity) {
    // After SIGINT/SIGTERM every read is the end: the signal may have come between two reads
    // (sniffing the input takes several), and the next one could block on an idle pipe forever.
    if (input_stop_requested()) return 0;
    for (;;) {
        ssize_t n = ::read(fd_, dst, capacity);
        if (n >= 0) {
            total_ += static_cast<uint64_t>(n);
            return static_cast<size_t>(n);
        }
        if (errno == EINTR) {
            if (input_stop_requested()) return 0;
            continue;
        }
        throw InputError(name_ + ": read failed: " + std::strerror(errno));
    }
}

}  // namespace otelflat
