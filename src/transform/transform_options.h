#pragma once
// What the user asked to change in rows between decoding and encoding (--where, --attr-column,
// --drop-attr, --hash-attr, --dedup-window, --sample, --keep-errors), as parsed from the
// command line; each table builds its RowStage from it.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "transform/expression.h"

namespace otelflat {

// --attr-column NAME=KEY[:TYPE][:keep]
struct PromotedColumn {
    enum class Source { record_then_resource, resource, record };
    std::string name;           // the column
    std::string key;            // the attribute
    Source source = Source::record_then_resource;
    std::string type = "String";  // String, Int64, Float64 or Bool
    bool keep = false;          // leave the attribute in its map too
};

struct TransformOptions {
    // --where, parsed once on the command line; each table binds them to its columns.
    std::vector<std::shared_ptr<const Expression>> where;  // all must hold
    std::vector<PromotedColumn> attr_columns;
    std::vector<std::string> drop_attrs;       // globs over attribute keys
    std::vector<std::string> hash_attrs;
    std::string hash_key;                      // --hash-key or $OTELFLAT_HASH_KEY
    uint64_t dedup_window = 0;                 // rows; 0 = off
    bool sampling = false;
    double sample_ratio = 1.0;
    bool keep_errors = false;

    bool any() const {
        return !where.empty() || !attr_columns.empty() || !drop_attrs.empty() || !hash_attrs.empty() ||
               dedup_window > 0 || sampling;
    }
};

// Parses NAME=KEY[:TYPE][:keep] (KEY may start with "resource:" or "record:" to pick the map);
// returns an error message, or "" when it is valid.
std::string parse_promoted_column(const std::string& text, PromotedColumn& out);

}  // namespace otelflat
