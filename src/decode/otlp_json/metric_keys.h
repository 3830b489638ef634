#pragma once
// The names of a metric's data members and of a data point's members, shared by the two
// readers of metrics documents: the On-Demand walker (metrics.cpp) and the plain-text one
// (plain_metrics.cpp), so that both take exactly the same keys.
#include <string_view>

#include "decode/otlp_json/json_access.h"
#include "decode/records.h"

namespace otelflat::otlp_json {

// aggregationTemporality by name (index = numeric value).
inline const char* const kTemporalities[] = {"AGGREGATION_TEMPORALITY_UNSPECIFIED", "AGGREGATION_TEMPORALITY_DELTA",
                                      "AGGREGATION_TEMPORALITY_CUMULATIVE"};

inline MetricType type_of_member(std::string_view key) {
    if (key == "gauge") return MetricType::gauge;
    if (key == "sum") return MetricType::sum;
    if (key == "histogram") return MetricType::histogram;
    if (key_is(key, "exponentialHistogram", "exponential_histogram")) return MetricType::exponential_histogram;
    if (key == "summary") return MetricType::summary;
    return MetricType::none;
}

inline const char* json_name(MetricType t) {
    switch (t) {
        case MetricType::gauge: return "gauge";
        case MetricType::sum: return "sum";
        case MetricType::histogram: return "histogram";
        case MetricType::exponential_histogram: return "exponentialHistogram";
        case MetricType::summary: return "summary";
        case MetricType::none: break;
    }
    return "";
}

// A data point's members, each by its lowerCamelCase name and its snake_case alias.
enum class PointField {
    other, attributes, start_time, time, as_double, as_int, flags, count, sum, min, max, bucket_counts,
    explicit_bounds, scale, zero_count, zero_threshold, positive, negative, quantile_values, exemplars,
};

// Found by the key's length first: an exponential histogram point has a dozen members, and a
// chain of comparisons, one per name in turn, cost more than reading some of their values.
inline PointField point_field(std::string_view key) {
    using F = PointField;
    switch (key.size()) {
        case 3: return key == "sum" ? F::sum : key == "min" ? F::min : key == "max" ? F::max : F::other;
        case 5:
            return key == "count" ? F::count : key == "asInt" ? F::as_int : key == "flags" ? F::flags
                 : key == "scale" ? F::scale : F::other;
        case 6: return key == "as_int" ? F::as_int : F::other;
        case 8:
            return key == "asDouble" ? F::as_double : key == "positive" ? F::positive
                 : key == "negative" ? F::negative : F::other;
        case 9:
            return key == "zeroCount" ? F::zero_count : key == "as_double" ? F::as_double
                 : key == "exemplars" ? F::exemplars : F::other;
        case 10: return key == "attributes" ? F::attributes : key == "zero_count" ? F::zero_count : F::other;
        case 12: return key == "timeUnixNano" ? F::time : key == "bucketCounts" ? F::bucket_counts : F::other;
        case 13: return key == "bucket_counts" ? F::bucket_counts : key == "zeroThreshold" ? F::zero_threshold : F::other;
        case 14:
            return key == "explicitBounds" ? F::explicit_bounds : key == "time_unix_nano" ? F::time
                 : key == "zero_threshold" ? F::zero_threshold : key == "quantileValues" ? F::quantile_values
                 : F::other;
        case 15:
            return key == "explicit_bounds" ? F::explicit_bounds : key == "quantile_values" ? F::quantile_values
                 : F::other;
        case 17: return key == "startTimeUnixNano" ? F::start_time : F::other;
        case 20: return key == "start_time_unix_nano" ? F::start_time : F::other;
        default: return F::other;
    }
}

}  // namespace otelflat::otlp_json
