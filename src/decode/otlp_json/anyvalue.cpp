#include "decode/otlp_json/anyvalue.h"

#include <algorithm>
#include <charconv>

#include "text/base64.h"
#include "text/double_text.h"
#include "text/json_escape.h"

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

void append_int(std::string& out, int64_t x) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, x);
    out.append(buf, r.ptr);
}

// A kvlist or array is {"values": [...]}; returns the array, or false when absent/null.
bool values_array(od::value v, od::array& out) {
    if (type_of(v) == od::json_type::null) return false;
    od::object obj;
    if (v.get_object().get(obj)) fail("expected an object with \"values\"");
    bool found = false;
    for (auto f : obj) {
        od::field field;
        if (std::move(f).get(field)) fail("malformed object");
        if (field_key(field) == "values") {
            od::value val = field.value();
            if (type_of(val) == od::json_type::null) continue;
            if (val.get_array().get(out)) fail("\"values\" must be an array");
            found = true;
            break;  // the array must be consumed before the object's other members
        }
    }
    return found;
}

}  // namespace

AnyValueRenderer::Level& AnyValueRenderer::level(size_t depth) {
    if (levels_.size() <= depth) levels_.resize(depth + 1);
    return levels_[depth];
}

RenderedValue AnyValueRenderer::render(od::value v, std::string& scratch) {
    RenderedValue result;
    if (type_of(v) == od::json_type::null) return result;
    od::object obj;
    if (v.get_object().get(obj)) fail("an AnyValue must be an object");
    const size_t mark = scratch.size();
    for (auto f : obj) {
        od::field field;
        if (std::move(f).get(field)) fail("malformed AnyValue");
        Member m = member_of(field_key(field));
        if (m == Member::other) continue;
        od::value val = field.value();
        // A second member replaces the first: the last one read wins, as in the collector.
        scratch.resize(mark);
        result = RenderedValue{};
        if (type_of(val) == od::json_type::null) continue;
        auto to_scratch = [&] {
            result.in_scratch = true;
            result.offset = mark;
            result.length = scratch.size() - mark;
        };
        switch (m) {
            case Member::string_v: result.direct = read_string(val); break;
            case Member::bool_v: scratch += read_bool(val) ? "true" : "false"; to_scratch(); break;
            case Member::int_v: append_int(scratch, read_int64(val)); to_scratch(); break;
            case Member::double_v: append_double(scratch, read_double(val)); to_scratch(); break;
            case Member::bytes_v: {
                bytes_.clear();
                if (!decode_base64(read_string(val), bytes_)) fail("bytesValue is not valid standard base64");
                append_base64(scratch, bytes_);
                to_scratch();
                break;
            }
            case Member::array_v:
                if (!write_json_array(val, scratch, 0)) scratch.resize(mark);
                to_scratch();
                break;
            case Member::kvlist_v:
                if (!write_json_kvlist(val, scratch, 0)) scratch.resize(mark);
                to_scratch();
                break;
            default: break;
        }
    }
    return result;
}

bool AnyValueRenderer::write_json(od::value v, std::string& out, size_t depth) {
    // Our recursion must not follow arbitrarily deep input (a stack overflow is a crash), and
    // simdjson's own limit is 1024 JSON levels: 200 AnyValue levels stay below both.
    if (depth > kMaxDepth) fail("arrayValue/kvlistValue nested deeper than " + std::to_string(kMaxDepth) + " levels");
    if (type_of(v) == od::json_type::null) {
        out += "null";
        return true;
    }
    od::object obj;
    if (v.get_object().get(obj)) fail("an AnyValue must be an object");
    const size_t mark = out.size();
    bool ok = true;
    bool any = false;
    for (auto f : obj) {
        od::field field;
        if (std::move(f).get(field)) fail("malformed AnyValue");
        Member m = member_of(field_key(field));
        if (m == Member::other) continue;
        od::value val = field.value();
        out.resize(mark);
        ok = true;
        any = false;
        if (type_of(val) == od::json_type::null) continue;
        any = true;
        switch (m) {
            case Member::string_v: append_json_string(out, read_string(val)); break;
            case Member::bool_v: out += read_bool(val) ? "true" : "false"; break;
            case Member::int_v: append_int(out, read_int64(val)); break;
            case Member::double_v: {
                double d = read_double(val);
                if (is_non_finite(d)) ok = false;
                else append_double(out, d);
                break;
            }
            case Member::bytes_v: {
                bytes_.clear();
                if (!decode_base64(read_string(val), bytes_)) fail("bytesValue is not valid standard base64");
                if (bytes_.empty()) {
                    out += "null";  // Go turns an empty byte slice into nil
                } else {
                    out += '"';
                    append_base64(out, bytes_);
                    out += '"';
                }
                break;
            }
            case Member::array_v: ok = write_json_array(val, out, depth + 1); break;
            case Member::kvlist_v: ok = write_json_kvlist(val, out, depth + 1); break;
            default: break;
        }
    }
    if (!any) out += "null";
    return ok;
}

bool AnyValueRenderer::write_json_array(od::value v, std::string& out, size_t depth) {
    od::array arr;
    out += '[';
    bool ok = true;
    if (values_array(v, arr)) {
        bool first = true;
        for (auto e : arr) {
            od::value elem;
            if (std::move(e).get(elem)) fail("malformed array value");
            if (!first) out += ',';
            first = false;
            ok &= write_json(elem, out, depth);
        }
    }
    out += ']';
    return ok;
}

bool AnyValueRenderer::write_json_kvlist(od::value v, std::string& out, size_t depth) {
    Level& lv = level(depth);
    lv.text.clear();
    lv.entries.clear();
    bool ok = true;
    od::array arr;
    if (values_array(v, arr)) {
        for (auto e : arr) {
            od::object kv;
            if (e.get_object().get(kv)) fail("a kvlist entry must be an object");
            Entry entry{{}, 0, 0, lv.entries.size(), true};
            bool has_value = false;
            for (auto f : kv) {
                od::field field;
                if (std::move(f).get(field)) fail("malformed kvlist entry");
                std::string_view k = field_key(field);
                if (k == "key") {
                    od::value kval = field.value();
                    entry.key = read_string(kval);
                } else if (k == "value") {
                    // Deeper levels write to their own buffers, so lv.text only grows here.
                    size_t off = lv.text.size();
                    has_value = true;
                    entry.finite = write_json(field.value(), lv.text, depth + 1);
                    entry.offset = off;
                    entry.length = lv.text.size() - off;
                }
            }
            if (!has_value) {
                entry.offset = lv.text.size();
                lv.text += "null";
                entry.length = 4;
            }
            lv.entries.push_back(entry);
        }
    }
    // Sorted by key; among equal keys the last one wins (Go map semantics), so a NaN in a
    // value that a later duplicate replaces does not spoil the whole kvlist.
    auto& es = lv.entries;
    std::sort(es.begin(), es.end(), [](const Entry& a, const Entry& b) {
        return a.key != b.key ? a.key < b.key : a.seq < b.seq;
    });
    out += '{';
    bool first = true;
    for (size_t i = 0; i < es.size(); ++i) {
        if (i + 1 < es.size() && es[i + 1].key == es[i].key) continue;
        ok &= es[i].finite;
        if (!first) out += ',';
        first = false;
        append_json_string(out, es[i].key);
        out += ':';
        out.append(lv.text, es[i].offset, es[i].length);
    }
    out += '}';
    return ok;
}

}  // namespace otelflat::otlp_json
