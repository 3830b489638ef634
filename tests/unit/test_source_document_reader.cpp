#include <catch2/catch.hpp>

#include <snappy.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "source/crc32c.h"
#include "source/decompress.h"
#include "source/document_reader.h"

using namespace otelflat;

namespace {

// Hands out a string in reads of at most `step` bytes, to exercise every buffer boundary.
class StringSource final : public ByteSource {
public:
    StringSource(std::string s, size_t step) : s_(std::move(s)), step_(step) {}
    size_t read(char* dst, size_t cap) override {
        size_t n = std::min({cap, step_, s_.size() - pos_});
        std::memcpy(dst, s_.data() + pos_, n);
        pos_ += n;
        return n;
    }
    uint64_t raw_bytes_read() const override { return pos_; }

private:
    std::string s_;
    size_t step_;
    size_t pos_ = 0;
};

struct Cut {
    std::string text;
    uint64_t offset, line;
    bool operator==(const Cut& o) const { return text == o.text && offset == o.offset && line == o.line; }
};

// Cuts input into documents (what happens to one that fails to parse is the Converter's
// business: tests/unit/test_cli_converter.cpp).
std::vector<Cut> cut(const std::string& input, size_t step, uint64_t max_doc = 1 << 20) {
    StringSource src(input, step);
    DocumentReader reader(src, max_doc);
    std::vector<Cut> docs;
    Document d;
    while (reader.next(d)) {
        if (d.oversized) {
            docs.push_back({"<oversized " + std::to_string(d.size) + ">", d.offset, d.line});
            continue;
        }
        docs.push_back({std::string(d.data, d.size), d.offset, d.line});
    }
    return docs;
}

}  // namespace

TEST_CASE("JSON lines, concatenated and pretty documents are cut at value boundaries", "[source]") {
    for (size_t step : {1, 2, 3, 7, 64, 1 << 20}) {
        INFO("read size " << step);
        auto d = cut("{\"a\":1}\n{\"b\":\"}{\\\"\"}\n\n  {\n  \"c\": [1, {\"d\": 2}]\n}{\"e\":3}  \n", step);
        REQUIRE(d.size() == 4);
        CHECK(d[0] == Cut{"{\"a\":1}", 0, 1});
        CHECK(d[1] == Cut{"{\"b\":\"}{\\\"\"}", 8, 2});
        CHECK(d[2].text == "{\n  \"c\": [1, {\"d\": 2}]\n}");
        CHECK(d[2].line == 4);
        CHECK(d[3] == Cut{"{\"e\":3}", 48, 6});
    }
}

TEST_CASE("empty and whitespace-only streams give no documents", "[source]") {
    CHECK(cut("", 5).empty());
    CHECK(cut(" \n\t\r\n ", 1).empty());
}

TEST_CASE("garbage runs to the next line that starts with '{'", "[source]") {
    for (size_t step : {1, 4, 4096}) {
        auto d = cut("\x01\x02garbage\n more\n{\"ok\":1}\n42\n{\"ok\":2}", step);
        REQUIRE(d.size() == 4);
        CHECK(d[0].text == "\x01\x02garbage\n more\n");
        CHECK(d[1] == Cut{"{\"ok\":1}", 16, 3});
        CHECK(d[2].text == "42\n");
        CHECK(d[3].text == "{\"ok\":2}");
    }
}

TEST_CASE("an oversized document is skipped up to the next JSON line", "[source]") {
    std::string big = "{\"big\":\"" + std::string(5000, 'x') + "\"}";
    auto d = cut("{\"a\":1}\n" + big + "\n{\"b\":2}\n", 100, 1000);
    REQUIRE(d.size() == 3);
    CHECK(d[0].text == "{\"a\":1}");
    CHECK(d[1].text == "<oversized " + std::to_string(big.size() + 1) + ">");
    CHECK(d[1].offset == 8);
    CHECK(d[2] == Cut{"{\"b\":2}", 8 + big.size() + 1, 3});
}

TEST_CASE("zstd input is decompressed transparently, multi-frame included", "[source]") {
    std::string plain1 = "{\"a\":1}\n", plain2 = "{\"b\":2}\n";
    auto compress = [](const std::string& s) {
        std::string out(ZSTD_compressBound(s.size()), '\0');
        out.resize(ZSTD_compress(out.data(), out.size(), s.data(), s.size(), 3));
        return out;
    };
    auto src = wrap_decompression(std::make_unique<StringSource>(compress(plain1) + compress(plain2), 3), "t.zst");
    DocumentReader reader(*src, 1 << 20);
    Document d;
    REQUIRE(reader.next(d));
    CHECK(std::string(d.data, d.size) == "{\"a\":1}");
    REQUIRE(reader.next(d));
    CHECK(std::string(d.data, d.size) == "{\"b\":2}");
    CHECK_FALSE(reader.next(d));
}

TEST_CASE("truncated or corrupt zstd is an input error", "[source]") {
    std::string s = "{\"a\":1}\n";
    std::string z(ZSTD_compressBound(s.size()), '\0');
    z.resize(ZSTD_compress(z.data(), z.size(), s.data(), s.size(), 3));
    auto src = wrap_decompression(std::make_unique<StringSource>(z.substr(0, z.size() - 3), 100), "t.zst");
    char buf[100];
    CHECK_THROWS_AS([&] { while (src->read(buf, sizeof buf)) {} }(), InputError);
}

namespace {
std::string snappy_frame(const std::string& plain, bool corrupt_crc = false) {
    std::string out("\xff\x06\x00\x00sNaPpY", 10);
    std::string comp;
    snappy::Compress(plain.data(), plain.size(), &comp);
    uint32_t crc = masked_crc32c(plain.data(), plain.size()) ^ (corrupt_crc ? 1u : 0u);
    size_t len = comp.size() + 4;
    out += '\x00';
    out += static_cast<char>(len & 0xff);
    out += static_cast<char>((len >> 8) & 0xff);
    out += static_cast<char>(len >> 16);
    out.append(reinterpret_cast<const char*>(&crc), 4);
    out += comp;
    return out;
}
}  // namespace

TEST_CASE("snappy framing is decompressed and its checksums checked", "[source]") {
    // CRC-32C check value for "123456789" is E3069283; the mask is snappy's.
    uint32_t c = 0xE3069283u;
    CHECK(masked_crc32c("123456789", 9) == ((c >> 15) | (c << 17)) + 0xa282ead8u);
    auto src = wrap_decompression(std::make_unique<StringSource>(snappy_frame("{\"a\":1}"), 2), "t.sz");
    DocumentReader reader(*src, 1 << 20);
    Document d;
    REQUIRE(reader.next(d));
    CHECK(std::string(d.data, d.size) == "{\"a\":1}");
    auto bad = wrap_decompression(std::make_unique<StringSource>(snappy_frame("{\"a\":1}", true), 64), "t.sz");
    char buf[64];
    CHECK_THROWS_WITH(bad->read(buf, sizeof buf), Catch::Contains("checksum mismatch"));
}

namespace {
// A random JSON value whose strings are full of braces, brackets, quotes and backslashes,
// so every 64-byte block boundary case of the scanner comes up.
void random_value(std::mt19937& rng, int depth, std::string& out) {
    int kind = depth > 6 ? 2 : static_cast<int>(rng() % 4);
    if (kind == 0 || kind == 1) {
        bool obj = kind == 0;
        out += obj ? '{' : '[';
        int n = static_cast<int>(rng() % 5);
        for (int i = 0; i < n; ++i) {
            if (i) out += ',';
            if (obj) {
                out += "\"k\":";
            }
            random_value(rng, depth + 1, out);
        }
        out += obj ? '}' : ']';
    } else if (kind == 2) {
        out += '"';
        int n = static_cast<int>(rng() % 90);
        // Raw newlines too, after a backslash as well (invalid JSON, but they count as lines).
        static const char* pieces[] = {"a", "{", "}", "[", "]", "\\\"", "\\\\", "\\n", " ", "\\u00e9", "xyz", "\n", "\\\n"};
        for (int i = 0; i < n; ++i) out += pieces[rng() % 13];
        out += '"';
    } else {
        out += std::to_string(rng() % 100000);
    }
}
}  // namespace

TEST_CASE("the block scanner finds the same boundaries and lines as the JSON structure, at any read size", "[source]") {
    std::mt19937 rng(42);
    for (int round = 0; round < 60; ++round) {
        std::string input;
        std::vector<Cut> expected;
        int docs = 1 + static_cast<int>(rng() % 6);
        for (int d = 0; d < docs; ++d) {
            std::string doc = "{\"v\":";
            random_value(rng, 0, doc);
            doc += "}";
            uint64_t line = 1 + static_cast<uint64_t>(std::count(input.begin(), input.end(), '\n'));
            expected.push_back({doc, input.size(), line});
            input += doc;
            input += std::string(rng() % 3, rng() % 2 ? '\n' : ' ');
        }
        for (size_t step : {size_t{1}, size_t{2}, size_t{63}, size_t{64}, size_t{65}, size_t{1000}, size_t{1} << 20}) {
            INFO("round " << round << ", read size " << step);
            auto got = cut(input, step);
            REQUIRE(got.size() == expected.size());
            for (size_t i = 0; i < got.size(); ++i) CHECK(got[i] == expected[i]);
        }
    }
}

TEST_CASE("an oversized document is rejected however much one read brings in", "[source]") {
    std::string big = "{\"big\":\"" + std::string(5000, 'x') + "\"}";
    for (size_t step : {100, 4096, 1 << 20}) {
        INFO("read size " << step);
        auto d = cut("{\"a\":1}\n" + big + "\n{\"b\":2}\n", step, 1000);
        REQUIRE(d.size() == 3);
        CHECK(d[1].text == "<oversized " + std::to_string(big.size() + 1) + ">");
        CHECK(d[2] == Cut{"{\"b\":2}", 8 + big.size() + 1, 3});
    }
}

TEST_CASE("kept documents stay in the buffer until handed over, at the same positions", "[source]") {
    // What the file reader does: documents are not copied out; every few documents the buffer
    // goes with them and the reader continues in a fresh one. Pretty documents, garbage and
    // an oversized one in between, with reads of every size.
    std::string input;
    for (int i = 0; i < 60; ++i) {
        input += "{\"n\": " + std::to_string(i) + ", \"pad\": \"" + std::string(static_cast<size_t>(i * 37 % 300), 'p') + "\"}\n";
        if (i % 13 == 5) input += "  {\n  \"pretty\": [1, 2]\n}\n";
        if (i % 17 == 3) input += "garbage line\n";
        if (i == 40) input += "{\"huge\":\"" + std::string(3000, 'h') + "\"}\n";
    }
    for (size_t step : {1, 7, 64, 1000, 1 << 20}) {
        INFO("read size " << step);
        auto want = cut(input, step, 2000);
        StringSource src(input, step);
        DocumentReader reader(src, 2000);
        reader.keep_documents();
        std::vector<Cut> got;
        std::vector<std::pair<size_t, Document>> pending;  // kept offset, document
        auto hand_over = [&](bool last) {
            CharBuffer out;
            CharBuffer fresh;
            if (!last) fresh.reserve_exact(100);  // smaller than a read: it must grow
            reader.hand_over(out, std::move(fresh));
            for (auto& [offset, d] : pending)
                got.push_back({d.oversized ? "<oversized " + std::to_string(d.size) + ">"
                                           : std::string(out.data() + offset, d.size),
                               d.offset, d.line});
            pending.clear();
        };
        Document d;
        int n = 0;
        while (reader.next(d)) {
            pending.push_back({d.oversized ? 0 : reader.kept_offset(d), d});
            if (++n % 3 == 0) hand_over(false);
        }
        hand_over(true);
        REQUIRE(got.size() == want.size());
        for (size_t i = 0; i < got.size(); ++i) {
            INFO("document " << i);
            CHECK(got[i] == want[i]);
        }
    }
}
