#pragma once
#include <cstdint>
#include <string>

#include "schema/attribute_map.h"
#include "schema/table_builder.h"
#include "text/md5_batch.h"

namespace otelflat {

// otel_traces_processed: one row per span, the table the hosted Python processor filled.
// Every column's rule lives in span() and fill_resource() below.
class FlatTracesTable final : public TableBuilder {
public:
    static const TableSpec& spec();
    explicit FlatTracesTable(uint64_t min_duration_ns);
    void span(const SpanRecord& span);

private:
    void fill_scope(size_t, size_t, const ScopeRecord&) override {}
    void fill_resource(size_t first, size_t end, const ResourceRecord& resource) override;

    AttributeMapWriter map_writer_;
    Md5Batch fingerprints_;  // the rows of a resource, hashed together
    uint64_t min_duration_ns_;
};

}  // namespace otelflat
