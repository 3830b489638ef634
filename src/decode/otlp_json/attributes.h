#pragma once
#include <deque>
#include <string>
#include <vector>

#include "decode/otlp_json/anyvalue.h"
#include "decode/records.h"

namespace otelflat::otlp_json {

// Collects one attribute list (resource, scope or span) from `[{"key":…,"value":…}, …]`.
// Repeated "attributes" members append, as in the collector. Storage is reused between
// lists, so reading attributes allocates nothing once warmed up.
class AttributeCollector {
public:
    void clear() {
        pending_.clear();
        scratch_.clear();
    }
    void read(od::value list, AnyValueRenderer& renderer, JsonPath& path);
    // Resolves the rendered values into views; valid until the next clear()/read().
    AttributeList list();

private:
    struct Pending {
        std::string_view key;
        RenderedValue value;
    };
    std::vector<Pending> pending_;
    std::vector<Attribute> resolved_;
    std::string scratch_;
};

// Attribute lists for a variable number of nested records (span events, links, exemplars):
// collectors are reused from record to record and never shrink.
class AttributeCollectorPool {
public:
    void reset() { used_ = 0; }
    AttributeCollector& next() {
        if (used_ == pool_.size()) pool_.emplace_back();
        AttributeCollector& c = pool_[used_++];
        c.clear();
        return c;
    }
    AttributeCollector& at(size_t i) { return pool_[i]; }

private:
    std::deque<AttributeCollector> pool_;  // deque: growing keeps references
    size_t used_ = 0;
};

}  // namespace otelflat::otlp_json
