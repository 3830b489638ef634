#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "schema/table.h"
#include "schema/table_builder.h"
#include "text/sha256.h"
#include "text/hex_id.h"
#include "text/time_text.h"
#include "transform/expression.h"
#include "transform/recent_set.h"
#include "transform/row_stage.h"
#include "transform/transform_options.h"

using namespace otelflat;

namespace {

const TableSpec& test_spec() {
    static const TableSpec spec{"t",
                                {{"timestamp", "DateTime64(6, 'UTC')", ""},
                                 {"trace_id", "String", ""},
                                 {"service_name", "LowCardinality(String)", ""},
                                 {"duration_ms", "Float64", ""},
                                 {"severity_number", "UInt8", ""},
                                 {"count", "UInt64", ""},
                                 {"ok", "Bool", ""},
                                 {"attributes", "Map(String, String)", ""},
                                 {"resource_attributes", "Map(String, String)", ""},
                                 {"fingerprint", "String", ""}},
                                "ENGINE = Memory",
                                nullptr,
                                nullptr,
                                {"attributes", "resource_attributes", "trace_id", "severity_number >= 17", "fingerprint"}};
    return spec;
}

struct Row {
    std::string time = "2026-01-01 00:00:00";
    std::string trace_id = "";
    std::string service = "cart";
    double duration = 1;
    int severity = 9;
    uint64_t count = 0;
    bool ok = true;
    std::vector<std::pair<std::string, std::string>> attrs, resource;
    std::string fingerprint = "";
};

void push(Block& b, const Row& r) {
    auto& c = b.columns;
    c[0].ints.push_back(*parse_datetime_text(r.time, 6));
    c[1].strings.push(r.trace_id);
    c[2].strings.push(r.service);
    c[3].floats.push_back(r.duration);
    c[4].ints.push_back(r.severity);
    c[5].ints.push_back(static_cast<int64_t>(r.count));
    c[6].ints.push_back(r.ok);
    for (auto [col, entries] : {std::pair{7, &r.attrs}, std::pair{8, &r.resource}}) {
        for (const auto& [k, v] : *entries) {
            c[col].strings.push(k);
            c[col].values.push(v);
        }
        c[col].offsets.push_back(c[col].strings.size());
    }
    c[9].strings.push(r.fingerprint.empty() ? std::to_string(b.rows) : r.fingerprint);
    ++b.rows;
}

// Evaluates one --where on one row.
bool where(const std::string& text, const Row& r) {
    Block b = make_block(test_spec());
    push(b, r);
    BoundExpression bound;
    std::string missing;
    REQUIRE(Expression::parse(text).bind(b, {7, 8}, bound, missing));
    return bound.matches(b, 0);
}

size_t error_position(const std::string& text) {
    try {
        Expression::parse(text);
    } catch (const ExpressionError& e) {
        return e.position;
    }
    FAIL("no error for " << text);
    return 0;
}

size_t bind_error_position(const std::string& text) {
    Block b = make_block(test_spec());
    BoundExpression bound;
    std::string missing;
    try {
        Expression::parse(text).bind(b, {7, 8}, bound, missing);
    } catch (const ExpressionError& e) {
        return e.position;
    }
    FAIL("no type error for " << text);
    return 0;
}

std::string map_row(const Block& b, int col, size_t row) {
    std::string s;
    const Column& c = b.columns[col];
    for (uint64_t e = c.first(row); e < c.offsets[row]; ++e) s += std::string(c.strings.at(e)) + "=" + std::string(c.values.at(e)) + ";";
    return s;
}

}  // namespace

TEST_CASE("option --where compares columns by their type", "[transform]") {
    Row r;
    r.duration = 2.5;
    CHECK(where("duration_ms >= 1", r));
    CHECK(where("duration_ms > 2.5", r) == false);
    CHECK(where("duration_ms = 2.5", r));
    CHECK(where("duration_ms != 2.5", r) == false);
    CHECK(where("duration_ms < 3 and duration_ms <= 2.5", r));
    CHECK(where("service_name = \"cart\"", r));
    CHECK(where("service_name == 'cart'", r));
    CHECK(where("service_name < \"d\"", r));
    CHECK(where("service_name in (\"a\", \"cart\")", r));
    CHECK(where("service_name not in (\"a\", \"cart\")", r) == false);
    CHECK(where("service_name =~ \"^ca\"", r));
    CHECK(where("service_name !~ \"^ca\"", r) == false);
    CHECK(where("ok = true and not ok = false", r));
    CHECK(where("ok = 1", r));
    CHECK(where("severity_number >= 9 and severity_number < 17", r));
    r.count = 18446744073709551615ull;  // UInt64 beyond int64: compared unsigned
    CHECK(where("count > 9223372036854775807", r));
    CHECK(where("count = 18446744073709551615", r));
    r.time = "2026-01-01 12:00:00";
    CHECK(where("timestamp >= \"2026-01-01\"", r));
    CHECK(where("timestamp < \"2026-01-01T12:00:00.000001Z\"", r));
    CHECK(where("timestamp = \"2026-01-01 12:00:00\"", r));
}

TEST_CASE("option --where reads attributes: the record's first, then the resource's", "[transform]") {
    Row r;
    r.attrs = {{"http.route", "/health"}, {"http.status_code", "503"}, {"k8s.pod-name", "a/b"}};
    r.resource = {{"service.version", "1.2"}, {"http.route", "/resource"}};
    CHECK(where("attr.http.route = \"/health\"", r));
    CHECK(where("resource.http.route = \"/resource\"", r));
    CHECK(where("attr.service.version = \"1.2\"", r));
    CHECK(where("has(attr.http.route) and not has(attr.db.system)", r));
    CHECK(where("has(resource.service.version)", r));
    CHECK(where("has(resource.http.status_code)", r) == false);
    CHECK(where("attr.http.status_code >= 500", r));                 // numerically
    CHECK(where("attr.http.status_code in (500, 503)", r));
    CHECK(where("attr.k8s.pod-name = \"a/b\"", r));
    CHECK(where("attr[\"k8s.pod-name\"] = \"a/b\"", r));
    // Absent attributes read as "" (ClickHouse's m['key']); "" is not a number.
    CHECK(where("attr.missing = \"\"", r));
    CHECK(where("attr.missing != \"x\"", r));
    CHECK(where("attr.missing >= 0", r) == false);
    CHECK(where("attr.http.route > 5", r) == false);
    CHECK(where("attr.http.route =~ \"^/he(a|b)lth$\"", r));
}

TEST_CASE("option --where: and binds tighter than or; not and parentheses", "[transform]") {
    Row r;
    CHECK(where("service_name = \"x\" or service_name = \"cart\" and duration_ms = 1", r));
    CHECK(where("(service_name = \"x\" or service_name = \"cart\") and duration_ms = 2", r) == false);
    CHECK(where("not (service_name = \"x\" or duration_ms = 2)", r));
    CHECK(where("NOT service_name = \"x\" AND duration_ms = 1", r));
}

TEST_CASE("option --where syntax errors give the position of what is wrong", "[transform]") {
    CHECK(error_position("duration_ms >= ") == 15);
    CHECK(error_position("duration_ms 1") == 12);
    CHECK(error_position("(duration_ms >= 1") == 17);
    CHECK(error_position("service_name = \"cart") == 15);
    CHECK(error_position("duration_ms >= 1 xor x = 1") == 17);
    CHECK(error_position("a in (1, ") == 9);
    CHECK(error_position("has(service_name)") == 4);
    CHECK(error_position("a =~ \"(\"") == 5);
    CHECK(error_position("a # 1") == 2);
    CHECK(error_position("a = 1e999") == 4);
    std::string text = "duration_ms >= ";
    try {
        Expression::parse(text);
    } catch (const ExpressionError& e) {
        std::string m = describe_expression_error("--where", text, e);
        CHECK(m.find("at position 16") != std::string::npos);
        CHECK(m.find("\n  duration_ms >= \n                 ^\n") != std::string::npos);
    }
}

TEST_CASE("option --where type errors point at the literal or operator that does not fit", "[transform]") {
    CHECK(bind_error_position("service_name >= 3") == 16);
    CHECK(bind_error_position("duration_ms = \"1\"") == 14);
    CHECK(bind_error_position("timestamp > 5") == 12);
    CHECK(bind_error_position("timestamp > \"yesterday\"") == 12);
    CHECK(bind_error_position("ok < true") == 5);
    CHECK(bind_error_position("duration_ms =~ \"1\"") == 0);
    CHECK(bind_error_position("attributes = \"x\"") == 0);
}

TEST_CASE("option --where on a table without the column does not apply to it", "[transform]") {
    Block b = make_block(test_spec());
    BoundExpression bound;
    std::string missing;
    auto e = Expression::parse("attr.x = \"1\" and SeverityNumber >= 17");
    CHECK_FALSE(e.bind(b, {7, 8}, bound, missing));
    CHECK(missing == "SeverityNumber");
    CHECK(e.columns() == std::vector<std::string>{"SeverityNumber"});
}

TEST_CASE("option --attr-column parses NAME=KEY[:TYPE][:keep]", "[transform]") {
    PromotedColumn p;
    CHECK(parse_promoted_column("route=http.route", p).empty());
    CHECK((p.name == "route" && p.key == "http.route" && p.type == "String" && !p.keep));
    CHECK(parse_promoted_column("status=http.status_code:Int64:keep", p).empty());
    CHECK((p.key == "http.status_code" && p.type == "Int64" && p.keep));
    CHECK(parse_promoted_column("v=resource:service.version", p).empty());
    CHECK((p.key == "service.version" && p.source == PromotedColumn::Source::resource));
    CHECK(parse_promoted_column("u=url:full:Bool", p).empty());
    CHECK((p.key == "url:full" && p.type == "Bool"));
    CHECK_FALSE(parse_promoted_column("route", p).empty());
    CHECK_FALSE(parse_promoted_column("bad-name=k", p).empty());
    CHECK_FALSE(parse_promoted_column("n=:Int64", p).empty());
}

TEST_CASE("a row stage promotes, filters, drops and hashes, in that order", "[transform]") {
    TransformOptions o;
    PromotedColumn route, status, version, hit;
    parse_promoted_column("route=http.route", route);
    parse_promoted_column("status=http.status_code:Int64", status);
    parse_promoted_column("version=resource:service.version:keep", version);
    parse_promoted_column("hit=cache.hit:Bool", hit);
    o.attr_columns = {route, status, version, hit};
    o.where = {std::make_shared<const Expression>(Expression::parse("attr.user.email != \"drop@example.com\""))};  // sees the value before hashing
    o.drop_attrs = {"net.*"};
    o.hash_attrs = {"user.*"};
    o.hash_key = "secret";

    struct T : TableBuilder {
        T() : TableBuilder(test_spec()) {}
        void fill_scope(size_t, size_t, const ScopeRecord&) override {}
        void fill_resource(size_t, size_t, const ResourceRecord&) override {}
    } table;
    for (const PromotedColumn& p : o.attr_columns) table.add_column(p.name, p.type, "");
    std::vector<std::string> notes;
    RowStage stage(o, table.spec(), table.block(), notes);
    CHECK(notes.empty());
    Block& b = table.block();
    Row a;
    a.attrs = {{"http.route", "/cart"}, {"net.peer", "x"}, {"user.email", "a@example.com"}, {"http.status_code", "503"},
               {"cache.hit", "true"}};
    a.resource = {{"service.version", "1.2"}, {"net.host", "h"}};
    Row dropped = a;
    dropped.attrs[2].second = "drop@example.com";
    Row plain;
    plain.attrs = {{"http.status_code", "not a number"}};
    for (const Row* r : {&a, &dropped, &plain}) {
        push(b, *r);
        for (size_t i = 10; i < b.columns.size(); ++i) b.columns[i].truncate(b.rows - 1);  // the table never fills them
    }
    stage.apply(b, 0);
    REQUIRE(b.rows == 2);
    CHECK(stage.rows_filtered() == 1);
    for (const Column& c : b.columns) CHECK(c.rows() == 2);
    unsigned char mac[32];
    HmacSha256("secret").mac("a@example.com", mac);
    char hex[32];
    write_hex(mac, 16, hex);
    CHECK(map_row(b, 7, 0) == "user.email=" + std::string(hex, 32) + ";");
    CHECK(map_row(b, 8, 0) == "service.version=1.2;");  // :keep leaves it
    CHECK(b.columns[10].strings.at(0) == "/cart");
    CHECK(b.columns[11].ints[0] == 503);
    CHECK(b.columns[12].strings.at(0) == "1.2");
    CHECK(b.columns[13].ints[0] == 1);
    // Absent or not convertible: the type's default.
    CHECK(b.columns[10].strings.at(1) == "");
    CHECK(b.columns[11].ints[1] == 0);
    CHECK(map_row(b, 7, 1) == "");  // the unconvertible value was still promoted, so removed
}

TEST_CASE("option --dedup-window drops a fingerprint seen in the last N rows kept", "[transform]") {
    RecentSet s(3);
    CHECK_FALSE(s.seen_or_insert(1));
    CHECK_FALSE(s.seen_or_insert(2));
    CHECK(s.seen_or_insert(1));
    CHECK_FALSE(s.seen_or_insert(3));
    CHECK_FALSE(s.seen_or_insert(4));  // 1 leaves the window
    CHECK_FALSE(s.seen_or_insert(1));
    CHECK(s.seen_or_insert(4));
    // Against a model, with keys that collide in the table.
    RecentSet big(100);
    std::vector<uint64_t> window;
    uint64_t x = 12345;
    for (int i = 0; i < 20000; ++i) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        uint64_t key = (x >> 40) % 300;
        bool in = std::find(window.begin(), window.end(), key) != window.end();
        REQUIRE(big.seen_or_insert(key) == in);
        if (!in) {
            window.push_back(key);
            if (window.size() > 100) window.erase(window.begin());
        }
    }
}

TEST_CASE("option --sample keeps a trace when its 56 random bits reach the threshold", "[transform]") {
    uint64_t bits = 0;
    CHECK(trace_randomness("0af7651916cd43dd8448eb211c80319c", bits));
    CHECK(bits == 0x48eb211c80319cULL);
    CHECK_FALSE(trace_randomness("0af7651916cd43dd8448eb211c80319", bits));
    CHECK_FALSE(trace_randomness("0af7651916cd43dd8448eb211c80319g", bits));
    CHECK(sampling_threshold(1.0) == 0);
    CHECK(sampling_threshold(0.0) == (1ULL << 56));
    CHECK(sampling_threshold(0.5) == (1ULL << 55));
    CHECK(sampling_threshold(0.25) == 3 * (1ULL << 54));
}

TEST_CASE("HMAC-SHA256 matches RFC 4231 and SHA-256 matches FIPS 180-2", "[text]") {
    auto hex_of = [](const unsigned char* d) {
        char h[64];
        write_hex(d, 32, h);
        return std::string(h, 64);
    };
    unsigned char out[32];
    Sha256 a;
    a.update("abc");
    a.digest(out);
    CHECK(hex_of(out) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    Sha256 b;
    b.update("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
    b.digest(out);
    CHECK(hex_of(out) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    Sha256 c;
    for (int i = 0; i < 1000; ++i) c.update(std::string(1000, 'a'));
    c.digest(out);
    CHECK(hex_of(out) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    HmacSha256(std::string(20, '\x0b')).mac("Hi There", out);  // RFC 4231 case 1
    CHECK(hex_of(out) == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    HmacSha256("Jefe").mac("what do ya want for nothing?", out);  // case 2
    CHECK(hex_of(out) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    HmacSha256(std::string(131, '\xaa')).mac("Test Using Larger Than Block-Size Key - Hash Key First", out);  // case 6
    CHECK(hex_of(out) == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST_CASE("time text parses back to ticks", "[text]") {
    CHECK(parse_datetime_text("1970-01-01", 6) == 0);
    CHECK(parse_datetime_text("2026-01-01 00:00:01.5", 6) == 1767225601500000);
    CHECK(parse_datetime_text("2026-01-01T00:00:01.000000001Z", 9) == 1767225601000000001);
    CHECK(parse_datetime_text("1969-12-31 23:59:59", 0) == -1);
    CHECK_FALSE(parse_datetime_text("2026-01-01 00:00:01.0000001", 6));  // finer than the column
    CHECK_FALSE(parse_datetime_text("2026-13-01", 6));
    CHECK_FALSE(parse_datetime_text("2026-01-01 24:00:00", 6));
    CHECK_FALSE(parse_datetime_text("yesterday", 6));
    for (int64_t t : {0LL, 1767225601123456LL, -86400000001LL, 253402300799999999LL}) {
        std::string s;
        append_datetime64_text(s, t, 6);
        CHECK(parse_datetime_text(s, 6) == t);
    }
}

TEST_CASE("columns added to someone else's DDL go before its INDEX lines", "[schema]") {
    CHECK(ddl_with_column("CREATE TABLE t (\n    a String,\n    INDEX i a TYPE minmax GRANULARITY 1\n) ENGINE = MergeTree()",
                          "`x` Int64") ==
          "CREATE TABLE t (\n    a String,\n    `x` Int64,\n    INDEX i a TYPE minmax GRANULARITY 1\n) ENGINE = MergeTree()");
    CHECK(ddl_with_column("CREATE TABLE t (\n    a String\n) ENGINE = MergeTree()", "`x` Int64") ==
          "CREATE TABLE t (\n    a String,\n    `x` Int64\n) ENGINE = MergeTree()");
}

TEST_CASE("append_rows copies rows of every column kind", "[schema]") {
    TableSpec spec{"t",
                   {{"m", "Map(String, String)", ""}, {"am", "Array(Map(String, String))", ""}, {"f", "Array(Float64)", ""},
                    {"s", "String", ""}, {"i", "Int64", ""}},
                   "", nullptr, nullptr, {}};
    Block from = make_block(spec), to = make_block(spec);
    for (int r = 0; r < 3; ++r) {
        auto& c = from.columns;
        for (int e = 0; e < r; ++e) {
            c[0].strings.push("k" + std::to_string(e));
            c[0].values.push("v" + std::to_string(r));
            c[2].floats.push_back(r + e / 10.0);
        }
        c[0].offsets.push_back(c[0].strings.size());
        c[2].offsets.push_back(c[2].floats.size());
        for (int m = 0; m < r; ++m) {  // r maps of m+1 entries
            for (int e = 0; e <= m; ++e) {
                c[1].strings.push("a");
                c[1].values.push(std::to_string(r * 10 + m));
            }
            c[1].inner_offsets.push_back(c[1].strings.size());
        }
        c[1].offsets.push_back(c[1].inner_offsets.size());
        c[3].strings.push("s" + std::to_string(r));
        c[4].ints.push_back(-r);
        ++from.rows;
    }
    for (Column& c : to.columns) {
        c.append_rows(from.columns[&c - &to.columns[0]], 2, 3);
        c.append_rows(from.columns[&c - &to.columns[0]], 1, 2);
    }
    CHECK(to.columns[0].offsets == std::vector<uint64_t>{2, 3});
    CHECK(to.columns[0].values.at(2) == "v1");
    CHECK(to.columns[1].offsets == std::vector<uint64_t>{2, 3});
    CHECK(to.columns[1].inner_offsets == std::vector<uint64_t>{1, 3, 4});
    CHECK(to.columns[1].values.at(3) == "10");
    CHECK(to.columns[2].floats == std::vector<double>{2, 2.1, 1});
    CHECK(to.columns[3].strings.at(1) == "s1");
    CHECK(to.columns[4].ints == std::vector<int64_t>{-2, -1});
}
