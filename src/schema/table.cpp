#include "schema/table.h"

#include <cstdlib>

namespace otelflat {

std::string render_ddl(const TableSpec& spec) {
    std::string s = "CREATE TABLE IF NOT EXISTS ";
    s += spec.name;
    s += "\n(\n";
    for (size_t i = 0; i < spec.columns.size(); ++i) {
        const ColumnSpec& c = spec.columns[i];
        s += "    ";
        s += c.name;
        s += ' ';
        s += c.type;
        if (*c.codec) {
            s += ' ';
            s += c.codec;
        }
        if (i + 1 < spec.columns.size()) s += ',';
        s += '\n';
    }
    s += ")\n";
    s += spec.engine_clauses;
    s += ";\n";
    return s;
}

Block make_block(const TableSpec& spec) {
    Block b;
    for (const ColumnSpec& c : spec.columns) {
        Column col;
        col.name = c.name;
        col.type = c.type;
        col.kind = c.kind;
        if (c.kind == ColumnKind::datetime64) {
            // "DateTime64(P" or "DateTime64(P, 'tz')": the precision is the first number.
            std::string t = c.type;
            col.precision = std::atoi(t.c_str() + t.find('(') + 1);
        }
        b.columns.push_back(std::move(col));
    }
    return b;
}

}  // namespace otelflat
