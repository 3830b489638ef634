#include "schema/otel/ddl.h"

namespace otelflat::otel {

// Placeholders until the exporter's texts are in: nullptr renders the DDL from the columns.
const char* const kTracesDdl = nullptr;
const char* const kLogsDdl = nullptr;

const char* metrics_ddl(MetricType, bool) { return nullptr; }

}  // namespace otelflat::otel
