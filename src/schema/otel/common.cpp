#include "schema/otel/common.h"

#include <cstring>
#include <limits>

namespace otelflat::otel {

std::string_view service_name(const AttributeList& resource_attributes) {
    for (const Attribute& a : resource_attributes)
        if (a.key == "service.name") return a.value;
    return {};
}

int64_t datetime64_ns(uint64_t nanos, uint64_t& clamped) {
    if (nanos > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        ++clamped;
        return std::numeric_limits<int64_t>::max();
    }
    return static_cast<int64_t>(nanos);
}

int64_t datetime_seconds(uint64_t nanos, uint64_t& clamped) {
    uint64_t seconds = nanos / 1000000000ULL;
    if (seconds > std::numeric_limits<uint32_t>::max()) {
        ++clamped;
        return std::numeric_limits<uint32_t>::max();
    }
    return static_cast<int64_t>(seconds);
}

void push_zero_filled_id(StringStore& column, const HexId& id, unsigned bytes) {
    if (id.size != 0) {
        column.push(id.view());
        return;
    }
    char zeros[32];
    std::memset(zeros, '0', sizeof zeros);
    column.push(std::string_view(zeros, 2 * bytes));
}


}  // namespace otelflat::otel
