#pragma once
#include <memory>
#include <string>
#include <vector>

#include "decode/records.h"
#include "schema/table_builder.h"

namespace otelflat {

// A family of output tables (flat, later otel) fed by one decoder: it receives every record
// and routes it to the table of its signal. The lifecycle calls reach every table.
class Schema : public RecordVisitor {
public:
    // Tables in documentation order; the first is the default for empty input.
    const std::vector<TableBuilder*>& tables() const { return tables_; }
    // Whether the decoder must read span events and links (they cost time to read).
    virtual bool needs_span_events() const { return false; }

    void begin_document() override { for (TableBuilder* t : tables_) t->begin_document(); }
    void abort_document() override { for (TableBuilder* t : tables_) t->abort_document(); }
    void begin_resource() override { for (TableBuilder* t : tables_) t->begin_resource(); }
    void begin_scope() override { for (TableBuilder* t : tables_) t->begin_scope(); }
    void begin_metric() override { for (TableBuilder* t : tables_) t->begin_metric(); }
    void restart_metric() override { for (TableBuilder* t : tables_) t->restart_metric(); }
    void end_metric(const MetricInfo& m) override { for (TableBuilder* t : tables_) t->end_metric(m); }
    void end_scope(const ScopeRecord& s) override { for (TableBuilder* t : tables_) t->end_scope(s); }
    void end_resource(const ResourceRecord& r) override { for (TableBuilder* t : tables_) t->end_resource(r); }

protected:
    std::vector<TableBuilder*> tables_;
};

enum class SchemaKind { flat, otel };

struct SchemaOptions {
    uint64_t min_duration_ns = 0;      // flat traces: drop shorter spans
    bool legacy_metrics_layout = false;  // otel: DateTime64(9) metric times (exporters < v0.160)
};

std::unique_ptr<Schema> make_schema(SchemaKind kind, const SchemaOptions& options);

// "otel_traces_processed, otel_logs_processed, ...": the choices, for messages.
std::string table_names(const Schema& schema);

}  // namespace otelflat
