#pragma once
#include <cstdint>
#include <deque>
#include <string>

#include "decode/records.h"
#include "schema/block.h"
#include "schema/table.h"

namespace otelflat {

// One output table being filled: its block, plus the bookkeeping every table needs. Resource
// and scope details arrive after their records (see RecordVisitor), so a table fills the
// columns that come from them for the row range they cover, in fill_resource/fill_scope.
class TableBuilder {
public:
    explicit TableBuilder(const TableSpec& spec) : spec_(spec), block_(make_block(spec)) {}
    virtual ~TableBuilder() = default;

    const TableSpec& spec() const { return spec_; }
    // Adds a column after the table's own (--attr-column): the table never fills it; the row
    // transformations do, for each document's rows. Also in the table's DDL.
    void add_column(const std::string& name, const std::string& type, const std::string& codec);
    // The first row of the document being converted.
    size_t document_first_row() const { return document_first_row_; }
    Block& block() { return block_; }
    uint64_t rows_filtered() const { return rows_filtered_; }
    uint64_t times_clamped() const { return times_clamped_; }

    // The counts go back with the rows: a document read again (by the walker after the plain
    // readers, or after its escapes are repaired) counts its rows once.
    void begin_document() {
        document_first_row_ = block_.rows;
        document_filtered_before_ = rows_filtered_;
        document_clamped_before_ = times_clamped_;
    }
    void abort_document() {
        block_.truncate(document_first_row_);
        rows_filtered_ = document_filtered_before_;
        times_clamped_ = document_clamped_before_;
    }
    void begin_resource() { resource_first_row_ = block_.rows; }
    void begin_scope() { scope_first_row_ = block_.rows; }
    void begin_metric() {
        metric_first_row_ = block_.rows;
        metric_clamped_before_ = times_clamped_;
    }
    void restart_metric() {
        block_.truncate(metric_first_row_);
        times_clamped_ = metric_clamped_before_;
    }
    void end_metric(const MetricInfo& metric) { fill_metric(metric_first_row_, block_.rows, metric); }
    void end_scope(const ScopeRecord& scope) { fill_scope(scope_first_row_, block_.rows, scope); }
    void end_resource(const ResourceRecord& resource) { fill_resource(resource_first_row_, block_.rows, resource); }

protected:
    virtual void fill_scope(size_t first, size_t end, const ScopeRecord& scope) = 0;
    virtual void fill_resource(size_t first, size_t end, const ResourceRecord& resource) = 0;
    virtual void fill_metric(size_t, size_t, const MetricInfo&) {}
    Column& column(size_t i) { return block_.columns[i]; }

    TableSpec spec_;  // a copy: added columns make it this run's own
    Block block_;
    uint64_t rows_filtered_ = 0;
    uint64_t times_clamped_ = 0;  // times beyond what the column type holds

private:
    std::deque<std::string> owned_;  // names, types and DDL text the spec points into
    size_t document_first_row_ = 0, resource_first_row_ = 0, scope_first_row_ = 0, metric_first_row_ = 0;
    uint64_t document_filtered_before_ = 0, document_clamped_before_ = 0, metric_clamped_before_ = 0;
};

}  // namespace otelflat
