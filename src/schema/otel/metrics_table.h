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
    // The columns a data point fills, and those filled per metric, scope and resource: each
    // level's loop visits its own columns only (visiting all of them, per metric, cost 3.5% of
    // the time to Native).
    std::vector<size_t> point_columns_, metric_columns_, scope_columns_, resource_columns_;
    AttributeMapWriter map_writer_{true};
};

}  // namespace otelflat
