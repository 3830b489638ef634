#include "schema/table.h"

#include <cstdlib>
#include <stdexcept>

namespace otelflat {

std::string render_ddl(const TableSpec& spec) {
    if (spec.ddl) return spec.ddl;
    std::string s = "CREATE TABLE IF NOT EXISTS ";
    s += spec.name;
    s += "\n(\n";
    for (size_t i = 0; i < spec.columns.size(); ++i) {
        const ColumnSpec& c = spec.columns[i];
        s += "    ";
        bool quote = std::string(c.name).find('.') != std::string::npos;
        if (quote) s += '`';
        s += c.name;
        if (quote) s += '`';
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

std::string ddl_with_column(const std::string& ddl, const std::string& definition) {
    // Before the first INDEX line when there is one (the line above ends with a comma),
    // else after the last column, before the ")" that closes the list.
    size_t index = ddl.find("\n    INDEX ");
    if (index != std::string::npos) return ddl.substr(0, index + 1) + "    " + definition + ",\n" + ddl.substr(index + 1);
    size_t close = ddl.rfind("\n)", ddl.find("ENGINE"));
    if (close == std::string::npos) return ddl;
    return ddl.substr(0, close) + ",\n    " + definition + ddl.substr(close);
}

ColumnKind kind_of_type(std::string_view t) {
    if (t.substr(0, 11) == "DateTime64(") return ColumnKind::datetime64;
    if (t == "DateTime") return ColumnKind::datetime;
    if (t.substr(0, 17) == "Array(DateTime64(") return ColumnKind::array_datetime64;
    if (t == "Array(DateTime)") return ColumnKind::array_datetime;
    if (t == "Array(String)" || t == "Array(LowCardinality(String))") return ColumnKind::array_string;
    if (t == "Array(Map(String, String))" || t == "Array(Map(LowCardinality(String), String))")
        return ColumnKind::array_map;
    if (t == "Float64") return ColumnKind::float64;
    if (t == "UInt8") return ColumnKind::uint8;
    if (t == "UInt32") return ColumnKind::uint32;
    if (t == "Int32") return ColumnKind::int32;
    if (t == "Int64") return ColumnKind::int64;
    if (t == "UInt64") return ColumnKind::uint64;
    if (t == "Bool") return ColumnKind::boolean;
    if (t == "String" || t == "LowCardinality(String)") return ColumnKind::string;
    if (t == "Map(String, String)" || t == "Map(LowCardinality(String), String)") return ColumnKind::map_string_string;
    if (t == "Array(Float64)") return ColumnKind::array_float64;
    if (t == "Array(UInt64)") return ColumnKind::array_uint64;
    throw std::logic_error("no column kind for type " + std::string(t));
}

Block make_block(const TableSpec& spec) {
    Block b;
    for (const ColumnSpec& c : spec.columns) {
        Column col;
        col.name = c.name;
        col.type = c.type;
        col.kind = kind_of_type(c.type);
        std::string t = c.type;
        size_t dt64 = t.find("DateTime64(");
        if (dt64 != std::string::npos) col.precision = std::atoi(t.c_str() + dt64 + 11);  // (P or (P, 'tz')
        col.low_cardinality = t.find("LowCardinality(") != std::string::npos;
        col.utc = t.find("'UTC'") != std::string::npos;
        b.columns.push_back(std::move(col));
    }
    return b;
}

}  // namespace otelflat
