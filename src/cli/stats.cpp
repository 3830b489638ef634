#include "cli/stats.h"

#include <cinttypes>

namespace otelflat {

void RunStats::print(std::FILE* out) const {
    double rate = seconds > 0 ? static_cast<double>(rows_written) / seconds : 0;
    std::fprintf(out,
                 "otelflat: stats: documents=%" PRIu64 " documents_converted=%" PRIu64
                 " documents_rejected=%" PRIu64 " documents_skipped=%" PRIu64 " spans=%" PRIu64
                 " log_records=%" PRIu64 " data_points=%" PRIu64 " metrics_without_data=%" PRIu64
                 " rows_written=%" PRIu64 " rows_filtered=%" PRIu64 " rows_unrouted=%" PRIu64
                 " times_clamped=%" PRIu64 " bytes_in=%" PRIu64 " seconds=%.3f rows_per_second=%.0f",
                 documents, documents_converted, documents_rejected, documents_skipped, spans, log_records,
                 data_points, metrics_without_data, rows_written, rows_filtered, rows_unrouted, times_clamped,
                 bytes_in, seconds, rate);
    if (kafka_in) std::fprintf(out, " kafka_messages=%" PRIu64, kafka_messages);
    if (kafka_out) std::fprintf(out, " kafka_delivered=%" PRIu64, kafka_delivered);
    if (dead_letter) std::fprintf(out, " dead_letters=%" PRIu64, dead_letters);
    std::fputc('\n', out);
}

void RunStats::print_json(std::FILE* out) const {
    double rate = seconds > 0 ? static_cast<double>(rows_written) / seconds : 0;
    std::fprintf(out,
                 "{\"documents\":%" PRIu64 ",\"documents_converted\":%" PRIu64 ",\"documents_rejected\":%" PRIu64
                 ",\"documents_skipped\":%" PRIu64 ",\"spans\":%" PRIu64 ",\"log_records\":%" PRIu64
                 ",\"data_points\":%" PRIu64 ",\"metrics_without_data\":%" PRIu64 ",\"rows_written\":%" PRIu64
                 ",\"rows_filtered\":%" PRIu64 ",\"rows_unrouted\":%" PRIu64 ",\"times_clamped\":%" PRIu64
                 ",\"bytes_in\":%" PRIu64 ",\"seconds\":%.3f,\"rows_per_second\":%.0f",
                 documents, documents_converted, documents_rejected, documents_skipped, spans, log_records,
                 data_points, metrics_without_data, rows_written, rows_filtered, rows_unrouted, times_clamped,
                 bytes_in, seconds, rate);
    if (kafka_in) std::fprintf(out, ",\"kafka_messages\":%" PRIu64, kafka_messages);
    if (kafka_out) std::fprintf(out, ",\"kafka_delivered\":%" PRIu64, kafka_delivered);
    if (dead_letter) std::fprintf(out, ",\"dead_letters\":%" PRIu64, dead_letters);
    std::fputs("}\n", out);
}

}  // namespace otelflat
