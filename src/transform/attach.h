#pragma once
#include <memory>
#include <string>
#include <vector>

#include "schema/schema.h"
#include "transform/row_stage.h"
#include "transform/transform_options.h"

namespace otelflat {

// Adds the promoted columns to every table of the schema (so --ddl and the encoders see them)
// and builds each table's RowStage; none when no transformation was asked for. Throws
// ExpressionError, or std::invalid_argument for a promoted column whose name a table already
// has; `notes` gets what the user should know (a --where that filters no table).
std::vector<std::unique_ptr<RowStage>> attach_transforms(Schema& schema, const TransformOptions& options,
                                                         std::vector<std::string>& notes);

}  // namespace otelflat
