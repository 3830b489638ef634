#pragma once
#include "decode/otlp_json/anyvalue.h"
#include "decode/records.h"

namespace otelflat::otlp_json {

// Collects one attribute list (resource, scope or span) from `[{"key":…,"value":…}, …]`.
// Repeated "attributes" members append, as in the collector.
class AttributeCollector : public AttributeListBuilder {
public:
    void read(od::value& list, AnyValueRenderer& renderer, JsonPath& path);
    // One element in the commonest form, {"key":"K","value":{"stringValue":"V"}} (or one
    // integer, double or boolean member), read from its text at p by the plain readers
    // (plain_text.h) and added: where it ends, or nullptr (nothing added) for any other
    // element, which read() then reads with simdjson.
    // No string is scanned past `limit`, if given (plain_metrics.cpp gives its document's end).
    const char* read_plain(const char* p, AnyValueRenderer& renderer, const char* limit = nullptr);
};

// Collectors for a variable number of nested records (span events, links, exemplars).
using AttributeCollectorPool = ReusePool<AttributeCollector>;

}  // namespace otelflat::otlp_json
