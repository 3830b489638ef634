#pragma once
#include <vector>

#include "schema/attribute_map.h"
#include "schema/table_builder.h"
#include "text/int_text.h"
#include "text/md5_batch.h"

namespace otelflat {

// base^index for an exponential histogram's scale (base = 2^(2^-scale)), remembered for the
// indexes met lately: a metric's points share their scale and most of their buckets, and an
// exp2 per bucket was 1% of a metrics run.
class BasePowers {
public:
    double get(int32_t scale, int64_t index);

private:
    struct Entry {
        int64_t index = 0;
        int32_t scale = 0;
        bool known = false;
        double value = 0;
    };
    // Room for the few thousand (scale, index) pairs a stream's histograms use: 20 MB of the
    // generator's metrics use 2,211 (nine scales), and 1,024 slots missed half the look-ups,
    // an exp2 each; 8,192 (192 KB) miss each pair only once.
    static constexpr int kSlotBits = 13;
    Entry entries_[1 << kSlotBits];
};

// otel_metrics_processed: one row per data point, every metric type in one table. Column rules
// in point() and fill_*() below; exponential histograms also appear as explicit buckets.
class FlatMetricsTable final : public TableBuilder {
public:
    static const TableSpec& spec();
    FlatMetricsTable() : TableBuilder(spec()) {}
    void point(MetricType type, const MetricPoint& point);

private:
    void fill_metric(size_t first, size_t end, const MetricInfo& metric) override;
    void fill_scope(size_t first, size_t end, const ScopeRecord& scope) override;
    void fill_resource(size_t first, size_t end, const ResourceRecord& resource) override;

    AttributeMapWriter map_writer_;
    Md5Batch fingerprints_;  // the rows of a resource, hashed together
    LastIntText start_time_text_, time_text_;  // fingerprint fields
    std::vector<double> bounds_;
    std::vector<uint64_t> counts_;
    BasePowers powers_;
};

// Converts an exponential histogram's buckets into explicit upper bounds and counts, lowest
// bucket first: negative buckets, the zero bucket, positive buckets. bounds gets one entry
// fewer than counts (the last bucket is open-ended), as in an explicit histogram.
void exponential_to_explicit(const MetricPoint& p, std::vector<double>& bounds, std::vector<uint64_t>& counts,
                             BasePowers& powers);

}  // namespace otelflat
