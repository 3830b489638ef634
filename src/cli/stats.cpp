#include "cli/stats.h"

#include <cinttypes>

namespace otelflat {

void RunStats::print(std::FILE* out) const {
    double rate = seconds > 0 ? static_cast<double>(rows_written) / seconds : 0;
    std::fprintf(out,
                 "otelflat: stats: documents=%" PRIu64 " documents_converted=%" PRIu64
                 " documents_rejected=%" PRIu64 " documents_skipped=%" PRIu64 " spans=%" PRIu64
                 " rows_written=%" PRIu64 " rows_filtered=%" PRIu64 " bytes_in=%" PRIu64
                 " seconds=%.3f rows_per_second=%.0f\n",
                 documents, documents_converted, documents_rejected, documents_skipped, spans, rows_written,
                 rows_filtered, bytes_in, seconds, rate);
}

}  // namespace otelflat
