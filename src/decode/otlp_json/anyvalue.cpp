#include "decode/otlp_json/anyvalue.h"

#include <algorithm>
#include <charconv>

#include "decode/anyvalue_rules.h"
#include "decode/otlp_json/plain_text.h"
#include "text/base64.h"

namespace otelflat::otlp_json {
namespace {

enum class Member { none, string_v, bool_v, int_v, double_v, array_v, kvlist_v, bytes_v, other };

Member member_of(std::string_view key) {
    if (key_is(key, "stringValue", "string_value")) return Member::string_v;
    if (key_is(key, "intValue", "int_value")) return Member::int_v;
    if (key_is(key, "doubleValue", "double_value")) return Member::double_v;
    if (key_is(key, "boolValue", "bool_value")) return Member::bool_v;
    if (key_is(key, "kvlistValue", "kvlist_value")) return Member::kvlist_v;
    if (key_is(key, "arrayValue", "array_value")) return Member::array_v;
    if (key_is(key, "bytesValue", "bytes_value")) return Member::bytes_v;
    return Member::other;
}

// Calls fn(member, value) for each AnyValue member in the object v (null: none). Callers
// let a later member replace an earlier one: the last one read wins, as in the collector.
template <typename Fn>
void for_each_member(od::value& v, Fn&& fn) {
    for_each_field(v, "an AnyValue", [&](std::string_view key, od::value& val) {
        Member m = member_of(key);
        if (m != Member::other) fn(m, val);
    });
}

// Calls fn(element) for each element of the "values" array of an arrayValue or kvlistValue.
template <typename Fn>
void for_each_value(od::value& v, Fn&& fn) {
    for_each_field(v, "an arrayValue or kvlistValue", [&](std::string_view key, od::value& val) {
        if (key != "values" || is_null(val)) return;
        od::array arr;
        if (val.get_array().get(arr)) fail("\"values\" must be an array");
        for (auto e : arr) {
            if (e.error()) fail("malformed \"values\" element");
            fn(e.value_unsafe());  // not copied out (see for_each_field)
        }
    });
}

}  // namespace

AnyValueRenderer::Level& AnyValueRenderer::level(size_t depth) {
    if (levels_.size() <= depth) levels_.resize(depth + 1);
    return levels_[depth];
}

RenderedValue AnyValueRenderer::render(od::value& v, std::string& scratch) {
    RenderedValue result;
    const size_t mark = scratch.size();
    for_each_member(v, [&](Member m, od::value& val) {
        scratch.resize(mark);
        result = RenderedValue{};
        if (is_null(val)) return;
        if (m == Member::string_v) {
            result.direct = read_string(val);  // the common case: no copy
            return;
        }
        switch (m) {
            case Member::bool_v: append_bool_text(scratch, read_bool(val)); break;
            case Member::int_v: append_int_text(scratch, read_int64(val)); break;
            case Member::double_v: append_double_text(scratch, read_double(val)); break;
            case Member::bytes_v:
                bytes_.clear();
                if (!decode_base64(read_string(val), bytes_)) fail("bytesValue is not valid standard base64");
                append_bytes_text(scratch, bytes_);
                break;
            case Member::array_v:
                if (!write_json_array(val, scratch, 0)) scratch.resize(mark);
                break;
            case Member::kvlist_v:
                if (!write_json_kvlist(val, scratch, 0)) scratch.resize(mark);
                break;
            default: break;
        }
        result.in_scratch = true;
        result.offset = mark;
        result.length = scratch.size() - mark;
    });
    return result;
}

const char* AnyValueRenderer::render_plain(const char* p, RenderedValue& value, std::string& scratch,
                                           const char* limit) {
    // The member's name: compact (`{"name":`, as exporters write it) matched in one pass,
    // any other spacing by the general key reader.
    std::string_view member;
    const char* name = plain::literal(p, "{\"");
    const char* end = name ? plain::string_end(name, limit) : nullptr;
    if (end && end[1] == ':') {
        member = std::string_view(name, static_cast<size_t>(end - name));
        p = plain::skip_space(end + 2);
    } else {
        p = plain::first_key(p, member, limit);
    }
    if (!p) return nullptr;
    // Integers and booleans in their canonical form are their own text: a view, no copy.
    value = RenderedValue{};
    const size_t mark = scratch.size();
    switch (member_of(member)) {
        case Member::string_v: p = plain::string(p, value.direct, limit); break;
        case Member::int_v: {
            bool quoted = *p == '"';
            const char* e = plain::canonical_integer(p + quoted);
            if (e && (!quoted || *e == '"')) {
                value.direct = std::string_view(p + quoted, static_cast<size_t>(e - p - quoted));
                p = e + quoted;
            } else {
                p = nullptr;
            }
            break;
        }
        case Member::bool_v: {
            const char* e = plain::boolean(p);
            if (e) value.direct = std::string_view(p, static_cast<size_t>(e - p));
            p = e;
            break;
        }
        case Member::double_v: {
            const char* e = plain::token_end(p);
            double d = 0;
            p = parse_short_decimal(p, e, d) ? e : nullptr;
            if (p) {
                append_double_text(scratch, d);
                value = RenderedValue{{}, mark, scratch.size() - mark, true};
            }
            break;
        }
        default: return nullptr;
    }
    if (!p || !(p = plain::closing(p, '}'))) {
        scratch.resize(mark);
        return nullptr;
    }
    return p;
}

bool AnyValueRenderer::write_json(od::value& v, std::string& out, size_t depth) {
    // Our recursion must not follow arbitrarily deep input (a stack overflow is a crash), and
    // simdjson's own limit is 1024 JSON levels: 200 AnyValue levels stay below both. The
    // attribute's value is level 1, its elements (depth 0 here) level 2.
    if (depth + 2 > kMaxAnyValueDepth)
        fail("arrayValue/kvlistValue nested deeper than " + std::to_string(kMaxAnyValueDepth) + " levels");
    const size_t mark = out.size();
    bool ok = true;
    bool any = false;
    for_each_member(v, [&](Member m, od::value& val) {
        out.resize(mark);
        ok = true;
        any = !is_null(val);
        if (!any) return;
        switch (m) {
            case Member::string_v: append_json_string_value(out, read_string(val)); break;
            case Member::bool_v: append_bool_text(out, read_bool(val)); break;
            case Member::int_v: append_int_text(out, read_int64(val)); break;
            case Member::double_v: ok = append_json_double(out, read_double(val)); break;
            case Member::bytes_v:
                bytes_.clear();
                if (!decode_base64(read_string(val), bytes_)) fail("bytesValue is not valid standard base64");
                append_json_bytes(out, bytes_);
                break;
            case Member::array_v: ok = write_json_array(val, out, depth + 1); break;
            case Member::kvlist_v: ok = write_json_kvlist(val, out, depth + 1); break;
            default: break;
        }
    });
    if (!any) append_json_empty(out);
    return ok;
}

bool AnyValueRenderer::write_json_array(od::value& v, std::string& out, size_t depth) {
    out += '[';
    bool ok = true;
    bool first = true;
    for_each_value(v, [&](od::value& elem) {
        if (!first) out += ',';
        first = false;
        ok &= write_json(elem, out, depth);
    });
    out += ']';
    return ok;
}

bool AnyValueRenderer::write_json_kvlist(od::value& v, std::string& out, size_t depth) {
    Level& lv = level(depth);
    lv.text.clear();
    lv.entries.clear();
    for_each_value(v, [&](od::value& kv) {
        KvlistEntry entry{{}, 0, 0, lv.entries.size(), true};
        bool has_value = false;
        for_each_field(kv, "a kvlist entry", [&](std::string_view k, od::value& val) {
            if (k == "key") {
                entry.key = read_string(val);
            } else if (k == "value") {
                // Deeper levels write to their own buffers, so lv.text only grows here.
                entry.offset = lv.text.size();
                entry.finite = write_json(val, lv.text, depth);  // same level as an array element
                entry.length = lv.text.size() - entry.offset;
                has_value = true;
            }
        });
        if (!has_value) {
            entry.offset = lv.text.size();
            lv.text += "null";
            entry.length = 4;
        }
        lv.entries.push_back(entry);
    });
    return write_kvlist(lv.entries, lv.text, out);
}

}  // namespace otelflat::otlp_json
