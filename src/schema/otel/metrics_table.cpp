#include "schema/otel/metrics_table.h"

#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

#include "schema/otel/common.h"
#include "schema/otel/ddl.h"

namespace otelflat {
namespace {

// What a column holds, looked up by column name: first the fields of the resource, scope and
// metric (fill_resource, fill_scope, fill_metric), then those of the data point (point()).
enum Field {
    kResourceAttributes, kResourceSchemaUrl, kScopeName, kScopeVersion, kScopeAttributes, kScopeDroppedAttrCount,
    kScopeSchemaUrl, kServiceName, kMetricName, kMetricDescription, kMetricUnit, kAggregationTemporality,
    kIsMonotonic,
    kAttributes, kStartTimeUnix, kTimeUnix, kValue, kFlags, kExemplarsFilteredAttributes, kExemplarsTimeUnix,
    kExemplarsValue, kExemplarsSpanId, kExemplarsTraceId, kCount, kSum, kBucketCounts, kExplicitBounds, kMin, kMax,
    kScale, kZeroCount, kPositiveOffset, kPositiveBucketCounts, kNegativeOffset, kNegativeBucketCounts, kQuantile,
    kQuantileValue,
};

struct FieldColumn {
    Field field;
    const char* name;
    const char* type;  // current layout; the legacy layout swaps the time types (see spec())
};

const FieldColumn kLeading[] = {
    {kResourceAttributes, "ResourceAttributes", "Map(LowCardinality(String), String)"},
    {kResourceSchemaUrl, "ResourceSchemaUrl", "String"},
    {kScopeName, "ScopeName", "String"},
    {kScopeVersion, "ScopeVersion", "String"},
    {kScopeAttributes, "ScopeAttributes", "Map(LowCardinality(String), String)"},
    {kScopeDroppedAttrCount, "ScopeDroppedAttrCount", "UInt32"},
    {kScopeSchemaUrl, "ScopeSchemaUrl", "String"},
    {kServiceName, "ServiceName", "LowCardinality(String)"},
    {kMetricName, "MetricName", "LowCardinality(String)"},
    {kMetricDescription, "MetricDescription", "String"},
    {kMetricUnit, "MetricUnit", "String"},
    {kAttributes, "Attributes", "Map(LowCardinality(String), String)"},
    {kStartTimeUnix, "StartTimeUnix", "DateTime"},
    {kTimeUnix, "TimeUnix", "DateTime"},
};
const FieldColumn kValue_[] = {{kValue, "Value", "Float64"}, {kFlags, "Flags", "UInt32"}};
const FieldColumn kExemplars[] = {
    {kExemplarsFilteredAttributes, "Exemplars.FilteredAttributes", "Array(Map(LowCardinality(String), String))"},
    {kExemplarsTimeUnix, "Exemplars.TimeUnix", "Array(DateTime)"},
    {kExemplarsValue, "Exemplars.Value", "Array(Float64)"},
    {kExemplarsSpanId, "Exemplars.SpanId", "Array(String)"},
    {kExemplarsTraceId, "Exemplars.TraceId", "Array(String)"},
};
const FieldColumn kFlagsCol = {kFlags, "Flags", "UInt32"};
const FieldColumn kTemporality = {kAggregationTemporality, "AggregationTemporality", "Int32"};
const FieldColumn kCountSum[] = {{kCount, "Count", "UInt64"}, {kSum, "Sum", "Float64"}};
const FieldColumn kMinMax[] = {{kMin, "Min", "Float64"}, {kMax, "Max", "Float64"}};

std::vector<FieldColumn> columns_of(MetricType type) {
    std::vector<FieldColumn> c(std::begin(kLeading), std::end(kLeading));
    auto add = [&c](const auto& list) { c.insert(c.end(), std::begin(list), std::end(list)); };
    switch (type) {
        case MetricType::gauge:
            add(kValue_);
            add(kExemplars);
            break;
        case MetricType::sum:
            add(kValue_);
            add(kExemplars);
            c.push_back(kTemporality);
            c.push_back({kIsMonotonic, "IsMonotonic", "Bool"});
            break;
        case MetricType::histogram:
            add(kCountSum);
            c.push_back({kBucketCounts, "BucketCounts", "Array(UInt64)"});
            c.push_back({kExplicitBounds, "ExplicitBounds", "Array(Float64)"});
            add(kExemplars);
            c.push_back(kFlagsCol);
            add(kMinMax);
            c.push_back(kTemporality);
            break;
        case MetricType::exponential_histogram:
            add(kCountSum);
            c.push_back({kScale, "Scale", "Int32"});
            c.push_back({kZeroCount, "ZeroCount", "UInt64"});
            c.push_back({kPositiveOffset, "PositiveOffset", "Int32"});
            c.push_back({kPositiveBucketCounts, "PositiveBucketCounts", "Array(UInt64)"});
            c.push_back({kNegativeOffset, "NegativeOffset", "Int32"});
            c.push_back({kNegativeBucketCounts, "NegativeBucketCounts", "Array(UInt64)"});
            add(kExemplars);
            c.push_back(kFlagsCol);
            add(kMinMax);
            c.push_back(kTemporality);
            break;
        case MetricType::summary:
            add(kCountSum);
            c.push_back({kQuantile, "ValueAtQuantiles.Quantile", "Array(Float64)"});
            c.push_back({kQuantileValue, "ValueAtQuantiles.Value", "Array(Float64)"});
            c.push_back(kFlagsCol);
            break;
        case MetricType::none: break;
    }
    return c;
}

const char* table_name(MetricType type) {
    switch (type) {
        case MetricType::gauge: return "otel_metrics_gauge";
        case MetricType::sum: return "otel_metrics_sum";
        case MetricType::histogram: return "otel_metrics_histogram";
        case MetricType::exponential_histogram: return "otel_metrics_exponential_histogram";
        case MetricType::summary: return "otel_metrics_summary";
        case MetricType::none: break;
    }
    return "";
}

// The legacy layout's type for a column: DateTime64(9) times, String MetricName.
const char* legacy_type(const FieldColumn& f) {
    if (std::strcmp(f.type, "DateTime") == 0) return "DateTime64(9)";
    if (std::strcmp(f.type, "Array(DateTime)") == 0) return "Array(DateTime64(9))";
    if (f.field == kMetricName) return "String";
    return f.type;
}

template <typename T, typename Push>
void push_list(Column& c, const T* begin, const T* end, Push push) {
    for (const T* p = begin; p != end; ++p) push(*p);
    c.offsets.push_back(c.kind == ColumnKind::array_float64 ? c.floats.size() : c.ints.size());
}

}  // namespace

const TableSpec& OtelMetricsTable::spec(MetricType type, MetricsLayout layout) {
    static std::map<std::pair<MetricType, MetricsLayout>, std::unique_ptr<TableSpec>> specs;
    static std::mutex m;  // every converting thread builds its tables
    std::lock_guard<std::mutex> lock(m);
    auto& slot = specs[{type, layout}];
    if (!slot) {
        slot = std::make_unique<TableSpec>();
        slot->name = table_name(type);
        for (const FieldColumn& f : columns_of(type))
            slot->columns.push_back({f.name, layout == MetricsLayout::legacy ? legacy_type(f) : f.type, ""});
        slot->engine_clauses = "";
        slot->ddl = otel::metrics_ddl(type, layout == MetricsLayout::legacy);
        slot->roles.attributes = "Attributes";
        slot->roles.resource_attributes = "ResourceAttributes";
    }
    return *slot;
}

OtelMetricsTable::OtelMetricsTable(MetricType type, MetricsLayout layout)
    : TableBuilder(spec(type, layout)), type_(type) {
    for (const FieldColumn& f : columns_of(type)) {
        size_t i = fields_.size();
        if (f.field >= kAttributes) {  // the data point's fields follow the others in Field
            point_columns_.push_back(i);
        } else {
            switch (f.field) {
                case kResourceAttributes:
                case kResourceSchemaUrl:
                case kServiceName: resource_columns_.push_back(i); break;
                case kScopeName:
                case kScopeVersion:
                case kScopeAttributes:
                case kScopeDroppedAttrCount:
                case kScopeSchemaUrl: scope_columns_.push_back(i); break;
                case kMetricName:
                case kMetricDescription:
                case kMetricUnit:
                case kAggregationTemporality:
                case kIsMonotonic: metric_columns_.push_back(i); break;
                default: throw std::logic_error(std::string("otel metrics: no fill function for column ") + f.name);
            }
        }
        fields_.push_back(f.field);
    }
}

// Flattened, as the flat table's point(): the column appends are otherwise left out of line,
// a call for each.
__attribute__((flatten)) void OtelMetricsTable::point(const MetricPoint& p) {
    for (size_t i : point_columns_) {
        Column& c = column(i);
        bool seconds = c.kind == ColumnKind::datetime || c.kind == ColumnKind::array_datetime;
        auto time = [&](uint64_t ns) {
            return seconds ? otel::datetime_seconds(ns, times_clamped_) : otel::datetime64_ns(ns, times_clamped_);
        };
        switch (fields_[i]) {
            case kAttributes: map_writer_.append(p.attributes, c); break;
            case kStartTimeUnix: c.ints.push_back(time(p.start_time_unix_nano)); break;
            case kTimeUnix: c.ints.push_back(time(p.time_unix_nano)); break;
            case kValue: c.floats.push_back(p.value); break;
            case kFlags: c.ints.push_back(p.flags); break;
            case kExemplarsFilteredAttributes:
                for (const Exemplar& e : p.exemplars) map_writer_.append_element(e.filtered_attributes, c);
                c.offsets.push_back(c.inner_offsets.size());
                break;
            case kExemplarsTimeUnix:
                push_list(c, p.exemplars.begin(), p.exemplars.end(),
                          [&](const Exemplar& e) { c.ints.push_back(time(e.time_unix_nano)); });
                break;
            case kExemplarsValue:
                push_list(c, p.exemplars.begin(), p.exemplars.end(),
                          [&](const Exemplar& e) { c.floats.push_back(e.value); });
                break;
            case kExemplarsSpanId:
                for (const Exemplar& e : p.exemplars) otel::push_zero_filled_id(c.strings, e.span_id, 8);
                c.offsets.push_back(c.strings.size());
                break;
            case kExemplarsTraceId:
                for (const Exemplar& e : p.exemplars) otel::push_zero_filled_id(c.strings, e.trace_id, 16);
                c.offsets.push_back(c.strings.size());
                break;
            case kCount: c.ints.push_back(static_cast<int64_t>(p.count)); break;
            case kSum: c.floats.push_back(p.sum); break;
            case kMin: c.floats.push_back(p.min); break;
            case kMax: c.floats.push_back(p.max); break;
            case kBucketCounts:
                c.push_numbers(p.bucket_counts.begin(), p.bucket_counts.end());
                break;
            case kExplicitBounds:
                c.push_numbers(p.explicit_bounds.begin(), p.explicit_bounds.end());
                break;
            case kScale: c.ints.push_back(p.scale); break;
            case kZeroCount: c.ints.push_back(static_cast<int64_t>(p.zero_count)); break;
            case kPositiveOffset: c.ints.push_back(p.positive_offset); break;
            case kNegativeOffset: c.ints.push_back(p.negative_offset); break;
            case kPositiveBucketCounts:
                c.push_numbers(p.positive_counts.begin(), p.positive_counts.end());
                break;
            case kNegativeBucketCounts:
                c.push_numbers(p.negative_counts.begin(), p.negative_counts.end());
                break;
            case kQuantile:
                push_list(c, p.quantiles.begin(), p.quantiles.end(),
                          [&](const Quantile& q) { c.floats.push_back(q.quantile); });
                break;
            case kQuantileValue:
                push_list(c, p.quantiles.begin(), p.quantiles.end(),
                          [&](const Quantile& q) { c.floats.push_back(q.value); });
                break;
            default: break;  // not in point_columns_: fill_metric, fill_scope, fill_resource
        }
    }
    ++block_.rows;
}

void OtelMetricsTable::fill_metric(size_t first, size_t end, const MetricInfo& m) {
    size_t n = end - first;
    if (n == 0) return;
    for (size_t i : metric_columns_) {
        Column& c = column(i);
        switch (fields_[i]) {
            case kMetricName: c.push_copies(m.name, n); break;
            case kMetricDescription: c.push_copies(m.description, n); break;
            case kMetricUnit: c.push_copies(m.unit, n); break;
            case kAggregationTemporality: c.ints.insert(c.ints.end(), n, m.temporality); break;
            case kIsMonotonic: c.ints.insert(c.ints.end(), n, m.is_monotonic); break;
            default: break;
        }
    }
}

void OtelMetricsTable::fill_scope(size_t first, size_t end, const ScopeRecord& scope) {
    size_t n = end - first;
    for (size_t i : scope_columns_) {
        Column& c = column(i);
        switch (fields_[i]) {
            case kScopeName: c.push_copies(scope.name, n); break;
            case kScopeVersion: c.push_copies(scope.version, n); break;
            case kScopeAttributes: map_writer_.append_copies(scope.attributes, c, n); break;
            case kScopeDroppedAttrCount: c.ints.insert(c.ints.end(), n, scope.dropped_attributes_count); break;
            case kScopeSchemaUrl: c.push_copies(scope.schema_url, n); break;
            default: break;
        }
    }
}

void OtelMetricsTable::fill_resource(size_t first, size_t end, const ResourceRecord& resource) {
    size_t n = end - first;
    for (size_t i : resource_columns_) {
        Column& c = column(i);
        switch (fields_[i]) {
            case kResourceAttributes: map_writer_.append_copies(resource.attributes, c, n); break;
            case kResourceSchemaUrl: c.push_copies(resource.schema_url, n); break;
            case kServiceName: c.push_copies(otel::service_name(resource.attributes), n); break;
            default: break;
        }
    }
}

}  // namespace otelflat
