// A metrics document read from its text, the way exporters write one, instead of by simdjson's
// On-Demand iteration: for metrics, with a dozen small members per data point, that iteration
// (and skipping what it was not asked for) cost more than reading the values. What the plain
// readers require of the text (plain_text.h: UTF-8, every string closed, no raw control
// character) has been checked: by simdjson's stage 1, or for a compact document without
// escapes, the commonest, by plain::closed_compact and a UTF-8 check, which cost less.
//
// The rules are the walker's: the same keys (metric_keys.h), the same value readers on the same
// text (parse_below_1e19, double_from_number_text, scan_uint_array, scan_bounds, read_plain),
// the same visitor calls in the same order. Where a value is in a form those readers do not
// take (null, a number in a string, an escape, an AnyValue that is not a scalar...), the data
// point or attribute list holding it is read by the walker from its own text, and anything
// else unusual hands the whole document to the walker, which also gives the errors.
#include <cstring>
#include <limits>

#include "decode/otlp_json/metric_keys.h"
#include "decode/otlp_json/plain_text.h"
#include "decode/otlp_json/walker.h"

namespace otelflat::otlp_json {
namespace {

using plain::skip_space;

bool is_digit(char c) { return static_cast<unsigned>(c - '0') < 10; }

// What may follow a number or a literal in JSON.
bool is_delimiter(char c) { return plain::is_space(c) || c == ',' || c == '}' || c == ']'; }

// A number's or a literal's characters from p, when a delimiter follows them: where they end,
// or nullptr. A quote, bracket or colon ends the token for simdjson too, which then wants a
// comma or a closing bracket there; and a quote taken into a token would pair the quotes after
// it wrongly, sending a string scan past the document's end.
const char* atom_end(const char* p, bool number_only) {
    const char* e = p;
    for (;; ++e) {
        const char c = *e;
        if (is_digit(c) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') continue;
        if (!number_only && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) continue;
        break;
    }
    return e != p && is_delimiter(*e) ? e : nullptr;
}

// Past the JSON value at p that no reader wants, as simdjson skips one: a string to its closing
// quote (escapes included), a container to its closing bracket (strings inside skipped alike),
// a number or literal to the delimiter after it. nullptr when it would pass `end`.
const char* skip_value(const char* p, const char* end) {
    if (p >= end) return nullptr;
    if (*p != '"' && *p != '{' && *p != '[') {
        const char* e = atom_end(p, false);
        return e && e <= end ? e : nullptr;
    }
    int depth = 0;
    do {
        if (p >= end) return nullptr;
        const char c = *p++;
        if (c == '"') {
            if (const char* q = plain::string_end(p, end)) {  // no escape: 32 bytes at a time
                p = q;
            } else {
                while (p < end && *p != '"') p += *p == '\\' ? 2 : 1;
            }
            if (p >= end) return nullptr;
            ++p;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    } while (depth > 0);
    return p;
}

// The items of the object or array at p (its `open` bracket): item(p) reads each and returns
// where it ends; between them, commas, up to the `close` bracket. Always inlined into
// members() and elements(), so that their callers' readers are inlined into the loop, as they
// were when each had a loop of its own (a call per member otherwise: +1.5% instructions).
template <typename Item>
[[gnu::always_inline]] inline const char* items(const char* p, const char* end, char open, char close, Item&& item) {
    if (p >= end || *p != open) return nullptr;
    p = skip_space(p + 1);
    if (p < end && *p == close) return p + 1;
    for (;;) {
        if (p >= end || !(p = item(p))) return nullptr;
        p = skip_space(p);
        if (p >= end) return nullptr;
        if (*p == close) return p + 1;
        if (*p != ',') return nullptr;
        p = skip_space(p + 1);
    }
}

// The members of the object at p: fn(key, value) reads each value and returns where it ends.
// Keys with an escape are not taken.
template <typename Fn>
const char* members(const char* p, const char* end, Fn&& fn) {
    return items(p, end, '{', '}', [&](const char* m) -> const char* {
        std::string_view key;
        m = plain::key(m, key, end);
        return m && m < end ? fn(key, m) : nullptr;
    });
}

// The elements of the array at p: fn(element) reads each and returns where it ends.
template <typename Fn>
const char* elements(const char* p, const char* end, Fn&& fn) {
    return items(p, end, '[', ']', fn);
}

// An unsigned integer as read_uint64 reads it: decimal digits in a string, or a JSON integer
// (no leading zero). Up to 19 digits; a sign or anything longer is left to the walker.
const char* read_uint(const char* p, uint64_t& out) {
    const bool quoted = *p == '"';
    const char* b = p + quoted;
    const char* e = digit_run(b, out);
    if (!e || (quoted ? *e != '"' : (!is_delimiter(*e) || (e - b > 1 && *b == '0')))) return nullptr;
    return e + quoted;
}

// The same for a value of at most `max`.
const char* read_uint(const char* p, uint64_t max, uint64_t& out) {
    p = read_uint(p, out);
    return p && out <= max ? p : nullptr;
}

// A signed integer in [min, max] as read_int64 / read_int32 read it: an optional '-' and up to
// 18 digits, in a string or as a JSON integer.
const char* read_int(const char* p, int64_t min, int64_t max, int64_t& out) {
    const bool quoted = *p == '"';
    const char* b = p + quoted;
    const bool negative = *b == '-';
    const char* digits = b + negative;
    uint64_t u;
    const char* e = digit_run(digits, u);
    if (!e || e - digits > 18) return nullptr;
    if (quoted ? *e != '"' : (!is_delimiter(*e) || (*digits == '0' && (e - digits > 1 || negative)))) return nullptr;
    out = negative ? -static_cast<int64_t>(u) : static_cast<int64_t>(u);
    if (out < min || out > max) return nullptr;
    return e + quoted;
}

template <typename T>
const char* read_int(const char* p, T& out) {
    int64_t x;
    p = read_int(p, std::numeric_limits<T>::min(), std::numeric_limits<T>::max(), x);
    if (p) out = static_cast<T>(x);
    return p;
}

// A JSON number as read_double reads it; its strings ("NaN", "1.5") and null are the walker's.
const char* read_double(const char* p, double& out) {
    if (*p != '-' && !is_digit(*p)) return nullptr;
    const char* e = atom_end(p, true);
    return e && double_from_number_text(std::string_view(p, static_cast<size_t>(e - p)), out) ? e : nullptr;
}

const char* read_bool(const char* p, bool& out) {
    const char* e = plain::boolean(p);
    if (!e || !is_delimiter(*e)) return nullptr;
    out = *p == 't';
    return e;
}

// aggregationTemporality as read_enum reads it: a 32-bit number or one of the names.
const char* read_temporality(const char* p, const char* end, int32_t& out) {
    if (*p != '"') return read_int(p, out);
    std::string_view name;
    const char* e = plain::string(p, name, end);
    for (int32_t i = 0; e && i < 3; ++i) {
        if (name == kTemporalities[i]) {
            out = i;
            return e;
        }
    }
    return nullptr;
}

// A JSON array of numbers at p, up to its ']' (the array scans find anything else inside).
std::string_view array_text(const char* p, const char* end) {
    if (p >= end || *p != '[') return {};
    const void* close = std::memchr(p, ']', static_cast<size_t>(end - p));
    if (!close) return {};
    return std::string_view(p, static_cast<size_t>(static_cast<const char*>(close) + 1 - p));
}

const char* read_counts(const char* p, const char* end, std::vector<uint64_t>& out, ValueList<uint64_t>& list) {
    std::string_view raw = array_text(p, end);
    out.clear();
    if (raw.empty() || !scan_uint_array(raw, out)) return nullptr;
    list = ValueList<uint64_t>{out.data(), out.size()};
    return raw.data() + raw.size();
}

const char* read_id(const char* p, const char* end, unsigned bytes, HexId& out) {
    std::string_view s;
    p = plain::string(p, s, end);
    return p && normalize_hex_id(s, bytes, out) == IdStatus::ok ? p : nullptr;
}

// The text [b, e) read by the walker's readers: fn(value) on it as its own document.
template <typename Fn>
bool reread(const char* b, const char* e, od::parser& parser, Fn&& fn) {
    od::document doc;
    od::value v;
    if (!value_of_text(std::string_view(b, static_cast<size_t>(e - b)), parser, doc, v)) return false;
    fn(v);
    return true;
}

}  // namespace

bool Walker::plain_metrics_document(const char* begin, const char* end, RecordVisitor& visitor, bool& metrics) {
    metrics = false;
    plain_path_.clear();
    try {
        const char* p = members(skip_space(begin), end, [&](std::string_view key, const char* v) -> const char* {
            if (!key_is(key, "resourceMetrics", "resource_metrics")) return nullptr;  // other signals: the walker's
            metrics = true;
            return elements(v, end, [&](const char* r) { return plain_resource(r, end, visitor); });
        });
        if (!p) return false;
        while (p < end && plain::is_space(*p)) ++p;
        return p == end;
    } catch (const std::exception&) {  // from a part read again by simdjson: the walker reports it
        return false;
    }
}

const char* Walker::plain_resource(const char* p, const char* end, RecordVisitor& visitor) {
    begin(visitor);
    resource_reread_ = false;
    p = members(p, end, [&](std::string_view key, const char* v) -> const char* {
        if (key == "resource") {
            return members(v, end, [&](std::string_view k, const char* a) {
                if (k != "attributes") return skip_value(a, end);
                return plain_attributes_or_reread(a, end, resource_attrs_, resource_parser_, resource_reread_);
            });
        }
        if (key_is(key, "schemaUrl", "schema_url")) return plain::string(v, resource_schema_url_, end);
        if (scope_container_name(key, Signal::metrics))
            return elements(v, end, [&](const char* s) { return plain_scope_container(s, end, visitor); });
        return skip_value(v, end);
    });
    if (p) Walker::end(visitor);  // `end` here is the text's
    return p;
}

const char* Walker::plain_scope_container(const char* p, const char* end, RecordVisitor& visitor) {
    scope_attrs_.clear();
    scope_ = ScopeRecord{};
    scope_reread_ = false;
    visitor.begin_scope();
    p = members(p, end, [&](std::string_view key, const char* v) -> const char* {
        if (key == "scope" || key_is(key, "instrumentationLibrary", "instrumentation_library"))
            return plain_scope(v, end);
        if (key_is(key, "schemaUrl", "schema_url")) return plain::string(v, scope_.schema_url, end);
        if (key == "metrics") return elements(v, end, [&](const char* m) { return plain_metric(m, end, visitor); });
        return skip_value(v, end);
    });
    if (!p) return nullptr;
    scope_.attributes = scope_attrs_.list();
    visitor.end_scope(scope_);
    return p;
}

const char* Walker::plain_scope(const char* p, const char* end) {
    return members(p, end, [&](std::string_view key, const char* v) -> const char* {
        if (key == "name") return plain::string(v, scope_.name, end);
        if (key == "version") return plain::string(v, scope_.version, end);
        if (key == "attributes") return plain_attributes_or_reread(v, end, scope_attrs_, scope_parser_, scope_reread_);
        if (key_is(key, "droppedAttributesCount", "dropped_attributes_count")) {
            uint64_t n = 0;
            v = read_uint(v, UINT32_MAX, n);
            scope_.dropped_attributes_count = static_cast<uint32_t>(n);
            return v;
        }
        return skip_value(v, end);
    });
}

const char* Walker::plain_metric(const char* p, const char* end, RecordVisitor& visitor) {
    MetricInfo info;
    visitor.begin_metric();
    p = members(p, end, [&](std::string_view key, const char* v) -> const char* {
        if (key == "name") return plain::string(v, info.name, end);
        if (key == "description") return plain::string(v, info.description, end);
        if (key == "unit") return plain::string(v, info.unit, end);
        const MetricType t = type_of_member(key);
        if (t == MetricType::none || *v == 'n') return skip_value(v, end);  // a null data member counts as none
        if (info.type != MetricType::none) return nullptr;  // a second one replaces the first: the walker's
        info.type = t;
        return members(v, end, [&](std::string_view k, const char* d) -> const char* {
            if (key_is(k, "aggregationTemporality", "aggregation_temporality"))
                return read_temporality(d, end, info.temporality);
            if (key_is(k, "isMonotonic", "is_monotonic")) return read_bool(d, info.is_monotonic);
            if (key_is(k, "dataPoints", "data_points"))
                return elements(d, end, [&](const char* pt) { return plain_point(pt, end, t, visitor); });
            return skip_value(d, end);
        });
    });
    if (!p) return nullptr;
    if (info.type == MetricType::none) ++metrics_without_data_;
    visitor.end_metric(info);
    return p;
}

// A point the plain readers do not take whole is read by the walker from its text.
const char* Walker::plain_point(const char* p, const char* end, MetricType type, RecordVisitor& visitor) {
    MetricPoint point;
    begin_point();
    if (const char* e = plain_point_members(p, end, point)) {
        emit_point(type, point, visitor);
        return e;
    }
    const char* e = skip_value(p, end);
    if (!e || !reread(p, e, point_parser_, [&](od::value& v) {
            od::object obj;
            if (v.get_object().get(obj)) fail("each element of dataPoints must be an object");
            data_point(obj, type, visitor, plain_path_);
        }))
        return nullptr;
    return e;
}

const char* Walker::plain_point_members(const char* p, const char* end, MetricPoint& point) {
    return members(p, end, [&](std::string_view key, const char* v) -> const char* {
        const PointField field = point_field(key);
        switch (field) {
            case PointField::attributes: return plain_attributes(v, end, record_attrs_);
            case PointField::start_time: return read_uint(v, point.start_time_unix_nano);
            case PointField::time: return read_uint(v, point.time_unix_nano);
            case PointField::as_double: return read_double(v, point.value);  // the last of the two read wins
            case PointField::as_int: {
                int64_t x = 0;
                v = read_int(v, x);
                point.value = static_cast<double>(x);
                return v;
            }
            case PointField::flags: {
                uint64_t x = 0;
                v = read_uint(v, UINT32_MAX, x);
                point.flags = static_cast<uint32_t>(x);
                return v;
            }
            case PointField::count: return read_uint(v, point.count);
            case PointField::sum: point.has_sum = true; return read_double(v, point.sum);
            case PointField::min: point.has_min = true; return read_double(v, point.min);
            case PointField::max: point.has_max = true; return read_double(v, point.max);
            case PointField::bucket_counts: return read_counts(v, end, bucket_counts_, point.bucket_counts);
            case PointField::explicit_bounds: {
                std::string_view raw = array_text(v, end);
                if (raw.empty() || !scan_bounds(raw, explicit_bounds_, explicit_bounds_text_)) return nullptr;
                point.explicit_bounds = ValueList<double>{explicit_bounds_.data(), explicit_bounds_.size()};
                return raw.data() + raw.size();
            }
            case PointField::scale: return read_int(v, point.scale);
            case PointField::zero_count: return read_uint(v, point.zero_count);
            case PointField::zero_threshold: return read_double(v, point.zero_threshold);
            case PointField::positive:
            case PointField::negative: {
                const bool positive = field == PointField::positive;
                return members(v, end, [&](std::string_view k, const char* b) -> const char* {
                    if (k == "offset") return read_int(b, positive ? point.positive_offset : point.negative_offset);
                    if (key_is(k, "bucketCounts", "bucket_counts"))
                        return read_counts(b, end, positive ? positive_counts_ : negative_counts_,
                                           positive ? point.positive_counts : point.negative_counts);
                    return skip_value(b, end);
                });
            }
            case PointField::quantile_values: {
                quantiles_.clear();
                v = elements(v, end, [&](const char* q) {
                    Quantile qv;
                    q = members(q, end, [&](std::string_view k, const char* x) -> const char* {
                        if (k == "quantile") return read_double(x, qv.quantile);
                        if (k == "value") return read_double(x, qv.value);
                        return skip_value(x, end);
                    });
                    quantiles_.push_back(qv);
                    return q;
                });
                point.quantiles = ValueList<Quantile>{quantiles_.data(), quantiles_.size()};
                return v;
            }
            case PointField::exemplars: return elements(v, end, [&](const char* x) { return plain_exemplar(x, end); });
            case PointField::other: break;
        }
        return skip_value(v, end);
    });
}

const char* Walker::plain_exemplar(const char* p, const char* end) {
    AttributeCollector& attrs = nested_attrs_.next();
    Exemplar ex;
    p = members(p, end, [&](std::string_view k, const char* x) -> const char* {
        if (key_is(k, "filteredAttributes", "filtered_attributes")) return plain_attributes(x, end, attrs);
        if (key_is(k, "timeUnixNano", "time_unix_nano")) return read_uint(x, ex.time_unix_nano);
        if (key_is(k, "asDouble", "as_double")) return read_double(x, ex.value);
        if (key_is(k, "asInt", "as_int")) {
            int64_t v = 0;
            x = read_int(x, v);
            ex.value = static_cast<double>(v);
            return x;
        }
        if (key_is(k, "traceId", "trace_id")) return read_id(x, end, 16, ex.trace_id);
        if (key_is(k, "spanId", "span_id")) return read_id(x, end, 8, ex.span_id);
        return skip_value(x, end);
    });
    exemplars_.push_back(ex);
    return p;
}

const char* Walker::plain_attributes(const char* p, const char* end, AttributeCollector& attrs) {
    return elements(p, end, [&](const char* a) { return attrs.read_plain(a, renderer_, end); });
}

// A resource's or scope's attributes with an element read_plain does not take (an array
// value, an escape) are read again, all of them, by the walker's reader from their text.
const char* Walker::plain_attributes_or_reread(const char* p, const char* end, AttributeCollector& attrs,
                                               od::parser& parser, bool& reread_once) {
    const AttributeListBuilder::Mark before = attrs.mark();
    if (const char* e = plain_attributes(p, end, attrs)) return e;
    attrs.rewind(before);
    const char* e = skip_value(p, end);
    if (!e || reread_once) return nullptr;
    reread_once = true;
    return reread(p, e, parser, [&](od::value& v) { attrs.read(v, renderer_, plain_path_); }) ? e : nullptr;
}

}  // namespace otelflat::otlp_json
