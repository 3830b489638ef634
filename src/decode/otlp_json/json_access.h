#pragma once
// Lenient readers for OTLP/JSON scalars and keys, shared by every signal's walker. They accept
// what the collector's pdata reader accepts (otlp-json.md §3): snake_case aliases, 64-bit
// integers as numbers or decimal strings, enums as numbers or names, null as "absent".
#include <simdjson.h>

#include <cstdint>
#include <exception>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "decode/decode_error.h"
#include "decode/otlp_json/plain_text.h"

namespace otelflat::otlp_json {

namespace od = simdjson::ondemand;

using otelflat::DecodeError;
using otelflat::JsonPath;
using otelflat::in_frame;

// The key of a member whose text has an escape sequence, unescaped (field_key's slow path).
std::string_view unescaped_field_key(od::field& field);

// The key of an object member as written (without quotes). Inline, as it runs for every
// member: out of line it was a call and an AVX stack frame per key (~3% of metrics time).
inline std::string_view field_key(od::field& field) {
    const char* raw = field.key().raw();
    // Almost every key has no escape: its text is its name, no copy.
    if (const char* end = plain::string_end(raw)) return {raw, static_cast<size_t>(end - raw)};
    return unescaped_field_key(field);
}

// True when key is the lowerCamelCase name or its snake_case alias.
inline bool key_is(std::string_view key, std::string_view camel, std::string_view snake) {
    return key == camel || key == snake;
}
inline bool key_is(std::string_view key, std::string_view same) { return key == same; }

[[noreturn]] void fail_type_of();
[[noreturn]] void fail_read_string(simdjson::error_code err);

// Inline: they run for every value of every document.
inline od::json_type type_of(od::value& v) {
    od::json_type t;
    if (v.type().get(t)) fail_type_of();
    return t;
}
inline bool is_null(od::value& v) { return type_of(v) == od::json_type::null; }
inline std::string_view read_string(od::value& v) {
    std::string_view s;
    auto err = v.get_string().get(s);
    if (err == simdjson::SUCCESS) return s;
    if (type_of(v) == od::json_type::null) return {};
    fail_read_string(err);
}
uint64_t read_uint64(od::value& v);
// The run of decimal digits at p, 1 to 19 of them, and its value: where it ends, or nullptr
// for none or more. Read eight bytes at a time: up to 24 bytes from p are read (a document's
// padding follows its text).
const char* digit_run(const char* p, uint64_t& out);
// 1 to 19 decimal digits [b, e) (a value that fits in uint64 with no overflow check), or false.
bool parse_below_1e19(const char* b, const char* e, uint64_t& out);
// A JSON number's text as read_double reads it (exactly, out-of-range values as Go's
// ParseFloat gives them), or false when it is not one.
bool double_from_number_text(std::string_view t, double& x);
// A decimal number's text [b, e) of at most 15 significant digits and a small exponent, read
// exactly (as from_chars reads it); false for anything else, which needs the full parser.
bool parse_short_decimal(const char* b, const char* e, double& out);
// The values of a JSON array of unsigned integers given as its text: bare or quoted decimal
// digits (at most 19 each) with whitespace between, appended to `out`. False (with `out`
// partly filled) when the text holds anything else: nulls, signs, fractions, escapes, larger
// values; the caller then reads it element by element, as read_uint64 does. At least 8 bytes
// past the text must be readable (a document's padding, or the rest of it, follows).
bool scan_uint_array(std::string_view raw, std::vector<uint64_t>& out);
// The same for an array of doubles: bare JSON numbers that the exact short-decimal path reads
// (at most 15 significant digits, |exponent| <= 22), as read_double reads them.
bool scan_double_array(std::string_view raw, std::vector<double>& out);
// Explicit bounds: a metric's points almost always share them, so `last_text` keeps the text
// `out` was last scanned from, and the same text again is those values, compared, not read.
// False (with `last_text` cleared) when scan_double_array does not take the text.
bool scan_bounds(std::string_view raw, std::vector<double>& out, std::string& last_text);
int64_t read_int64(od::value& v);
uint32_t read_uint32(od::value& v);
int32_t read_int32(od::value& v);
double read_double(od::value& v);
bool read_bool(od::value& v);

// An enum given as a number or as one of its names (index = numeric value). An unknown name,
// or a number in a string, is an error, as in the collector.
int64_t read_enum(od::value& v, const char* const* names, size_t count, const char* what);

[[noreturn]] void fail(const std::string& why);

// A part of a document, `text`, read as a document of its own by `parser` (into `doc`, which v
// needs for as long as it is used): what follows the part in its document, then the
// document's padding, is the padding simdjson needs. False when it is not one JSON value.
inline bool value_of_text(std::string_view text, od::parser& parser, od::document& doc, od::value& v) {
    return !parser.iterate(text.data(), text.size(), text.size() + simdjson::SIMDJSON_PADDING).get(doc) &&
           !doc.get_value().get(v);
}

// Calls fn(key, value) for each member of an object, in document order. The member is used
// where the iterator built it, not copied out by get(): GCC copies it with one 16-byte load
// of fields just stored separately, which the CPU cannot forward from those stores (a stall
// of ~15 cycles per member, measured as the hottest instruction of the walk).
template <typename Fn>
void for_each_field(od::object obj, Fn&& fn) {
    for (auto f : obj) {
        if (f.error()) fail("malformed object");
        od::field& field = f.value_unsafe();
        fn(field_key(field), field.value());
    }
}

// Calls fn(key, value) for each member of the object v (null: none).
template <typename Fn>
void for_each_field(od::value& v, const char* what, Fn&& fn) {
    if (is_null(v)) return;
    od::object obj;
    if (v.get_object().get(obj)) fail(std::string(what) + " must be an object");
    for_each_field(obj, fn);
}

// The element of the array `name` as an object, or the error that it is not one.
inline od::object object_element(od::value& element, const char* name) {
    od::object obj;
    if (element.get_object().get(obj)) fail(std::string("each element of ") + name + " must be an object");
    return obj;
}

// Calls fn(element) for each element of the array v (null: none), keeping its index in the
// path for error messages; fn may leave the element unread (the loop then skips it).
template <typename Fn>
void for_each_element(od::value& v, const char* name, JsonPath& path, Fn&& fn) {
    if (is_null(v)) return;
    od::array arr;
    if (v.get_array().get(arr)) fail(std::string(name) + " must be an array");
    in_frame(path, name, [&] {
        int64_t index = 0;
        for (auto e : arr) {
            path.set_index(index++);
            if (e.error()) fail(std::string("each element of ") + name + " must be an object");
            fn(e.value_unsafe());  // not copied out, as in for_each_field
        }
    });
}

// The same, with fn(object) for arrays of objects.
template <typename Fn>
void for_each_object(od::value& v, const char* name, JsonPath& path, Fn&& fn) {
    for_each_element(v, name, path, [&](od::value& element) { fn(object_element(element, name)); });
}

// A string with an escape simdjson cannot decode (an unpaired UTF-16 surrogate): the document
// decoder repairs those and tries again.
struct StringEscapeError : DecodeError {
    using DecodeError::DecodeError;
};

}  // namespace otelflat::otlp_json
