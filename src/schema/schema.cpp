#include "schema/schema.h"

#include "schema/flat/flat_schema.h"
#include "schema/otel/otel_schema.h"

namespace otelflat {

std::unique_ptr<Schema> make_schema(SchemaKind kind, const SchemaOptions& o) {
    switch (kind) {
        case SchemaKind::otel:
            return std::make_unique<OtelSchema>(o.min_duration_ns,
                                                o.legacy_metrics_layout ? MetricsLayout::legacy : MetricsLayout::current);
        case SchemaKind::flat: break;
    }
    return std::make_unique<FlatSchema>(o.min_duration_ns);
}

std::string table_names(const Schema& schema) {
    std::string s;
    for (TableBuilder* t : schema.tables()) {
        if (!s.empty()) s += ", ";
        s += t->spec().name;
    }
    return s;
}

}  // namespace otelflat
