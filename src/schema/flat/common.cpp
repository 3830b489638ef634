#include "schema/flat/common.h"

#include "schema/attribute_map.h"

namespace otelflat::flat {

std::string_view service_name(const AttributeList& resource_attributes) {
    const Attribute* a = AttributeMapWriter::find_last(resource_attributes, "service.name");
    return a && !a->value.empty() ? a->value : std::string_view("unknown");
}

void push_digests(Md5Batch& md5, StringStore& column) {
    std::string_view hex = md5.hex_digests();
    for (size_t i = 0; i < md5.size(); ++i) column.push(hex.substr(32 * i, 32));
    md5.clear();
}

}  // namespace otelflat::flat
