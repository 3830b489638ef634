#include "schema/flat/common.h"

#include <charconv>

#include "schema/attribute_map.h"

namespace otelflat::flat {

std::string_view service_name(const AttributeList& resource_attributes) {
    const Attribute* a = AttributeMapWriter::find_last(resource_attributes, "service.name");
    return a && !a->value.empty() ? a->value : std::string_view("unknown");
}

void hash_field(Md5Batch& md5, std::string_view field) {
    md5.add(field);
    md5.add("\x1f");
}

void hash_field(Md5Batch& md5, int64_t number) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, number);
    hash_field(md5, std::string_view(buf, static_cast<size_t>(r.ptr - buf)));
}

void hash_map_row(Md5Batch& md5, const Column& map_column, size_t row) {
    for (uint64_t e = map_column.first(row); e < map_column.offsets[row]; ++e) {
        md5.add(map_column.strings.at(e));
        md5.add("\x1e");
        md5.add(map_column.values.at(e));
        md5.add("\x1e");
    }
}

void push_digests(Md5Batch& md5, StringStore& column) {
    std::string_view hex = md5.hex_digests();
    for (size_t i = 0; i < md5.size(); ++i) column.push(hex.substr(32 * i, 32));
    md5.clear();
}

}  // namespace otelflat::flat
