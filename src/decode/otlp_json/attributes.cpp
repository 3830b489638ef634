#include "decode/otlp_json/attributes.h"

#include "decode/otlp_json/plain_text.h"

namespace otelflat::otlp_json {

const char* AttributeCollector::read_plain(const char* p, AnyValueRenderer& renderer) {
    std::string_view key, name;
    const char* k = plain::literal(p, "{\"key\":\"");  // compact, as exporters write it
    if (k) {
        p = plain::string_end(k);
        if (!p) return nullptr;
        key = std::string_view(k, static_cast<size_t>(p - k));
        const char* v = plain::literal(p + 1, ",\"value\":{");
        p = v ? v - 1 : nullptr;
    } else {
        if (*p != '{') return nullptr;
        p = plain::key(plain::skip_space(p + 1), name);
        if (!p || name != "key" || !(p = plain::string(p, key))) return nullptr;
        p = plain::skip_space(p);
        if (*p != ',') return nullptr;
        p = plain::key(plain::skip_space(p + 1), name);
        if (!p || name != "value" || *p != '{') return nullptr;
    }
    if (!p) return nullptr;
    const size_t mark = scratch().size();
    RenderedValue value;
    p = renderer.render_plain(p, value, scratch());
    if (p && *p != '}') p = plain::skip_space(p);
    if (!p || *p != '}') {
        scratch().resize(mark);
        return nullptr;
    }
    add(key, value);
    return p + 1;
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
