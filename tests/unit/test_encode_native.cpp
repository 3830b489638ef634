#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <cstring>
#include <string>
#include <vector>

#include "encode/jsoneachrow.h"
#include "encode/native.h"
#include "schema/attribute_map.h"
#include "schema/table.h"
#include "text/double_text.h"

using namespace otelflat;

namespace {
// Encoders write to an Output; these collect what they wrote as a string.
void write_to(Encoder& enc, const Block& b, size_t begin, size_t end, std::string& out) {
    StringOutput o;
    enc.write(b, begin, end, o);
    out += o.str();
}
// Each row of b written alone, one call per row (so nothing is copied from a row before).
std::string json_rows_alone(const Block& b) {
    JsonEachRowEncoder alone(TimeFormat::text);
    std::string out;
    for (size_t r = 0; r < b.rows; ++r) write_to(alone, b, r, r + 1, out);
    return out;
}
// All rows of b in one call, checked against the rows written alone.
std::string json_rows_together(const Block& b) {
    JsonEachRowEncoder together(TimeFormat::text);
    std::string all;
    write_to(together, b, 0, b.rows, all);
    CHECK(all == json_rows_alone(b));
    return all;
}
void finish_to(Encoder& enc, const Block& b, uint64_t rows, std::string& out) {
    StringOutput o;
    enc.finish(b, rows, o);
    out += o.str();
}

const TableSpec& small_spec() {
    static const TableSpec s{"t",
                             {{"ts", "DateTime64(6, 'UTC')", ""},
                              {"svc", "LowCardinality(String)", ""},
                              {"d", "Float64", ""},
                              {"m", "Map(String, String)", ""}},
                             "ENGINE = Memory", nullptr, nullptr, {}};
    return s;
}

Block two_rows() {
    Block b = make_block(small_spec());
    b.columns[0].ints = {1, 2};
    b.columns[1].strings.push("api");
    b.columns[1].strings.push("api");
    b.columns[2].floats = {1.5, -0.25};
    b.columns[3].strings.push("a");
    b.columns[3].values.push("1");
    b.columns[3].strings.push("b");
    b.columns[3].values.push("x");
    b.columns[3].offsets = {2, 2};
    b.rows = 2;
    return b;
}

std::string hex(const std::string& s) {
    static const char* d = "0123456789abcdef";
    std::string h;
    for (unsigned char c : s) {
        h += d[c >> 4];
        h += d[c & 15];
    }
    return h;
}
}  // namespace

TEST_CASE("Native block bytes follow the documented layout", "[encode][native]") {
    Block b = two_rows();
    NativeEncoder enc;
    std::string out;
    write_to(enc, b, 0, 2, out);
    std::string expected = std::string("\x04\x02", 2) + "\x02ts" + "\x14" "DateTime64(6, 'UTC')" +
                           std::string("\x01\0\0\0\0\0\0\0\x02\0\0\0\0\0\0\0", 16) +
                           "\x03svc" + "\x16" "LowCardinality(String)" +
                           std::string("\x01\0\0\0\0\0\0\0", 8) +            // key_version prefix
                           std::string("\x00\x02\0\0\0\0\0\0", 8) +          // UInt8 indexes | HasAdditionalKeys
                           std::string("\x01\0\0\0\0\0\0\0", 8) + "\x03" "api" +
                           std::string("\x02\0\0\0\0\0\0\0", 8) + std::string("\0\0", 2) +
                           "\x01" "d" + "\x07" "Float64" + std::string("\0\0\0\0\0\0\xf8\x3f", 8) +
                           std::string("\0\0\0\0\0\0\xd0\xbf", 8) +
                           "\x01m" + "\x13" "Map(String, String)" +
                           std::string("\x02\0\0\0\0\0\0\0\x02\0\0\0\0\0\0\0", 16) + "\x01" "a" "\x01" "b" +
                           "\x01" "1" "\x01" "x";
    CHECK(hex(out) == hex(expected));
}

TEST_CASE("Native slices rebase map offsets and rebuild dictionaries per block", "[encode][native]") {
    Block b = two_rows();
    NativeEncoder enc;
    std::string second;
    write_to(enc, b, 1, 2, second);
    // row 1 has an empty map: its offset relative to the slice is 0 and no keys follow
    CHECK(hex(second).find(hex(std::string("\x01m\x13" "Map(String, String)", 22) + std::string(8, '\0'))) !=
          std::string::npos);
    std::string empty;
    write_to(enc, b, 1, 1, empty);
    CHECK(empty.empty());
}

TEST_CASE("LowCardinality switches to UInt16 indexes past 256 keys", "[encode][native]") {
    static const TableSpec spec{"t", {{"s", "LowCardinality(String)", ""}}, "", nullptr, nullptr, {}};
    Block b = make_block(spec);
    for (int i = 0; i < 300; ++i) b.columns[0].strings.push(std::to_string(i % 257));
    b.rows = 300;
    NativeEncoder enc;
    std::string out;
    write_to(enc, b, 0, 300, out);
    std::string header = std::string("\x01\xac\x02\x01s\x16", 6) + "LowCardinality(String)";
    REQUIRE(out.compare(0, header.size(), header) == 0);
    std::string body = out.substr(header.size());
    CHECK(hex(body.substr(0, 24)) == hex(std::string("\x01\0\0\0\0\0\0\0\x01\x02\0\0\0\0\0\0\x01\x01\0\0\0\0\0\0", 24)));
    // 300 UInt16 indexes end the column; the last row is "42" = key index 42
    CHECK(body.size() > 600);
    CHECK(hex(body.substr(body.size() - 2)) == "2a00");
}

TEST_CASE("LowCardinality dictionaries map every value back, whatever its period", "[encode][native]") {
    // A map's keys copied to each row repeat with the map's size as period; here the period
    // changes, breaks, and values that sit where a repeat would be differ from it.
    static const TableSpec spec{"t", {{"s", "LowCardinality(String)", ""}}, "", nullptr, nullptr, {}};
    Block b = make_block(spec);
    std::vector<std::string> values;
    for (int i = 0; i < 3000; ++i) {
        int period = i < 1000 ? 12 : i < 2000 ? 3 : 1 + (i / 100) % 7;
        std::string v = "k" + std::to_string(i % period);
        if (i % 37 == 0) v = "odd" + std::to_string(i % 5);
        if (i % 101 == 0) v = "k" + std::to_string(i % period + 1);
        values.push_back(v);
        b.columns[0].strings.push(v);
    }
    b.rows = values.size();
    NativeEncoder enc;
    std::string out;
    write_to(enc, b, 0, b.rows, out);
    std::string header = std::string("\x01\xb8\x17\x01s\x16", 6) + "LowCardinality(String)";
    REQUIRE(out.compare(0, header.size(), header) == 0);
    size_t at = header.size();
    auto u64 = [&] {
        uint64_t v = 0;
        std::memcpy(&v, out.data() + at, 8);
        at += 8;
        return v;
    };
    CHECK(u64() == 1);      // key_version
    CHECK(u64() == 0x200);  // UInt8 indexes | HasAdditionalKeys
    std::vector<std::string> keys(u64());
    for (std::string& k : keys) {
        size_t len = static_cast<unsigned char>(out[at++]);
        k = out.substr(at, len);
        at += len;
    }
    REQUIRE(u64() == values.size());
    REQUIRE(out.size() == at + values.size());
    std::vector<std::string> first_seen;
    for (size_t i = 0; i < values.size(); ++i) {
        size_t idx = static_cast<unsigned char>(out[at + i]);
        REQUIRE(idx < keys.size());
        INFO("row " << i);
        REQUIRE(keys[idx] == values[i]);
        if (std::find(first_seen.begin(), first_seen.end(), values[i]) == first_seen.end()) first_seen.push_back(values[i]);
    }
    CHECK(keys == first_seen);  // each value once, in the order rows first have it
}

TEST_CASE("Native rows recorded as copies give the bytes of the same rows not recorded", "[encode][native]") {
    // A resource's map, a scope's name and a service on runs of records (recorded as repeats
    // of the row before), a run cut back by a truncation, rows pushed one by one between them, and enough
    // values for several of the encoder's 4,096-value runs, into an output flushed as it goes.
    // Written whole and in slices that start inside a run of copies, the bytes must be those of
    // the same block with nothing recorded.
    static const TableSpec spec{"t",
                                {{"m", "Map(String, String)", ""},
                                 {"lm", "Map(LowCardinality(String), String)", ""},
                                 {"s", "String", ""},
                                 {"ls", "LowCardinality(String)", ""}},
                                "ENGINE = Memory", nullptr, nullptr, {}};
    Block b = make_block(spec);
    AttributeMapWriter writer(false);
    std::vector<std::string> keys, values;
    for (int i = 0; i < 9; ++i) {
        keys.push_back("key." + std::to_string(i));
        values.push_back(std::string(static_cast<size_t>(i * 5), 'v') + std::to_string(i));  // 1 to 42 bytes
    }
    for (int run = 0; run < 600; ++run) {
        size_t n = 1 + static_cast<size_t>(run * 7 % 13);
        std::vector<Attribute> attrs;
        for (size_t k = 0; k < static_cast<size_t>(run % 10); ++k)  // 0 to 9 entries
            attrs.push_back({keys[(k + static_cast<size_t>(run)) % 9], values[(k * 3 + static_cast<size_t>(run)) % 9]});
        AttributeList list{attrs.data(), attrs.size()};
        writer.append_copies(list, b.columns[0], n);
        writer.append_copies(list, b.columns[1], n);
        b.columns[2].push_copies(values[static_cast<size_t>(run) % 9], n);
        b.columns[3].push_copies(keys[static_cast<size_t>(run) % 4], n);
        if (run % 5 == 4) {  // cut back into the run, then a row not recorded
            size_t rows = b.columns[0].offsets.size() - n / 2;
            for (Column& c : b.columns) c.truncate(rows);
            writer.append(list, b.columns[0]);
            writer.append(list, b.columns[1]);
            b.columns[2].strings.push(values[static_cast<size_t>(run) % 9]);
            b.columns[3].strings.push(keys[static_cast<size_t>(run) % 4]);
        }
    }
    b.rows = b.columns[0].offsets.size();
    REQUIRE(b.columns[0].strings.size() > 3 * 4096);
    REQUIRE(!b.columns[0].repeated_rows.empty());
    Block plain = b;
    for (Column& c : plain.columns) c.repeated_rows.clear();

    struct FlushingOutput final : Output {
        std::string all;
        void maybe_flush() override {
            if (buffer_.size() < 1000) return;
            all += buffer_.view();
            buffer_.clear();  // the same storage takes the next values
        }
    };
    auto native = [](const Block& block, size_t begin, size_t end) {
        NativeEncoder enc;
        FlushingOutput out;
        enc.write(block, begin, end, out);
        return out.all + std::string(out.buffer().view());
    };
    CHECK(hex(native(b, 0, b.rows)) == hex(native(plain, 0, plain.rows)));
    for (size_t begin : {size_t{1}, size_t{2}, size_t{3}, b.rows / 3, b.rows - 2}) {
        INFO("rows from " << begin);
        CHECK(hex(native(b, begin, b.rows)) == hex(native(plain, begin, plain.rows)));
        CHECK(hex(native(b, 0, begin)) == hex(native(plain, 0, begin)));
    }
}

TEST_CASE("an empty Native stream is one 0-row block naming every column", "[encode][native]") {
    Block b = make_block(small_spec());
    NativeEncoder enc;
    std::string out;
    finish_to(enc, b, 0, out);
    CHECK(out == std::string("\x04\x00\x02ts\x14", 6) + "DateTime64(6, 'UTC')" + "\x03svc\x16" +
                     "LowCardinality(String)" + "\x01" "d\x07" "Float64" + "\x01m\x13" "Map(String, String)");
    std::string after_rows;
    finish_to(enc, b, 5, after_rows);
    CHECK(after_rows.empty());
}

TEST_CASE("JSONEachRow writes keys in column order and maps as objects", "[encode][json]") {
    Block b = two_rows();
    JsonEachRowEncoder enc(TimeFormat::text);
    std::string out;
    write_to(enc, b, 0, 2, out);
    CHECK(out ==
          "{\"ts\":\"1970-01-01 00:00:00.000001\",\"svc\":\"api\",\"d\":1.5,\"m\":{\"a\":\"1\",\"b\":\"x\"}}\n"
          "{\"ts\":\"1970-01-01 00:00:00.000002\",\"svc\":\"api\",\"d\":-0.25,\"m\":{}}\n");
}

TEST_CASE("JSONEachRow renders a repeated map or float array once, and never confuses entries", "[encode][json]") {
    static const TableSpec spec{"t", {{"m", "Map(String, String)", ""}, {"b", "Array(Float64)", ""}}, "ENGINE = Memory", nullptr, nullptr, {}};
    Block b = make_block(spec);
    Column& m = b.columns[0];
    Column& a = b.columns[1];
    auto entry = [&](const char* k, const char* v) {
        m.strings.push(k);
        m.values.push(v);
    };
    entry("ab", "c");                 // row 0
    m.offsets.push_back(1);
    entry("ab", "c");                 // row 1: the same map
    m.offsets.push_back(2);
    entry("a", "bc");                 // row 2: the same bytes, other entry boundaries
    m.offsets.push_back(3);
    entry("a", "b");                  // row 3: the same bytes as two entries
    entry("", "c");
    m.offsets.push_back(5);
    m.offsets.push_back(5);           // row 4: empty
    a.floats = {0.5, 1, 0.5, 1, 0.5, 2};
    a.offsets = {2, 4, 6, 6, 6};      // [0.5,1] twice, [0.5,2], [], []
    b.rows = 5;
    JsonEachRowEncoder enc(TimeFormat::text);
    std::string out;
    write_to(enc, b, 0, 5, out);
    CHECK(out ==
          "{\"m\":{\"ab\":\"c\"},\"b\":[0.5,1]}\n"
          "{\"m\":{\"ab\":\"c\"},\"b\":[0.5,1]}\n"
          "{\"m\":{\"a\":\"bc\"},\"b\":[0.5,2]}\n"
          "{\"m\":{\"a\":\"b\",\"\":\"c\"},\"b\":[]}\n"
          "{\"m\":{},\"b\":[]}\n");
    // A later call over other rows of a refilled block starts afresh.
    out.clear();
    write_to(enc, b, 2, 3, out);
    CHECK(out == "{\"m\":{\"a\":\"bc\"},\"b\":[0.5,2]}\n");
}

TEST_CASE("JSONEachRow rows that repeat the row before give the text of rows written alone", "[encode][json]") {
    // Values repeat for runs of rows of different lengths per column; a map value larger than
    // the encoder's scratch now and then moves the pending text mid-row, and repeated ones of a
    // third of it leave too little room to copy: every row of the one call must read as that
    // row encoded by itself (which has no row before to copy).
    static const TableSpec spec{"t",
                                {{"ts", "DateTime64(6, 'UTC')", ""},
                                 {"svc", "LowCardinality(String)", ""},
                                 {"d", "Float64", ""},
                                 {"m", "Map(String, String)", ""},
                                 {"counts", "Array(UInt64)", ""},
                                 {"bounds", "Array(Float64)", ""},
                                 {"names", "Array(String)", ""},
                                 {"n", "UInt64", ""}},
                                "ENGINE = Memory", nullptr, nullptr, {}};
    Block b = make_block(spec);
    const size_t rows = 1500;
    for (size_t r = 0; r < rows; ++r) {
        b.columns[0].ints.push_back(static_cast<int64_t>(r / 3));
        b.columns[1].strings.push("svc\"" + std::to_string(r / 50));
        b.columns[2].floats.push_back(static_cast<double>(r / 5) * 0.1);
        Column& m = b.columns[3];
        if (r % 97 == 5) {
            m.strings.push("big");
            m.values.push(std::string(150000 + r, 'x'));
        } else if (r > 0 && r % 256 < 2) {  // the first rows after a hand-over: too long to copy
            m.strings.push("long");
            m.values.push(std::string(90000, 'z'));
        } else if (r % 97 >= 40 && r % 97 < 44) {  // repeated, and about a third of the scratch
            m.strings.push("mid");
            m.values.push(std::string(40000 + r / 97, 'y'));
        } else if (r % 11 != 0) {
            for (size_t e = 0; e < (r / 7) % 4; ++e) {
                m.strings.push("k" + std::to_string(e));
                m.values.push("v" + std::to_string(r / 7));
            }
        }
        m.offsets.push_back(m.strings.size());
        Column& counts = b.columns[4];
        for (size_t e = 0; e < (r / 4) % 3; ++e) counts.ints.push_back(static_cast<int64_t>(r / 8 + e));
        counts.offsets.push_back(counts.ints.size());
        Column& bounds = b.columns[5];
        for (size_t e = 0; e < (r / 6) % 3; ++e) bounds.floats.push_back(static_cast<double>(e) + 0.5);
        bounds.offsets.push_back(bounds.floats.size());
        Column& names = b.columns[6];
        if (r % 13 == 0) names.strings.push("n" + std::to_string(r));
        names.offsets.push_back(names.strings.size());
        b.columns[7].ints.push_back(r % 400 < 200 ? 7 : static_cast<int64_t>(r));
    }
    b.rows = rows;
    std::string all = json_rows_together(b);
    CHECK(all.find("\"svc\":\"svc\\\"29\"") != std::string::npos);  // the text is the real one
}

TEST_CASE("DDL is rendered from the table spec", "[schema]") {
    CHECK(render_ddl(small_spec()) ==
          "CREATE TABLE IF NOT EXISTS t\n(\n    ts DateTime64(6, 'UTC'),\n    svc LowCardinality(String),\n"
          "    d Float64,\n    m Map(String, String)\n)\nENGINE = Memory;\n");
}

TEST_CASE("a resource map copied to many rows gives each row the same sorted entries", "[schema]") {
    const Attribute attrs[] = {{"z", "1"}, {"a", "2"}, {"m", "3"}, {"a", "4"}};
    Column map;
    map.kind = ColumnKind::map_string_string;
    map.strings.push("x");  // a row already there
    map.values.push("y");
    map.offsets.push_back(1);
    AttributeMapWriter(false).append_copies(AttributeList{attrs, 4}, map, 3);
    REQUIRE(map.offsets == std::vector<uint64_t>{1, 4, 7, 10});
    for (size_t row = 1; row <= 3; ++row) {
        uint64_t e = map.first(row);
        CHECK(map.strings.at(e) == "a");
        CHECK(map.values.at(e) == "4");  // the last of a repeated key
        CHECK(map.strings.at(e + 1) == "m");
        CHECK(map.values.at(e + 1) == "3");
        CHECK(map.strings.at(e + 2) == "z");
        CHECK(map.values.at(e + 2) == "1");
    }
    AttributeMapWriter(false).append_copies(AttributeList{}, map, 2);  // empty maps
    CHECK(map.offsets == std::vector<uint64_t>{1, 4, 7, 10, 10, 10});
    // The copies are recorded as repeating the row before (rows 2-3 and 5), and a truncation
    // forgets the rows it removes.
    using Range = std::pair<uint64_t, uint64_t>;
    CHECK(map.repeated_rows == std::vector<Range>{{2, 4}, {5, 6}});
    map.truncate(3);
    CHECK(map.repeated_rows == std::vector<Range>{{2, 3}});
    map.truncate(2);
    CHECK(map.repeated_rows.empty());
}

TEST_CASE("JSONEachRow maps recorded as repeats and refilled rows read as rows written alone", "[encode][json]") {
    // A resource's copies, then the block cut back into them and other maps appended: the
    // copies that remain are copied, the new rows (not recorded) compared.
    static const TableSpec spec{"t", {{"m", "Map(String, String)", ""}}, "ENGINE = Memory", nullptr, nullptr, {}};
    Block b = make_block(spec);
    Column& m = b.columns[0];
    const Attribute first[] = {{"k", "v1"}, {"service.name", "a"}};
    const Attribute second[] = {{"k", "v2"}};
    AttributeMapWriter writer(false);
    writer.append_copies(AttributeList{first, 2}, m, 4);
    m.truncate(2);
    writer.append(AttributeList{second, 1}, m);
    writer.append_copies(AttributeList{first, 2}, m, 3);
    b.rows = m.offsets.size();
    std::string all = json_rows_together(b);
    std::string a = "{\"m\":{\"k\":\"v1\",\"service.name\":\"a\"}}\n";
    CHECK(all == a + a + "{\"m\":{\"k\":\"v2\"}}\n" + a + a + a);
}

TEST_CASE("JSONEachRow strings recorded as copies and refilled rows read as rows written alone", "[encode][json]") {
    // A scope's name on its records, the block cut back into the copies, then rows pushed one
    // by one (not recorded, so compared) and copies again: each row has its own text.
    static const TableSpec spec{"t", {{"s", "String", ""}}, "ENGINE = Memory", nullptr, nullptr, {}};
    Block b = make_block(spec);
    Column& s = b.columns[0];
    s.push_copies("lib-a", 4);
    s.push_copies("lib-b", 1);  // one row: nothing repeats
    using Range = std::pair<uint64_t, uint64_t>;
    CHECK(s.repeated_rows == std::vector<Range>{{1, 4}});
    s.truncate(2);
    CHECK(s.repeated_rows == std::vector<Range>{{1, 2}});
    s.strings.push("lib-a");
    s.strings.push("x\"y");
    s.push_copies("lib-c", 3);
    CHECK(s.repeated_rows == std::vector<Range>{{1, 2}, {5, 7}});
    b.rows = s.strings.size();
    std::string all = json_rows_together(b);
    auto row = [](const char* v) { return std::string("{\"s\":\"") + v + "\"}\n"; };
    CHECK(all == row("lib-a") + row("lib-a") + row("lib-a") + row("x\\\"y") + row("lib-c") + row("lib-c") + row("lib-c"));
}

TEST_CASE("JSONEachRow repeats recorded in ranges read as rows written alone from any first row", "[encode][json]") {
    // Ranges of copies that cross the 256-row runs the encoder marks repeats in, with rows
    // pushed one by one (compared) between them, written from first rows inside, at the ends of
    // and between the ranges: each slice must read as its rows written alone.
    static const TableSpec spec{"t", {{"s", "String", ""}, {"n", "Int64", ""}}, "ENGINE = Memory", nullptr, nullptr, {}};
    Block b = make_block(spec);
    Column& s = b.columns[0];
    s.push_copies("run-a", 300);  // rows 0-299: crosses row 256
    s.strings.push("run-a");      // equal to the row before, not recorded: compared
    s.strings.push("x");
    s.push_copies("run-b", 2);
    s.push_copies("run-c", 250);  // rows 304-553: crosses row 512
    s.strings.push("y");
    s.push_copies("run-c", 3);
    b.rows = s.strings.size();
    for (size_t r = 0; r < b.rows; ++r) b.columns[1].ints.push_back(static_cast<int64_t>(r / 7));
    const std::string alone = json_rows_alone(b);
    std::vector<size_t> starts{0};  // where each row's text starts in `alone`
    for (size_t at = 0; (at = alone.find('\n', at)) != std::string::npos;) starts.push_back(++at);
    REQUIRE(starts.size() == b.rows + 1);
    for (size_t first : {size_t{1}, size_t{2}, size_t{255}, size_t{256}, size_t{257}, size_t{299}, size_t{300},
                         size_t{301}, size_t{302}, size_t{303}, size_t{304}, size_t{305}, size_t{511}, size_t{512},
                         size_t{553}, size_t{554}, size_t{555}})
        for (size_t end : {first + 1, first + 2, first + 300, b.rows}) {
            if (end > b.rows) continue;
            INFO("rows " << first << " to " << end);
            JsonEachRowEncoder enc(TimeFormat::text);
            std::string got;
            write_to(enc, b, first, end, got);
            CHECK(got == alone.substr(starts[first], starts[end] - starts[first]));
        }
}

TEST_CASE("JSONEachRow renderings copied from earlier in the output survive flushes and growth", "[encode][json]") {
    // Maps and float arrays that recur with other values between them (so they are copied from
    // where they were rendered, not from the row before), over many 256-row runs, into an
    // output that is flushed and reused after every run: each row must read as written alone.
    static const TableSpec spec{
        "t", {{"m", "Map(String, String)", ""}, {"b", "Array(Float64)", ""}}, "ENGINE = Memory", nullptr, nullptr, {}};
    Block b = make_block(spec);
    Column& m = b.columns[0];
    Column& a = b.columns[1];
    for (int row = 0; row < 3000; ++row) {
        if (row % 2 == 0) {  // the same map every other row, an empty one between
            m.strings.push("k");
            m.values.push(row % 1000 < 500 ? "first" : "second");
        }
        m.offsets.push_back(m.strings.size());
        for (double x : {0.5, 1.0 + row % 3, 2.5}) a.floats.push_back(x);  // three arrays in turn
        a.offsets.push_back(a.floats.size());
    }
    b.rows = 3000;
    struct FlushingOutput final : Output {
        std::string all;
        void maybe_flush() override {
            all += buffer_.view();
            buffer_.clear();  // the same storage takes the next rows
        }
    } flushing;
    JsonEachRowEncoder together(TimeFormat::text);
    together.write(b, 0, b.rows, flushing);
    flushing.maybe_flush();
    std::string one_by_one = json_rows_alone(b);
    CHECK(flushing.all == one_by_one);
    std::string first_rows = "{\"m\":{\"k\":\"first\"},\"b\":[0.5,1,2.5]}\n{\"m\":{},\"b\":[0.5,2,2.5]}\n";
    CHECK(one_by_one.compare(0, first_rows.size(), first_rows) == 0);
}

TEST_CASE("JSONEachRow float arrays whose elements recur in other combinations keep their text", "[encode][json]") {
    // Many more distinct values than remembered texts, in arrays that each mix old and new
    // ones: every element must read as that number's own text, whatever shares its slot.
    static const TableSpec spec{"t", {{"b", "Array(Float64)", ""}}, "ENGINE = Memory", nullptr, nullptr, {}};
    Block b = make_block(spec);
    Column& a = b.columns[0];
    std::vector<double> values;
    for (int i = 0; i < 20000; ++i) values.push_back(std::exp2(i / 7.0 - 1000) * (i % 3 == 0 ? -1 : 1));
    values.push_back(std::numeric_limits<double>::infinity());
    values.push_back(std::nan(""));
    values.push_back(-0.0);
    std::string expected;
    uint64_t seed = 1;
    for (int row = 0; row < 3000; ++row) {
        expected += "{\"b\":[";
        for (int e = 0; e < 13; ++e) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            double x = values[(seed >> 33) % (row < 1500 ? 64 : values.size())];
            a.floats.push_back(x);
            if (e) expected += ',';
            std::string text;
            append_double(text, x);
            expected += std::isfinite(x) ? text : "\"" + text + "\"";
        }
        a.offsets.push_back(a.floats.size());
        expected += "]}\n";
    }
    b.rows = a.offsets.size();
    JsonEachRowEncoder enc(TimeFormat::text);
    std::string out;
    write_to(enc, b, 0, b.rows, out);
    CHECK(out == expected);
}
