#pragma once
#include "schema/attribute_map.h"
#include "schema/table_builder.h"

namespace otelflat {

// otel_logs as the collector's ClickHouse exporter fills it (otel-exporter-schema.md §3).
class OtelLogsTable final : public TableBuilder {
public:
    static const TableSpec& spec();
    OtelLogsTable() : TableBuilder(spec()) {}
    void log(const LogRecord& log);

private:
    void fill_scope(size_t first, size_t end, const ScopeRecord& scope) override;
    void fill_resource(size_t first, size_t end, const ResourceRecord& resource) override;

    AttributeMapWriter map_writer_{true};
};

}  // namespace otelflat
