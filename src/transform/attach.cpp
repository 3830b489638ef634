#include "transform/attach.h"

#include <stdexcept>

namespace otelflat {

std::vector<std::unique_ptr<RowStage>> attach_transforms(Schema& schema, const TransformOptions& o,
                                                         std::vector<std::string>& notes) {
    std::vector<std::unique_ptr<RowStage>> stages;
    if (!o.any()) return stages;
    for (TableBuilder* t : schema.tables()) {
        for (const PromotedColumn& p : o.attr_columns) {
            for (const ColumnSpec& c : t->spec().columns)
                if (p.name == c.name)
                    throw std::invalid_argument("--attr-column " + p.name + ": " + t->spec().name + " already has a column " + p.name);
            t->add_column(p.name, p.type, p.type == "String" ? "CODEC(ZSTD(1))" : "");
        }
        stages.push_back(std::make_unique<RowStage>(o, t->spec(), t->block(), notes));
    }
    return stages;
}

}  // namespace otelflat
