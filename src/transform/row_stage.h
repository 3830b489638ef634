#pragma once
// The row transformations of one table, applied to each document's rows once they are
// complete (resource and scope columns filled) and before they are encoded:
//   1. promoted columns (--attr-column) are filled from the attributes as they arrived;
//   2. a row is kept when every --where holds, then when --sample keeps its trace (or
//      --keep-errors its error), then when --dedup-window has not seen its fingerprint;
//   3. kept rows lose --drop-attr attributes and promoted ones, and --hash-attr values are
//      replaced by their keyed hash, in every map of the row.
// So --where and --sample see the attributes the input had, and the output never holds what
// was dropped or hashed.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "schema/block.h"
#include "schema/table.h"
#include "text/sha256.h"
#include "transform/expression.h"
#include "transform/recent_set.h"
#include "transform/transform_options.h"

namespace otelflat {

class RowStage {
public:
    // For a table whose header already has the promoted columns at the end. Throws
    // ExpressionError for a --where that does not fit the table's column types; `notes` gets
    // a line for each --where that names a column the table lacks (it does not filter it).
    RowStage(const TransformOptions& options, const TableSpec& spec, const Block& header, std::vector<std::string>& notes);

    // Rows [first, block.rows) are a document's, complete.
    void apply(Block& block, size_t first);

    uint64_t rows_filtered() const { return filtered_; }
    uint64_t rows_deduplicated() const { return deduplicated_; }
    uint64_t rows_sampled_out() const { return sampled_out_; }

private:
    struct Promoted {
        PromotedColumn spec;
        int column = -1;
    };
    bool keep(const Block& b, size_t row);
    void fill_promoted(Block& b, size_t first, size_t end);
    // The map column the promoted attribute's value of this row comes from (and the value), or -1.
    int promoted_source(const Block& b, const Promoted& p, size_t row, std::string_view& value) const;
    // Whether a map entry of a kept row goes: a --drop-attr match, or a promoted attribute
    // (not :keep) from this very map, as fill_promoted found it.
    bool dropped_key(int column, size_t row, std::string_view key) const;
    void rewrite_map(const Block& b, int column, size_t row, Column& out);
    uint64_t row_key(const Block& b, size_t row) const;

    std::vector<BoundExpression> where_;
    std::vector<Promoted> promoted_;
    std::vector<std::string> drop_, hash_;
    std::unique_ptr<HmacSha256> hmac_;
    std::unique_ptr<RecentSet> recent_;
    int fingerprint_ = -1;
    bool sampling_ = false;
    uint64_t sample_threshold_ = 0;  // keep a trace when its 56 random bits are >= this
    int trace_id_ = -1;
    bool keep_errors_ = false;
    std::unique_ptr<BoundExpression> error_if_;
    AttributeColumns attrs_;
    std::vector<bool> is_map_;  // columns whose entries are rewritten (maps, arrays of maps)
    bool rewrites_maps_ = false;

    std::vector<char> keep_;  // per row of the document being applied
    std::vector<int> sources_;  // per row and promoted column: promoted_source() of the document's rows
    size_t first_ = 0;          // the document's first row
    Block scratch_;           // kept rows, rebuilt when some go or their maps change
    std::string hashed_;
    uint64_t filtered_ = 0, deduplicated_ = 0, sampled_out_ = 0;
};

// The 56 random bits W3C Trace Context level 2 gives a trace id (its last 14 hex digits),
// which OpenTelemetry's consistent probability sampling compares with a threshold; false when
// the id is not 32 hex digits.
bool trace_randomness(std::string_view trace_id_hex, uint64_t& bits);
// The threshold that keeps `ratio` of traces: round((1 - ratio) * 2^56).
uint64_t sampling_threshold(double ratio);

}  // namespace otelflat
