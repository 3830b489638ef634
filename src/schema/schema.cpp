#include "schema/schema.h"

#include "schema/flat/flat_schema.h"

namespace otelflat {

TableBuilder* Schema::find(const std::string& name) const {
    for (TableBuilder* t : tables_)
        if (name == t->spec().name) return t;
    return nullptr;
}

std::unique_ptr<Schema> make_schema(SchemaKind kind, uint64_t min_duration_ns) {
    switch (kind) {
        case SchemaKind::flat: break;
    }
    return std::make_unique<FlatSchema>(min_duration_ns);
}

}  // namespace otelflat
