#pragma once
// The collector's own CREATE TABLE texts (exporter/clickhouseexporter), rendered with the
// exporter's defaults (src/schema/otel/ddl/README.md says where each came from); --ddl prints
// them so that tables match the ones the exporter creates.
#include "decode/records.h"

namespace otelflat::otel {

const char* traces_ddl();
const char* logs_ddl();
const char* metrics_ddl(MetricType type, bool legacy_layout);

}  // namespace otelflat::otel
