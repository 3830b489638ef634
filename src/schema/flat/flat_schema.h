#pragma once
#include "schema/flat/logs_table.h"
#include "schema/flat/metrics_table.h"
#include "schema/flat/traces_table.h"
#include "schema/schema.h"

namespace otelflat {

// --schema flat: the processed-tables family (traces, logs, metrics).
class FlatSchema final : public Schema {
public:
    explicit FlatSchema(uint64_t min_duration_ns) : traces_(min_duration_ns) {
        tables_ = {&traces_, &logs_, &metrics_};
    }
    void span(const SpanRecord& s) override { traces_.span(s); }
    void log(const LogRecord& r) override { logs_.log(r); }
    void metric_point(MetricType type, const MetricPoint& p) override { metrics_.point(type, p); }

private:
    FlatTracesTable traces_;
    FlatLogsTable logs_;
    FlatMetricsTable metrics_;
};

}  // namespace otelflat
