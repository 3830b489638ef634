#pragma once
// The collector's own CREATE TABLE texts (exporter/clickhouseexporter), rendered with the
// exporter's defaults; --ddl prints them so tables match the ones the exporter creates.
#include "decode/records.h"

namespace otelflat::otel {

extern const char* const kTracesDdl;
extern const char* const kLogsDdl;
const char* metrics_ddl(MetricType type, bool legacy_layout);

}  // namespace otelflat::otel
