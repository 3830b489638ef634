#include "decode/otlp_json/metric_keys.h"
#include "decode/otlp_json/walker.h"

namespace otelflat::otlp_json {
namespace {

od::object object_of(od::value& v, const char* what) {
    od::object obj;
    if (v.get_object().get(obj)) fail(std::string(what) + " must be an object");
    return obj;
}

template <typename T, typename Read>
ValueList<T> read_numbers(od::value& v, std::vector<T>& out, const char* what, Read read) {
    out.clear();
    if (!is_null(v)) {
        od::array arr;
        if (v.get_array().get(arr)) fail(std::string(what) + " must be an array");
        for (auto e : arr) {
            if (e.error()) fail(std::string("malformed ") + what);
            out.push_back(read(e.value_unsafe()));  // not copied out (see for_each_field)
        }
    }
    return ValueList<T>{out.data(), out.size()};
}

// Bucket counts and bounds are most of a histogram's values: an array of them is read from
// its text in one pass (scan(raw, out): scan_uint_array, scan_bounds). Anything that pass does
// not take is read again, element by element as any other array, from the same text (which
// the document's padding follows), so values and errors are those of the general readers.
template <typename T, typename Scan, typename Read>
ValueList<T> read_array(od::value& v, std::vector<T>& out, const char* what, od::parser& again, Scan scan, Read each) {
    if (type_of(v) != od::json_type::array) return read_numbers(v, out, what, each);  // null, or the error
    od::array arr;
    std::string_view raw;
    if (v.get_array().get(arr) || arr.raw_json().get(raw)) fail(std::string("malformed ") + what);
    if (scan(raw, out)) return ValueList<T>{out.data(), out.size()};
    od::document doc;
    od::value whole;
    if (!value_of_text(raw, again, doc, whole)) fail(std::string("malformed ") + what);
    return read_numbers(whole, out, what, each);
}

ValueList<uint64_t> read_counts(od::value& v, std::vector<uint64_t>& out, const char* what, od::parser& again) {
    auto scan = [](std::string_view raw, std::vector<uint64_t>& to) {
        to.clear();
        return scan_uint_array(raw, to);
    };
    return read_array(v, out, what, again, scan, [](od::value& x) { return read_uint64(x); });
}

// `last_text`: see scan_bounds; bounds read any other way are not the text's.
ValueList<double> read_bounds(od::value& v, std::vector<double>& out, std::string& last_text, od::parser& again) {
    if (type_of(v) != od::json_type::array) last_text.clear();
    auto scan = [&](std::string_view raw, std::vector<double>& to) { return scan_bounds(raw, to, last_text); };
    return read_array(v, out, "explicitBounds", again, scan, [](od::value& x) { return read_double(x); });
}

// asDouble / asInt of a number data point or an exemplar; the last one read wins.
bool read_value_member(std::string_view key, od::value& v, double& value) {
    if (key_is(key, "asDouble", "as_double")) {
        value = is_null(v) ? 0 : read_double(v);
        return true;
    }
    if (key_is(key, "asInt", "as_int")) {
        value = static_cast<double>(read_int64(v));
        return true;
    }
    return false;
}

}  // namespace

void Walker::metric(od::object obj, RecordVisitor& visitor, JsonPath& path) {
    // One pass: points are emitted as they are read, and the metric's own fields (which JSON
    // may put before or after them) reach the tables in end_metric.
    MetricInfo info;
    uint64_t points_before = records_[static_cast<int>(Signal::metrics)];
    uint64_t points = 0;
    visitor.begin_metric();
    for_each_field(obj, [&](std::string_view key, od::value& v) {
        if (key == "name") info.name = read_string(v);
        else if (key == "description") info.description = read_string(v);
        else if (key == "unit") info.unit = read_string(v);
        else if (MetricType t = type_of_member(key); t != MetricType::none && !is_null(v)) {
            if (info.type != MetricType::none) {  // a second data member replaces the first
                visitor.restart_metric();
                records_[static_cast<int>(Signal::metrics)] -= points;
                info.temporality = 0;
                info.is_monotonic = false;
            }
            info.type = t;
            points = 0;
            in_frame(path, json_name(t), [&] {
                for_each_field(object_of(v, "a metric's data"), [&](std::string_view k, od::value& dv) {
                    if (key_is(k, "aggregationTemporality", "aggregation_temporality"))
                        info.temporality =
                            static_cast<int32_t>(read_enum(dv, kTemporalities, 3, "aggregation temporality"));
                    else if (key_is(k, "isMonotonic", "is_monotonic")) info.is_monotonic = read_bool(dv);
                    else if (key_is(k, "dataPoints", "data_points")) data_points(dv, t, visitor, path);
                });
            });
            points = records_[static_cast<int>(Signal::metrics)] - points_before;
        }
    });
    if (info.type == MetricType::none) ++metrics_without_data_;
    visitor.end_metric(info);
}

void Walker::data_points(od::value& points, MetricType type, RecordVisitor& visitor, JsonPath& path) {
    for_each_object(points, "dataPoints", path, [&](od::object p) { data_point(p, type, visitor, path); });
}

void Walker::begin_point() {
    record_attrs_.clear();
    exemplars_.clear();
    nested_attrs_.reset();
}

void Walker::emit_point(MetricType type, MetricPoint& p, RecordVisitor& visitor) {
    for (size_t i = 0; i < exemplars_.size(); ++i) exemplars_[i].filtered_attributes = nested_attrs_.at(i).list();
    p.exemplars = ValueList<Exemplar>{exemplars_.data(), exemplars_.size()};
    p.attributes = record_attrs_.list();
    ++records_[static_cast<int>(Signal::metrics)];
    visitor.metric_point(type, p);
}

void Walker::data_point(od::object obj, MetricType type, RecordVisitor& visitor, JsonPath& path) {
    MetricPoint p;
    begin_point();
    for_each_field(obj, [&](std::string_view key, od::value& v) {
        const PointField field = point_field(key);
        switch (field) {
            case PointField::attributes: record_attrs_.read(v, renderer_, path); break;
            case PointField::start_time: p.start_time_unix_nano = read_uint64(v); break;
            case PointField::time: p.time_unix_nano = read_uint64(v); break;
            case PointField::as_double:  // asDouble / asInt: the last one read wins
            case PointField::as_int: read_value_member(key, v, p.value); break;
            case PointField::flags: p.flags = read_uint32(v); break;
            case PointField::count: p.count = read_uint64(v); break;
            case PointField::sum: p.has_sum = !is_null(v); p.sum = read_double(v); break;
            case PointField::min: p.has_min = !is_null(v); p.min = read_double(v); break;
            case PointField::max: p.has_max = !is_null(v); p.max = read_double(v); break;
            case PointField::bucket_counts:
                p.bucket_counts = read_counts(v, bucket_counts_, "bucketCounts", reread_parser_);
                break;
            case PointField::explicit_bounds:
                p.explicit_bounds = read_bounds(v, explicit_bounds_, explicit_bounds_text_, reread_parser_);
                break;
            case PointField::scale: p.scale = read_int32(v); break;
            case PointField::zero_count: p.zero_count = read_uint64(v); break;
            case PointField::zero_threshold: p.zero_threshold = read_double(v); break;
            case PointField::positive:
            case PointField::negative: {
                bool positive = field == PointField::positive;
                for_each_field(v, positive ? "positive" : "negative", [&](std::string_view k, od::value& bv) {
                    if (k == "offset") (positive ? p.positive_offset : p.negative_offset) = read_int32(bv);
                    else if (key_is(k, "bucketCounts", "bucket_counts"))
                        (positive ? p.positive_counts : p.negative_counts) = read_counts(
                            bv, positive ? positive_counts_ : negative_counts_, "bucketCounts", reread_parser_);
                });
                break;
            }
            case PointField::quantile_values:
                quantiles_.clear();
                for_each_object(v, "quantileValues", path, [&](od::object q) {
                    Quantile qv;
                    for_each_field(q, [&](std::string_view k, od::value& x) {
                        if (k == "quantile") qv.quantile = read_double(x);
                        else if (k == "value") qv.value = read_double(x);
                    });
                    quantiles_.push_back(qv);
                });
                p.quantiles = ValueList<Quantile>{quantiles_.data(), quantiles_.size()};
                break;
            case PointField::exemplars:
                for_each_object(v, "exemplars", path, [&](od::object e) {
                    AttributeCollector& attrs = nested_attrs_.next();
                    Exemplar ex;
                    for_each_field(e, [&](std::string_view k, od::value& x) {
                        if (key_is(k, "filteredAttributes", "filtered_attributes")) attrs.read(x, renderer_, path);
                        else if (key_is(k, "timeUnixNano", "time_unix_nano")) ex.time_unix_nano = read_uint64(x);
                        else if (read_value_member(k, x, ex.value)) {
                        } else if (key_is(k, "traceId", "trace_id")) read_id(x, 16, "traceId", ex.trace_id);
                        else if (key_is(k, "spanId", "span_id")) read_id(x, 8, "spanId", ex.span_id);
                    });
                    exemplars_.push_back(ex);
                });
                break;
            case PointField::other: break;
        }
    });
    emit_point(type, p, visitor);
}

}  // namespace otelflat::otlp_json
