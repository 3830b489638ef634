#include "decode/otlp_json/attributes.h"

namespace otelflat::otlp_json {

void AttributeCollector::read(od::value& list, AnyValueRenderer& renderer, JsonPath& path) {
    for_each_object(list, "attributes", path, [&](od::object kv) {
        std::string_view key;
        RenderedValue value;
        for_each_field(kv, [&](std::string_view k, od::value& v) {
            if (k == "key") key = read_string(v);
            else if (k == "value") value = renderer.render(v, scratch());
        });
        add(key, value);
    });
}

}  // namespace otelflat::otlp_json
