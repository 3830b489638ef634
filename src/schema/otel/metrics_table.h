#pragma once
#include <vector>

#include "schema/attribute_map.h"
#include "schema/table_builder.h"

namespace otelflat {

// The exporter's metrics tables have two layouts: the current one (DateTime times,
// LowCardinality MetricName) and the legacy one (DateTime64(9) times, String MetricName).
enum class MetricsLayout { current, legacy };

// otel_metrics_{gauge,sum,histogram,exponential_histogram,summary} as the collector's
// exporter fills them (otel-exporter-schema.md §4). One class serves all five: each column's
// name says which field of the data point it holds (see Field in the .cpp).
class OtelMetricsTable final : public TableBuilder {
public:
    static const TableSpec& spec(MetricType type, MetricsLayout layout);
    OtelMetricsTable(MetricType type, MetricsLayout layout);
    MetricType type() const { return type_; }
    void point(const MetricPoint& point);

private:
    void fill_metric(size_t first, size_t end, const MetricInfo& metric) override;
    void fill_scope(size_t first, size_t end, const ScopeRecord& scope) override;
    void fill_resource(size_t first, size_t end, const ResourceRecord& resource) override;

    MetricType type_;
    std::vector<int> fields_;            // per column
    std::vector<size_t> point_columns_;  // the columns a data point fills (the rest: per metric, scope, resource)
    AttributeMapWriter map_writer_{true};
};

}  // namespace otelflat
