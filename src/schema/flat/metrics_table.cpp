#include "schema/flat/metrics_table.h"

#include <cmath>

#include "schema/flat/common.h"
#include "text/int_text.h"
#include "text/time_text.h"

namespace otelflat {
namespace {
enum Col { kTime, kStartTime, kServiceName, kMetricName, kMetricType, kUnit, kDescription, kValue, kCount, kSum,
           kMin, kMax, kBucketBounds, kBucketCounts, kQuantiles, kQuantileValues, kTemporality, kIsMonotonic,
           kExpScale, kExpZeroCount, kExpZeroThreshold, kExpPositiveOffset, kExpPositiveCounts, kExpNegativeOffset,
           kExpNegativeCounts, kFlags, kAttributes, kResourceAttributes, kScopeName, kFingerprint };

std::string_view type_name(MetricType t) {
    switch (t) {
        case MetricType::gauge: return "gauge";
        case MetricType::sum: return "sum";
        case MetricType::histogram: return "histogram";
        case MetricType::exponential_histogram: return "exponential_histogram";
        case MetricType::summary: return "summary";
        case MetricType::none: break;
    }
    return "";
}

// base^index with base = 2^(2^-scale): exact powers of two for scale <= 0.
double exp_base_power(int32_t scale, int64_t index) {
    if (scale <= 0) {
        int shift = -scale;
        if (shift > 62) shift = 62;
        __int128 e = static_cast<__int128>(index) * (static_cast<__int128>(1) << shift);  // index may be < 0
        if (e > 100000) return HUGE_VAL;
        if (e < -100000) return 0;
        return std::ldexp(1.0, static_cast<int>(e));
    }
    return std::exp2(static_cast<double>(index) / std::ldexp(1.0, scale));
}

}  // namespace

// A point's bounds are the powers of consecutive indexes: they take consecutive slots (each
// scale's from its own place), so that they share cache lines and the prefetcher sees them
// coming, where hashed slots made a cache miss of nearly every one.
double BasePowers::get(int32_t scale, int64_t index) {
    uint64_t slot = (static_cast<uint64_t>(index) + static_cast<uint64_t>(scale) * 0x9E3779B97F4A7C15ULL) &
                    ((uint64_t{1} << kSlotBits) - 1);
    Entry& e = entries_[slot];
    if (!e.known || e.index != index || e.scale != scale) e = Entry{index, scale, true, exp_base_power(scale, index)};
    return e.value;
}

const TableSpec& FlatMetricsTable::spec() {
    static const TableSpec s{
        "otel_metrics_processed",
        {
            {"time", "DateTime64(6, 'UTC')", "CODEC(Delta, ZSTD(1))"},
            {"start_time", "DateTime64(6, 'UTC')", "CODEC(Delta, ZSTD(1))"},
            {"service_name", "LowCardinality(String)", ""},
            {"metric_name", "LowCardinality(String)", ""},
            {"metric_type", "LowCardinality(String)", ""},
            {"unit", "LowCardinality(String)", ""},
            {"description", "String", "CODEC(ZSTD(1))"},
            {"value", "Float64", "CODEC(ZSTD(1))"},
            {"count", "UInt64", "CODEC(ZSTD(1))"},
            {"sum", "Float64", "CODEC(ZSTD(1))"},
            {"min", "Float64", "CODEC(ZSTD(1))"},
            {"max", "Float64", "CODEC(ZSTD(1))"},
            {"bucket_bounds", "Array(Float64)", "CODEC(ZSTD(1))"},
            {"bucket_counts", "Array(UInt64)", "CODEC(ZSTD(1))"},
            {"quantiles", "Array(Float64)", "CODEC(ZSTD(1))"},
            {"quantile_values", "Array(Float64)", "CODEC(ZSTD(1))"},
            {"temporality", "LowCardinality(String)", ""},
            {"is_monotonic", "Bool", ""},
            {"exp_scale", "Int32", ""},
            {"exp_zero_count", "UInt64", "CODEC(ZSTD(1))"},
            {"exp_zero_threshold", "Float64", "CODEC(ZSTD(1))"},
            {"exp_positive_offset", "Int32", ""},
            {"exp_positive_counts", "Array(UInt64)", "CODEC(ZSTD(1))"},
            {"exp_negative_offset", "Int32", ""},
            {"exp_negative_counts", "Array(UInt64)", "CODEC(ZSTD(1))"},
            {"flags", "UInt32", ""},
            {"attributes", "Map(String, String)", "CODEC(ZSTD(1))"},
            {"resource_attributes", "Map(String, String)", "CODEC(ZSTD(1))"},
            {"scope_name", "LowCardinality(String)", ""},
            {"fingerprint", "String", "CODEC(ZSTD(1))"},
        },
        "ENGINE = ReplacingMergeTree(time)\n"
        "PARTITION BY toDate(time)\n"
        "ORDER BY (service_name, metric_name, time, fingerprint)",
        nullptr,
        "fingerprint",
        {"attributes", "resource_attributes", nullptr, nullptr, "fingerprint"}};
    return s;
}

void exponential_to_explicit(const MetricPoint& p, std::vector<double>& bounds, std::vector<uint64_t>& counts,
                             BasePowers& powers) {
    bounds.clear();
    counts.clear();
    size_t n = p.negative_counts.size;
    for (size_t k = n; k-- > 0;) {  // most negative first
        counts.push_back(p.negative_counts.items[k]);
        bounds.push_back(-powers.get(p.scale, int64_t{p.negative_offset} + static_cast<int64_t>(k)));
    }
    counts.push_back(p.zero_count);
    bounds.push_back(p.zero_threshold);
    for (size_t k = 0; k < p.positive_counts.size; ++k) {
        counts.push_back(p.positive_counts.items[k]);
        bounds.push_back(powers.get(p.scale, int64_t{p.positive_offset} + static_cast<int64_t>(k) + 1));
    }
    bounds.pop_back();  // the highest bucket is open-ended
}

// Some twenty column appends per point: flattened, because the compiler otherwise leaves
// vector::push_back out of line here, a call for each (2.7% of Native metrics time).
__attribute__((flatten)) void FlatMetricsTable::point(MetricType type, const MetricPoint& p) {
    bool number = type == MetricType::gauge || type == MetricType::sum;
    column(kTime).ints.push_back(nanos_to_micros(p.time_unix_nano));
    column(kStartTime).ints.push_back(nanos_to_micros(p.start_time_unix_nano));
    // metric_name, unit, description, temporality and is_monotonic: fill_metric.
    column(kMetricType).strings.push(type_name(type));
    column(kValue).floats.push_back(number ? p.value : 0);
    column(kCount).ints.push_back(number ? 0 : static_cast<int64_t>(p.count));
    column(kSum).floats.push_back(number ? 0 : p.sum);
    column(kMin).floats.push_back(p.min);
    column(kMax).floats.push_back(p.max);
    if (type == MetricType::histogram) {
        column(kBucketBounds).push_numbers(p.explicit_bounds.begin(), p.explicit_bounds.end());
        column(kBucketCounts).push_numbers(p.bucket_counts.begin(), p.bucket_counts.end());
    } else if (type == MetricType::exponential_histogram) {
        exponential_to_explicit(p, bounds_, counts_, powers_);
        column(kBucketBounds).push_numbers(bounds_.data(), bounds_.data() + bounds_.size());
        column(kBucketCounts).push_numbers(counts_.data(), counts_.data() + counts_.size());
    } else {
        column(kBucketBounds).push_numbers<double>(nullptr, nullptr);
        column(kBucketCounts).push_numbers<uint64_t>(nullptr, nullptr);
    }
    Column& quantiles = column(kQuantiles);
    Column& quantile_values = column(kQuantileValues);
    for (const Quantile& q : p.quantiles) {
        quantiles.floats.push_back(q.quantile);
        quantile_values.floats.push_back(q.value);
    }
    quantiles.offsets.push_back(quantiles.floats.size());
    quantile_values.offsets.push_back(quantile_values.floats.size());

    bool exp = type == MetricType::exponential_histogram;
    column(kExpScale).ints.push_back(exp ? p.scale : 0);
    column(kExpZeroCount).ints.push_back(exp ? static_cast<int64_t>(p.zero_count) : 0);
    column(kExpZeroThreshold).floats.push_back(exp ? p.zero_threshold : 0);
    column(kExpPositiveOffset).ints.push_back(exp ? p.positive_offset : 0);
    column(kExpNegativeOffset).ints.push_back(exp ? p.negative_offset : 0);
    if (exp) {
        column(kExpPositiveCounts).push_numbers(p.positive_counts.begin(), p.positive_counts.end());
        column(kExpNegativeCounts).push_numbers(p.negative_counts.begin(), p.negative_counts.end());
    } else {
        column(kExpPositiveCounts).push_numbers<uint64_t>(nullptr, nullptr);
        column(kExpNegativeCounts).push_numbers<uint64_t>(nullptr, nullptr);
    }
    column(kFlags).ints.push_back(p.flags);
    map_writer_.append(p.attributes, column(kAttributes));
    ++block_.rows;
}

void FlatMetricsTable::fill_metric(size_t first, size_t end, const MetricInfo& m) {
    size_t n = end - first;
    column(kMetricName).push_copies(m.name, n);
    column(kUnit).push_copies(m.unit, n);
    column(kDescription).push_copies(m.description, n);
    Column& temporality = column(kTemporality);
    if (m.type == MetricType::gauge || m.type == MetricType::summary) {
        temporality.push_copies("", n);
    } else if (m.temporality >= 0 && m.temporality <= 2) {
        static const char* const names[] = {"unspecified", "delta", "cumulative"};
        temporality.push_copies(names[m.temporality], n);
    } else {
        char buf[kMaxIntText];
        temporality.push_copies(std::string_view(buf, static_cast<size_t>(write_int(buf, m.temporality) - buf)), n);
    }
    Column& monotonic = column(kIsMonotonic);
    monotonic.ints.insert(monotonic.ints.end(), n, m.type == MetricType::sum && m.is_monotonic);
}

void FlatMetricsTable::fill_scope(size_t first, size_t end, const ScopeRecord& scope) {
    column(kScopeName).push_copies(scope.name, end - first);
}

void FlatMetricsTable::fill_resource(size_t first, size_t end, const ResourceRecord& resource) {
    std::string_view service = flat::service_name(resource.attributes);
    column(kServiceName).push_copies(service, end - first);
    map_writer_.append_copies(resource.attributes, column(kResourceAttributes), end - first);
    for (size_t row = first; row < end; ++row) {
        flat::hash_field(fingerprints_, column(kMetricName).strings.at(row));
        flat::hash_field(fingerprints_, column(kMetricType).strings.at(row));
        flat::hash_field(fingerprints_, service);
        flat::hash_field(fingerprints_, column(kStartTime).ints[row], start_time_text_);
        flat::hash_field(fingerprints_, column(kTime).ints[row], time_text_);
        flat::hash_map_row(fingerprints_, column(kAttributes), row);
        fingerprints_.end_message();
    }
    flat::push_digests(fingerprints_, column(kFingerprint).strings);
}

}  // namespace otelflat
