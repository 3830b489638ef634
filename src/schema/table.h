#pragma once
#include <string>
#include <vector>

#include "schema/block.h"

namespace otelflat {

// One column of a table definition: what the DDL says and how the block stores it.
struct ColumnSpec {
    const char* name;
    const char* type;   // ClickHouse type, identical in DDL and Native headers
    const char* codec;  // CODEC(...) clause for the DDL, or ""
};

// The columns the row transformations (src/transform) read, by name; nullptr where the
// table has none.
struct TableRoles {
    const char* attributes = nullptr;           // the record's attributes: attr.KEY, --attr-column
    const char* resource_attributes = nullptr;  // the resource's: resource.KEY, and attr.KEY after the record's
    const char* trace_id = nullptr;             // --sample
    const char* error_if = nullptr;             // --keep-errors: an error row, in the --where language
    const char* fingerprint = nullptr;          // --dedup-window (without one, the whole row is the key)
};

struct TableSpec {
    const char* name;
    std::vector<ColumnSpec> columns;  // the insert columns, Nested ones expanded (Events.Name)
    const char* engine_clauses;       // ENGINE, PARTITION BY, ORDER BY ...
    const char* ddl = nullptr;        // the full CREATE TABLE text, when it is someone else's
    // The column whose value keys the table's Kafka messages: the trace id for spans (a trace
    // stays in one partition), else the dedup fingerprint; none when the table has neither.
    const char* message_key = nullptr;
    TableRoles roles;
};

// CREATE TABLE IF NOT EXISTS for the spec (or its own ddl text), ending with ";\n".
std::string render_ddl(const TableSpec& spec);

// Someone else's CREATE TABLE text with a column definition ("`Name` Type") added after its
// last column, before any INDEX lines.
std::string ddl_with_column(const std::string& ddl, const std::string& definition);

// A block whose columns follow the spec.
Block make_block(const TableSpec& spec);

// The storage kind of a ClickHouse type otelflat writes; throws std::logic_error for others.
ColumnKind kind_of_type(std::string_view type);

}  // namespace otelflat
