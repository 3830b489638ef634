#include "decode/otlp_json/attributes.h"

namespace otelflat::otlp_json {

void AttributeCollector::read(od::value list, AnyValueRenderer& renderer, JsonPath& path) {
    if (type_of(list) == od::json_type::null) return;
    od::array arr;
    if (list.get_array().get(arr)) fail("attributes must be an array");
    PathScope at(path, "attributes");
    int64_t index = 0;
    for (auto e : arr) {
        at.index(index++);
        od::object kv;
        if (e.get_object().get(kv)) fail("an attribute must be an object");
        Pending p;
        for (auto f : kv) {
            od::field field;
            if (std::move(f).get(field)) fail("malformed attribute");
            std::string_view k = field_key(field);
            if (k == "key") {
                od::value kval = field.value();
                p.key = read_string(kval);
            } else if (k == "value") {
                p.value = renderer.render(field.value(), scratch_);
            }
        }
        pending_.push_back(p);
    }
}

AttributeList AttributeCollector::list() {
    resolved_.clear();
    for (const Pending& p : pending_) resolved_.push_back(Attribute{p.key, p.value.resolve(scratch_)});
    return AttributeList{resolved_.data(), resolved_.size()};
}

}  // namespace otelflat::otlp_json
