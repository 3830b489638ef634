#pragma once
#include <cstdint>

#include "decode/records.h"
#include "schema/attribute_map.h"
#include "schema/block.h"
#include "schema/table.h"

namespace otelflat {

// otel_traces_processed: one row per span, the table the hosted Python processor filled.
// Every column's rule lives in span() / end_resource() below.
class FlatTracesTable final : public TraceVisitor {
public:
    static const TableSpec& spec();

    explicit FlatTracesTable(uint64_t min_duration_ns);

    Block& block() { return block_; }
    uint64_t rows_filtered() const { return rows_filtered_; }

    void begin_document() override;
    void abort_document() override;

    void begin_resource() override;
    void begin_scope() override {}
    void span(const SpanRecord& span) override;
    void end_scope(const ScopeRecord&) override {}
    void end_resource(const ResourceRecord& resource) override;

private:
    Block block_;
    Column *timestamp_, *trace_id_, *span_id_, *parent_span_id_, *service_name_, *span_name_,
        *duration_ms_, *status_code_, *attributes_, *fingerprint_;
    AttributeMapWriter map_writer_;
    uint64_t min_duration_ns_;
    uint64_t rows_filtered_ = 0;
    size_t resource_first_row_ = 0;
    size_t document_first_row_ = 0;
    uint64_t document_filtered_before_ = 0;
};

}  // namespace otelflat
