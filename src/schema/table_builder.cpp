#include "schema/table_builder.h"

namespace otelflat {

void TableBuilder::add_column(const std::string& name, const std::string& type, const std::string& codec) {
    const std::string& n = owned_.emplace_back(name);
    const std::string& t = owned_.emplace_back(type);
    const std::string& c = owned_.emplace_back(codec);
    spec_.columns.push_back({n.c_str(), t.c_str(), c.c_str()});
    if (spec_.ddl) {
        std::string def = "`" + name + "` " + type + (codec.empty() ? "" : " " + codec);
        spec_.ddl = owned_.emplace_back(ddl_with_column(spec_.ddl, def)).c_str();
    }
    TableSpec one;
    one.columns.push_back(spec_.columns.back());
    Block b = make_block(one);
    Column& col = b.columns.front();
    block_.columns.push_back(std::move(col));
}

}  // namespace otelflat
