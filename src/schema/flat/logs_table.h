#pragma once
#include "schema/attribute_map.h"
#include "schema/table_builder.h"
#include "text/int_text.h"
#include "text/md5_batch.h"

namespace otelflat {

// otel_logs_processed: one row per log record. Column rules in log() and fill_*() below.
class FlatLogsTable final : public TableBuilder {
public:
    static const TableSpec& spec();
    FlatLogsTable() : TableBuilder(spec()) {}
    void log(const LogRecord& log);

private:
    void fill_scope(size_t first, size_t end, const ScopeRecord& scope) override;
    void fill_resource(size_t first, size_t end, const ResourceRecord& resource) override;

    AttributeMapWriter map_writer_;
    Md5Batch fingerprints_;  // the rows of a resource, hashed together
    LastIntText timestamp_text_, observed_text_;  // fingerprint fields
};

}  // namespace otelflat
