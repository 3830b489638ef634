#include "transform/expression.h"

#include <regex.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>

#include "text/time_text.h"

namespace otelflat {

// ---- The tree -------------------------------------------------------------------------------

enum class Op { eq, ne, lt, le, gt, ge, match, not_match };

struct Literal {
    enum Kind { string, numeric, boolean } kind = string;
    std::string text;  // string: its value; number: as written
    double number = 0;
    bool is_integer = false;
    int64_t integer = 0;
    bool truth = false;
    size_t pos = 0;
    // After binding to a time column: the ticks of the column's precision.
    int64_t ticks = 0;
};

// A column or attribute: what a comparison reads.
struct Operand {
    enum Kind { column, attr, resource } kind = column;
    std::string name;  // column name or attribute key
    size_t pos = 0;
    int index = -1;  // bound column
    ColumnKind column_kind = ColumnKind::string;
};

struct Regex {
    regex_t re;
    ~Regex() { regfree(&re); }
};

struct ExprNode {
    enum Kind { and_, or_, not_, compare, in_list, has } kind = compare;
    std::unique_ptr<ExprNode> left, right;  // and/or: both; not: left
    Operand operand;
    Op op = Op::eq;
    bool negated_in = false;        // "not in"
    std::vector<Literal> literals;  // compare: one; in: the list
    std::shared_ptr<Regex> regex;   // =~ and !~
    size_t pos = 0;

    std::unique_ptr<ExprNode> clone() const {
        auto n = std::make_unique<ExprNode>();
        n->kind = kind;
        if (left) n->left = left->clone();
        if (right) n->right = right->clone();
        n->operand = operand;
        n->op = op;
        n->negated_in = negated_in;
        n->literals = literals;
        n->regex = regex;
        n->pos = pos;
        return n;
    }
};

// ---- Tokens and parser ----------------------------------------------------------------------

namespace {

struct Token {
    enum Kind { end, ident, string, number, lparen, rparen, comma, lbracket, rbracket, op } kind = end;
    std::string text;
    size_t pos = 0;
};

bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
// Attribute keys use dots, dashes and slashes (k8s.pod.name, http.route, app/version).
bool ident_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-' || c == '/';
}

bool keyword(const Token& t, const char* word) {
    if (t.kind != Token::ident || t.text.size() != std::strlen(word)) return false;
    for (size_t i = 0; i < t.text.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(t.text[i])) != word[i]) return false;
    return true;
}

class Lexer {
public:
    explicit Lexer(std::string_view s) : s_(s) {}

    Token next() {
        while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
        Token t;
        t.pos = i_;
        if (i_ >= s_.size()) return t;
        char c = s_[i_];
        if (c == '(' || c == ')' || c == ',' || c == '[' || c == ']') {
            ++i_;
            t.kind = c == '(' ? Token::lparen : c == ')' ? Token::rparen : c == ',' ? Token::comma
                   : c == '[' ? Token::lbracket : Token::rbracket;
            return t;
        }
        if (c == '"' || c == '\'') return string(c, t);
        if (std::isdigit(static_cast<unsigned char>(c)) ||
            ((c == '-' || c == '+' || c == '.') && i_ + 1 < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[i_ + 1])) || s_[i_ + 1] == '.'))) {
            size_t b = i_++;
            while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '.' ||
                                      ((s_[i_] == '-' || s_[i_] == '+') && (s_[i_ - 1] == 'e' || s_[i_ - 1] == 'E'))))
                ++i_;
            t.kind = Token::number;
            t.text = std::string(s_.substr(b, i_ - b));
            return t;
        }
        if (ident_start(c)) {
            size_t b = i_;
            while (i_ < s_.size() && ident_char(s_[i_])) ++i_;
            t.kind = Token::ident;
            t.text = std::string(s_.substr(b, i_ - b));
            return t;
        }
        static const char* const ops[] = {"==", "!=", "<>", "<=", ">=", "=~", "!~", "=", "<", ">"};
        for (const char* op : ops) {
            size_t n = std::strlen(op);
            if (s_.substr(i_, n) == op) {
                i_ += n;
                t.kind = Token::op;
                t.text = op;
                return t;
            }
        }
        throw ExpressionError(i_, std::string("unexpected '") + c + "'");
    }

private:
    Token string(char quote, Token& t) {
        ++i_;
        t.kind = Token::string;
        while (i_ < s_.size() && s_[i_] != quote) {
            char c = s_[i_++];
            if (c == '\\') {
                if (i_ >= s_.size()) break;
                char e = s_[i_++];
                switch (e) {
                    case 'n': t.text += '\n'; break;
                    case 't': t.text += '\t'; break;
                    case 'r': t.text += '\r'; break;
                    case '\\': case '"': case '\'': t.text += e; break;
                    default: throw ExpressionError(i_ - 2, std::string("unknown escape \\") + e + " in a string");
                }
            } else {
                t.text += c;
            }
        }
        if (i_ >= s_.size()) throw ExpressionError(t.pos, "unterminated string");
        ++i_;
        return t;
    }

    std::string_view s_;
    size_t i_ = 0;
};

class Parser {
public:
    explicit Parser(std::string_view s) : lex_(s) { advance(); }

    std::unique_ptr<ExprNode> parse() {
        auto e = parse_or();
        if (tok_.kind != Token::end) throw ExpressionError(tok_.pos, "expected 'and', 'or' or the end, got " + shown(tok_));
        return e;
    }

private:
    void advance() { tok_ = lex_.next(); }
    static std::string shown(const Token& t) {
        if (t.kind == Token::end) return "the end";
        if (t.kind == Token::string) return "a string";
        return "'" + t.text + (t.kind == Token::lparen ? "(" : t.kind == Token::rparen ? ")" : t.kind == Token::comma ? ","
                               : t.kind == Token::lbracket ? "[" : t.kind == Token::rbracket ? "]" : "") + "'";
    }
    void expect(Token::Kind k, const char* what) {
        if (tok_.kind != k) throw ExpressionError(tok_.pos, std::string("expected ") + what + ", got " + shown(tok_));
        advance();
    }

    std::unique_ptr<ExprNode> binary(ExprNode::Kind kind, std::unique_ptr<ExprNode> l, std::unique_ptr<ExprNode> r, size_t pos) {
        auto n = std::make_unique<ExprNode>();
        n->kind = kind;
        n->left = std::move(l);
        n->right = std::move(r);
        n->pos = pos;
        return n;
    }
    std::unique_ptr<ExprNode> parse_or() {
        auto l = parse_and();
        while (keyword(tok_, "or")) {
            size_t pos = tok_.pos;
            advance();
            l = binary(ExprNode::or_, std::move(l), parse_and(), pos);
        }
        return l;
    }
    std::unique_ptr<ExprNode> parse_and() {
        auto l = parse_unary();
        while (keyword(tok_, "and")) {
            size_t pos = tok_.pos;
            advance();
            l = binary(ExprNode::and_, std::move(l), parse_unary(), pos);
        }
        return l;
    }
    std::unique_ptr<ExprNode> parse_unary() {
        if (keyword(tok_, "not")) {
            size_t pos = tok_.pos;
            advance();
            return binary(ExprNode::not_, parse_unary(), nullptr, pos);
        }
        if (tok_.kind == Token::lparen) {
            advance();
            auto e = parse_or();
            expect(Token::rparen, "')'");
            return e;
        }
        if (keyword(tok_, "has")) {
            auto n = std::make_unique<ExprNode>();
            n->kind = ExprNode::has;
            n->pos = tok_.pos;
            advance();
            expect(Token::lparen, "'(' after has");
            n->operand = operand();
            if (n->operand.kind == Operand::column)
                throw ExpressionError(n->operand.pos, "has() takes an attribute: attr.KEY or resource.KEY");
            expect(Token::rparen, "')'");
            return n;
        }
        return comparison();
    }

    Operand operand() {
        if (tok_.kind != Token::ident || keyword(tok_, "and") || keyword(tok_, "or") || keyword(tok_, "in"))
            throw ExpressionError(tok_.pos, "expected a column name, attr.KEY or resource.KEY, got " + shown(tok_));
        Operand o;
        o.pos = tok_.pos;
        std::string name = tok_.text;
        advance();
        for (const auto& [prefix, kind] : {std::pair<const char*, Operand::Kind>{"attr", Operand::attr}, {"resource", Operand::resource}}) {
            size_t n = std::strlen(prefix);
            if (name == prefix && tok_.kind == Token::lbracket) {  // attr["any key"]
                advance();
                if (tok_.kind != Token::string) throw ExpressionError(tok_.pos, "expected a quoted key after '['");
                o.kind = kind;
                o.name = tok_.text;
                advance();
                expect(Token::rbracket, "']'");
                return o;
            }
            if (name.size() > n + 1 && name.compare(0, n, prefix) == 0 && name[n] == '.') {
                o.kind = kind;
                o.name = name.substr(n + 1);
                return o;
            }
        }
        o.kind = Operand::column;
        o.name = std::move(name);
        return o;
    }

    Literal literal() {
        Literal l;
        l.pos = tok_.pos;
        if (tok_.kind == Token::string) {
            l.kind = Literal::string;
            l.text = tok_.text;
        } else if (tok_.kind == Token::number) {
            l.kind = Literal::numeric;
            l.text = tok_.text;
            const char* b = l.text.data() + (l.text[0] == '+' ? 1 : 0);
            const char* e = l.text.data() + l.text.size();
            auto r = std::from_chars(b, e, l.number);
            if (r.ec != std::errc() || r.ptr != e || !std::isfinite(l.number))
                throw ExpressionError(l.pos, "not a number: " + l.text);
            auto ri = std::from_chars(b, e, l.integer);
            l.is_integer = ri.ec == std::errc() && ri.ptr == e;
        } else if (keyword(tok_, "true") || keyword(tok_, "false")) {
            l.kind = Literal::boolean;
            l.truth = keyword(tok_, "true");
            l.text = l.truth ? "true" : "false";
        } else {
            throw ExpressionError(tok_.pos, "expected a value (a \"string\", a number, true or false), got " + shown(tok_));
        }
        advance();
        return l;
    }

    std::unique_ptr<ExprNode> comparison() {
        auto n = std::make_unique<ExprNode>();
        n->pos = tok_.pos;
        n->operand = operand();
        bool negated = false;
        if (keyword(tok_, "not")) {  // "x not in (...)"
            negated = true;
            advance();
            if (!keyword(tok_, "in")) throw ExpressionError(tok_.pos, "expected 'in' after 'not'");
        }
        if (keyword(tok_, "in")) {
            n->kind = ExprNode::in_list;
            n->negated_in = negated;
            advance();
            expect(Token::lparen, "'(' after in");
            n->literals.push_back(literal());
            while (tok_.kind == Token::comma) {
                advance();
                n->literals.push_back(literal());
            }
            expect(Token::rparen, "')' or ','");
            return n;
        }
        if (tok_.kind != Token::op)
            throw ExpressionError(tok_.pos, "expected an operator (= != < <= > >= =~ !~ in) after " + n->operand.name + ", got " + shown(tok_));
        const std::string& t = tok_.text;
        n->kind = ExprNode::compare;
        n->op = t == "=" || t == "==" ? Op::eq : t == "!=" || t == "<>" ? Op::ne : t == "<" ? Op::lt : t == "<=" ? Op::le
              : t == ">" ? Op::gt : t == ">=" ? Op::ge : t == "=~" ? Op::match : Op::not_match;
        advance();
        n->literals.push_back(literal());
        if (n->op == Op::match || n->op == Op::not_match) {
            const Literal& l = n->literals.back();
            if (l.kind != Literal::string) throw ExpressionError(l.pos, "a regular expression is written as a string");
            auto re = std::make_shared<Regex>();
            int rc = regcomp(&re->re, l.text.c_str(), REG_EXTENDED | REG_NOSUB);
            if (rc != 0) {
                char msg[256];
                regerror(rc, &re->re, msg, sizeof msg);
                throw ExpressionError(l.pos, std::string("bad regular expression: ") + msg);
            }
            n->regex = std::move(re);
        }
        return n;
    }

    Lexer lex_;
    Token tok_;
};

bool is_numeric(ColumnKind k) {
    switch (k) {
        case ColumnKind::float64: case ColumnKind::uint8: case ColumnKind::uint32: case ColumnKind::int32:
        case ColumnKind::uint64: case ColumnKind::int64: return true;
        default: return false;
    }
}
bool is_time(ColumnKind k) { return k == ColumnKind::datetime64 || k == ColumnKind::datetime; }

void bind_literal(const Operand& o, const Column& c, Literal& l) {
    auto mismatch = [&](const char* want) {
        return ExpressionError(l.pos, o.name + " is " + c.type + ": compare it with " + want);
    };
    if (c.kind == ColumnKind::string) {
        if (l.kind != Literal::string) throw mismatch("a \"string\"");
    } else if (is_numeric(c.kind)) {
        if (l.kind != Literal::numeric) throw mismatch("a number");
    } else if (c.kind == ColumnKind::boolean) {
        if (l.kind == Literal::numeric && l.is_integer && (l.integer == 0 || l.integer == 1)) {
            l.kind = Literal::boolean;
            l.truth = l.integer == 1;
        }
        if (l.kind != Literal::boolean) throw mismatch("true or false");
    } else if (is_time(c.kind)) {
        if (l.kind != Literal::string) throw mismatch("a time such as \"2026-01-01 00:00:00\" (UTC)");
        int precision = c.kind == ColumnKind::datetime ? 0 : c.precision;
        auto ticks = parse_datetime_text(l.text, precision);
        if (!ticks) throw ExpressionError(l.pos, "not a time: \"" + l.text + "\" (use YYYY-MM-DD[ HH:MM:SS[.fraction]], UTC)");
        l.ticks = *ticks;
    } else {
        throw ExpressionError(o.pos, o.name + " is " + c.type + ", which --where cannot compare");
    }
}

bool bind_node(ExprNode& n, const Block& header, std::string& missing) {
    switch (n.kind) {
        case ExprNode::and_:
        case ExprNode::or_: return bind_node(*n.left, header, missing) && bind_node(*n.right, header, missing);
        case ExprNode::not_: return bind_node(*n.left, header, missing);
        case ExprNode::has: return true;
        default: break;
    }
    Operand& o = n.operand;
    if (o.kind != Operand::column) {
        for (const Literal& l : n.literals)
            if (l.kind == Literal::boolean && (n.op == Op::lt || n.op == Op::le || n.op == Op::gt || n.op == Op::ge))
                throw ExpressionError(l.pos, "true and false compare with = and != only");
        return true;
    }
    auto it = std::find_if(header.columns.begin(), header.columns.end(), [&](const Column& c) { return c.name == o.name; });
    if (it == header.columns.end()) {
        missing = o.name;
        return false;
    }
    o.index = static_cast<int>(it - header.columns.begin());
    o.column_kind = it->kind;
    if (n.regex && it->kind != ColumnKind::string)
        throw ExpressionError(o.pos, o.name + " is " + it->type + ": =~ and !~ match strings");
    for (Literal& l : n.literals) bind_literal(o, *it, l);
    if (it->kind == ColumnKind::boolean && n.kind == ExprNode::compare && n.op != Op::eq && n.op != Op::ne)
        throw ExpressionError(n.literals[0].pos, "true and false compare with = and != only");
    return true;
}

template <typename T>
bool ordered(Op op, const T& a, const T& b) {
    switch (op) {
        case Op::eq: return a == b;
        case Op::ne: return a != b;
        case Op::lt: return a < b;
        case Op::le: return a <= b;
        case Op::gt: return a > b;
        case Op::ge: return a >= b;
        default: return false;
    }
}

bool regex_matches(const Regex& re, std::string_view s) {
    // regexec wants a C string: values are copied to a buffer kept per thread, not per row.
    thread_local std::string buf;
    buf.assign(s.data(), s.size());
    return regexec(&re.re, buf.c_str(), 0, nullptr, 0) == 0;
}

// An attribute's text against a literal: strings compare as bytes, numbers numerically (an
// attribute that is not a number fails every numeric comparison), booleans as "true"/"false".
bool compare_text(Op op, std::string_view v, const Literal& l, const Regex* re) {
    if (re) return (op == Op::match) == regex_matches(*re, v);
    if (l.kind == Literal::numeric) {
        double x;
        const char* b = v.data();
        const char* e = v.data() + v.size();
        if (b != e && *b == '+') ++b;
        auto r = std::from_chars(b, e, x);
        if (v.empty() || r.ec != std::errc() || r.ptr != e) return false;
        return ordered(op, x, l.number);
    }
    return ordered(op, v, std::string_view(l.text));
}

bool compare_column(Op op, const Column& c, size_t row, const Literal& l, const Regex* re) {
    switch (c.kind) {
        case ColumnKind::string: return compare_text(op, c.strings.at(row), l, re);
        case ColumnKind::float64: return ordered(op, c.floats[row], l.number);
        case ColumnKind::boolean: return ordered(op, c.ints[row] != 0, l.truth);
        case ColumnKind::datetime:
        case ColumnKind::datetime64: return ordered(op, c.ints[row], l.ticks);
        case ColumnKind::uint64: {
            uint64_t v = static_cast<uint64_t>(c.ints[row]);
            if (l.is_integer && l.integer >= 0) return ordered(op, v, static_cast<uint64_t>(l.integer));
            return ordered(op, static_cast<double>(v), l.number);
        }
        default:  // the other integer kinds, all within int64
            if (l.is_integer) return ordered(op, c.ints[row], l.integer);
            return ordered(op, static_cast<double>(c.ints[row]), l.number);
    }
}

bool lookup(const Operand& o, const Block& b, size_t row, AttributeColumns a, std::string_view& v) {
    if (o.kind == Operand::attr && a.record >= 0 && find_attribute(b.columns[a.record], row, o.name, v)) return true;
    if (a.resource >= 0 && find_attribute(b.columns[a.resource], row, o.name, v)) return true;
    v = {};
    return false;
}

bool eval(const ExprNode& n, const Block& b, size_t row, AttributeColumns a) {
    switch (n.kind) {
        case ExprNode::and_: return eval(*n.left, b, row, a) && eval(*n.right, b, row, a);
        case ExprNode::or_: return eval(*n.left, b, row, a) || eval(*n.right, b, row, a);
        case ExprNode::not_: return !eval(*n.left, b, row, a);
        case ExprNode::has: {
            std::string_view v;
            return lookup(n.operand, b, row, a, v);
        }
        case ExprNode::compare:
        case ExprNode::in_list: break;
    }
    // An absent attribute reads as "", as ClickHouse's m['key'] does.
    std::string_view v;
    const Column* c = nullptr;
    if (n.operand.kind == Operand::column) c = &b.columns[n.operand.index];
    else lookup(n.operand, b, row, a, v);
    auto test = [&](Op op, const Literal& l) {
        return c ? compare_column(op, *c, row, l, n.regex.get()) : compare_text(op, v, l, n.regex.get());
    };
    if (n.kind == ExprNode::compare) return test(n.op, n.literals[0]);
    bool any = std::any_of(n.literals.begin(), n.literals.end(), [&](const Literal& l) { return test(Op::eq, l); });
    return any != n.negated_in;
}

void collect_columns(const ExprNode& n, std::vector<std::string>& out) {
    if (n.left) collect_columns(*n.left, out);
    if (n.right) collect_columns(*n.right, out);
    if ((n.kind == ExprNode::compare || n.kind == ExprNode::in_list) && n.operand.kind == Operand::column &&
        std::find(out.begin(), out.end(), n.operand.name) == out.end())
        out.push_back(n.operand.name);
}

}  // namespace

bool find_attribute(const Column& map, size_t row, std::string_view key, std::string_view& value) {
    for (uint64_t e = map.first(row); e < map.offsets[row]; ++e) {
        if (map.strings.at(e) == key) {
            value = map.values.at(e);
            return true;
        }
    }
    return false;
}

std::string describe_expression_error(std::string_view option, std::string_view text, const ExpressionError& e) {
    std::string s = "otelflat: " + std::string(option) + " '" + std::string(text) + "': " + e.what() +
                    " at position " + std::to_string(e.position + 1) + "\n  " + std::string(text) + "\n  ";
    s.append(std::min(e.position, text.size()), ' ');
    s += "^\n";
    return s;
}

BoundExpression::BoundExpression() = default;
BoundExpression::~BoundExpression() = default;
BoundExpression::BoundExpression(BoundExpression&&) noexcept = default;
BoundExpression& BoundExpression::operator=(BoundExpression&&) noexcept = default;

bool BoundExpression::matches(const Block& block, size_t row) const { return eval(*root_, block, row, attrs_); }

Expression::Expression() = default;
Expression::~Expression() = default;
Expression::Expression(Expression&&) noexcept = default;
Expression& Expression::operator=(Expression&&) noexcept = default;

Expression Expression::parse(std::string_view text) {
    Expression e;
    e.text_ = std::string(text);
    Parser p(e.text_);
    e.root_ = p.parse();
    return e;
}

std::vector<std::string> Expression::columns() const {
    std::vector<std::string> out;
    collect_columns(*root_, out);
    return out;
}

bool Expression::bind(const Block& header, AttributeColumns attrs, BoundExpression& out, std::string& missing) const {
    auto root = root_->clone();
    if (!bind_node(*root, header, missing)) return false;
    out.root_ = std::move(root);
    out.attrs_ = attrs;
    return true;
}

}  // namespace otelflat
