#pragma once
// The progress line on a terminal: bytes read of the total (files), rows and rows/s, and the
// consumer lag (Kafka), redrawn about twice a second on stderr. Nothing at all when stderr is
// not a terminal or with -q, so logs and pipes never see it.
#include <chrono>
#include <cstdint>
#include <string>

namespace otelflat {

class Progress {
public:
    // total_bytes: the inputs' size when known (0: stdin or Kafka).
    Progress(bool quiet, uint64_t total_bytes);
    ~Progress() { clear(); }  // also when the run ends by an error

    // Redraws when half a second has passed. lag < 0: not Kafka.
    void update(uint64_t bytes_in, uint64_t rows, int64_t lag = -1);
    // Erases the line (before other messages, and at the end).
    void clear();
    bool enabled() const { return enabled_; }

private:
    bool enabled_;
    bool shown_ = false;
    uint64_t total_;
    std::chrono::steady_clock::time_point start_, next_;
};

}  // namespace otelflat
