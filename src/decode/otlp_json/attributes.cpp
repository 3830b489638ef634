#include "decode/otlp_json/attributes.h"

#include "decode/otlp_json/plain_text.h"

namespace otelflat::otlp_json {

const char* AttributeCollector::read_plain(const char* p, AnyValueRenderer& renderer, const char* limit) {
    std::string_view key, name;
    const char* k = plain::literal(p, "{\"key\":\"");
    const char* k_end = k ? plain::string_end(k, limit) : nullptr;
    const char* v = k_end ? plain::literal(k_end + 1, ",\"value\":") : nullptr;
    if (v) {  // compact, as exporters write it: matched as literals
        key = std::string_view(k, static_cast<size_t>(k_end - k));
        p = plain::skip_space(v);
    } else {  // any other spacing, key by key
        p = plain::first_key(p, name, limit);
        if (!p || name != "key" || !(p = plain::string(p, key, limit)) || !(p = plain::separator(p, ',')))
            return nullptr;
        p = plain::key(p, name, limit);
        if (!p || name != "value") return nullptr;
    }
    const size_t mark = scratch().size();
    p = renderer.render_plain(p, add(key), scratch(), limit);
    if (!p || !(p = plain::closing(p, '}'))) {
        drop_last();
        scratch().resize(mark);
        return nullptr;
    }
    return p;
}

void AttributeCollector::read(od::value& list, AnyValueRenderer& renderer, JsonPath& path) {
    for_each_element(list, "attributes", path, [&](od::value& element) {
        // Read from its text, the element is left unread: the loop skips it.
        if (read_plain(element.raw_json_token().data(), renderer)) return;
        std::string_view key;
        RenderedValue value;
        for_each_field(object_element(element, "attributes"), [&](std::string_view k, od::value& v) {
            if (k == "key") key = read_string(v);
            else if (k == "value") value = renderer.render(v, scratch());
        });
        add(key, value);
    });
}

}  // namespace otelflat::otlp_json
