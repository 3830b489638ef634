#include "decode/otlp_json/attributes.h"

namespace otelflat::otlp_json {

void AttributeCollector::read(od::value list, AnyValueRenderer& renderer, JsonPath& path) {
    for_each_object(list, "attributes", path, [&](od::object kv) {
        Pending p;
        for_each_field(kv, [&](std::string_view k, od::value v) {
            if (k == "key") p.key = read_string(v);
            else if (k == "value") p.value = renderer.render(v, scratch_);
        });
        pending_.push_back(p);
    });
}

AttributeList AttributeCollector::list() {
    resolved_.clear();
    for (const Pending& p : pending_) resolved_.push_back(Attribute{p.key, p.value.resolve(scratch_)});
    return AttributeList{resolved_.data(), resolved_.size()};
}

}  // namespace otelflat::otlp_json
