#pragma once
#include "schema/otel/logs_table.h"
#include "schema/otel/metrics_table.h"
#include "schema/otel/traces_table.h"
#include "schema/schema.h"

namespace otelflat {

// --schema otel: the tables of the OpenTelemetry Collector's ClickHouse exporter.
class OtelSchema final : public Schema {
public:
    OtelSchema(uint64_t min_duration_ns, MetricsLayout layout)
        : traces_(min_duration_ns),
          gauge_(MetricType::gauge, layout),
          sum_(MetricType::sum, layout),
          histogram_(MetricType::histogram, layout),
          exponential_histogram_(MetricType::exponential_histogram, layout),
          summary_(MetricType::summary, layout) {
        tables_ = {&traces_, &logs_, &gauge_, &sum_, &histogram_, &exponential_histogram_, &summary_};
    }
    bool needs_span_events() const override { return true; }
    void span(const SpanRecord& s) override { traces_.span(s); }
    void log(const LogRecord& r) override { logs_.log(r); }
    void metric_point(MetricType type, const MetricPoint& p) override {
        switch (type) {
            case MetricType::gauge: gauge_.point(p); break;
            case MetricType::sum: sum_.point(p); break;
            case MetricType::histogram: histogram_.point(p); break;
            case MetricType::exponential_histogram: exponential_histogram_.point(p); break;
            case MetricType::summary: summary_.point(p); break;
            case MetricType::none: break;
        }
    }

private:
    OtelTracesTable traces_;
    OtelLogsTable logs_;
    OtelMetricsTable gauge_, sum_, histogram_, exponential_histogram_, summary_;
};

}  // namespace otelflat
