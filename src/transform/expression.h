#pragma once
// The --where language: predicates over one output row, by column name and by attribute.
//
//   duration_ms >= 1 and service_name in ("cart", "checkout")
//   attr.http.route = "/health" or not has(attr.db.system)
//   SeverityNumber >= 17 and Body =~ "timeout|refused"
//
// An expression is parsed once (syntax errors carry the byte position), then bound to each
// table: names become column indexes, literals are converted to the column's type (a time
// column compares with "2026-01-01 00:00:00"), and a type mismatch is an error with the
// position of what does not fit. A table without a column the expression names is not
// filtered by it (see Expression::bind).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "schema/block.h"

namespace otelflat {

// A syntax or type error, at a byte offset of the expression text.
struct ExpressionError : std::runtime_error {
    ExpressionError(size_t pos, const std::string& what) : std::runtime_error(what), position(pos) {}
    size_t position;
    size_t expression = 0;  // which of several (--where is repeatable)
};

// "--where 'TEXT': WHAT at position N" plus the text and a caret under the position.
std::string describe_expression_error(std::string_view option, std::string_view text, const ExpressionError& e);

// Where attribute references look: attr.KEY reads the record's attributes and then the
// resource's; resource.KEY only the resource's. -1 when the table has no such map.
struct AttributeColumns {
    int record = -1;
    int resource = -1;
};

// Looks a key up in a map column's row: the first entry with that key (ClickHouse's m['k']).
bool find_attribute(const Column& map, size_t row, std::string_view key, std::string_view& value);

struct ExprNode;

// A predicate bound to one table's columns; evaluating it allocates nothing.
class BoundExpression {
public:
    BoundExpression();
    ~BoundExpression();
    BoundExpression(BoundExpression&&) noexcept;
    BoundExpression& operator=(BoundExpression&&) noexcept;
    bool matches(const Block& block, size_t row) const;

private:
    friend class Expression;
    std::unique_ptr<ExprNode> root_;
    AttributeColumns attrs_;
};

class Expression {
public:
    // Throws ExpressionError.
    static Expression parse(std::string_view text);
    Expression();
    ~Expression();
    Expression(Expression&&) noexcept;
    Expression& operator=(Expression&&) noexcept;

    const std::string& text() const { return text_; }
    // The column names it refers to (attribute references are not columns).
    std::vector<std::string> columns() const;
    // Binds to a table whose rows have `header`'s columns. Returns false, with the first
    // column the table lacks in `missing`, when the expression cannot apply to it; throws
    // ExpressionError when a literal or operator does not fit a column's type.
    bool bind(const Block& header, AttributeColumns attrs, BoundExpression& out, std::string& missing) const;

private:
    std::string text_;
    std::unique_ptr<ExprNode> root_;
};

}  // namespace otelflat
