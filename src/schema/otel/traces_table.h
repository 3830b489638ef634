#pragma once
#include "schema/attribute_map.h"
#include "schema/table_builder.h"

namespace otelflat {

// otel_traces as the collector's ClickHouse exporter fills it (otel-exporter-schema.md §2).
class OtelTracesTable final : public TableBuilder {
public:
    static const TableSpec& spec();
    explicit OtelTracesTable(uint64_t min_duration_ns) : TableBuilder(spec()), min_duration_ns_(min_duration_ns) {}
    void span(const SpanRecord& span);

private:
    void fill_scope(size_t first, size_t end, const ScopeRecord& scope) override;
    void fill_resource(size_t first, size_t end, const ResourceRecord& resource) override;

    AttributeMapWriter map_writer_{true};
    uint64_t min_duration_ns_;
};

}  // namespace otelflat
