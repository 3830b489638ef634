#include "cli/stats.h"

#include <cinttypes>

namespace otelflat {

namespace {

// Every counter once, in the order both renderings print them.
template <typename Put>
void each_counter(const RunStats& s, Put put) {
    put("documents", s.documents);
    put("documents_converted", s.documents_converted);
    put("documents_rejected", s.documents_rejected);
    put("documents_skipped", s.documents_skipped);
    put("spans", s.spans);
    put("log_records", s.log_records);
    put("data_points", s.data_points);
    put("metrics_without_data", s.metrics_without_data);
    put("rows_written", s.rows_written);
    put("rows_filtered", s.rows_filtered);
    put("rows_deduplicated", s.rows_deduplicated);
    put("rows_sampled_out", s.rows_sampled_out);
    put("rows_unrouted", s.rows_unrouted);
    put("times_clamped", s.times_clamped);
    put("bytes_in", s.bytes_in);
}

template <typename Put>
void each_optional(const RunStats& s, Put put) {
    if (s.kafka_in) put("kafka_messages", s.kafka_messages);
    if (s.kafka_out) put("kafka_delivered", s.kafka_delivered);
    if (s.dead_letter) put("dead_letters", s.dead_letters);
}

}  // namespace

void RunStats::print(std::FILE* out) const {
    double rate = seconds > 0 ? static_cast<double>(rows_written) / seconds : 0;
    std::fputs("otelflat: stats:", out);
    auto put = [&](const char* key, uint64_t v) { std::fprintf(out, " %s=%" PRIu64, key, v); };
    each_counter(*this, put);
    std::fprintf(out, " seconds=%.3f rows_per_second=%.0f", seconds, rate);
    each_optional(*this, put);
    std::fputc('\n', out);
}

void RunStats::print_json(std::FILE* out) const {
    double rate = seconds > 0 ? static_cast<double>(rows_written) / seconds : 0;
    const char* sep = "{";
    auto put = [&](const char* key, uint64_t v) {
        std::fprintf(out, "%s\"%s\":%" PRIu64, sep, key, v);
        sep = ",";
    };
    each_counter(*this, put);
    std::fprintf(out, ",\"seconds\":%.3f,\"rows_per_second\":%.0f", seconds, rate);
    each_optional(*this, put);
    std::fputs("}\n", out);
}

}  // namespace otelflat
