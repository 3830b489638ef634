#include "cli/progress.h"

#include <unistd.h>

#include <cinttypes>
#include <cstdio>

namespace otelflat {

Progress::Progress(bool quiet, uint64_t total_bytes)
    : enabled_(!quiet && ::isatty(2)), total_(total_bytes), start_(std::chrono::steady_clock::now()),
      next_(start_ + std::chrono::milliseconds(500)) {}

void Progress::update(uint64_t bytes_in, uint64_t rows, int64_t lag) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (now < next_) return;
    next_ = now + std::chrono::milliseconds(500);
    double seconds = std::chrono::duration<double>(now - start_).count();
    char line[160];
    int n = std::snprintf(line, sizeof line, "otelflat: %.1f MB", bytes_in / 1e6);
    if (total_ > 0)
        n += std::snprintf(line + n, sizeof line - n, " of %.1f MB (%.0f%%)", total_ / 1e6, 100.0 * bytes_in / total_);
    n += std::snprintf(line + n, sizeof line - n, ", %" PRIu64 " rows, %.0f rows/s", rows, seconds > 0 ? rows / seconds : 0);
    if (lag >= 0) std::snprintf(line + n, sizeof line - n, ", lag %" PRId64 " messages", lag);
    std::fprintf(stderr, "\r%s\x1b[K", line);
    std::fflush(stderr);
    shown_ = true;
}

void Progress::clear() {
    if (!shown_) return;
    std::fputs("\r\x1b[K", stderr);
    std::fflush(stderr);
    shown_ = false;
}

}  // namespace otelflat
