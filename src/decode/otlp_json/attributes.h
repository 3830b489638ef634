#pragma once
#include "decode/otlp_json/anyvalue.h"
#include "decode/records.h"

namespace otelflat::otlp_json {

// Collects one attribute list (resource, scope or span) from `[{"key":…,"value":…}, …]`.
// Repeated "attributes" members append, as in the collector.
class AttributeCollector : public AttributeListBuilder {
public:
    void read(od::value& list, AnyValueRenderer& renderer, JsonPath& path);
};

// Collectors for a variable number of nested records (span events, links, exemplars).
using AttributeCollectorPool = ReusePool<AttributeCollector>;

}  // namespace otelflat::otlp_json
