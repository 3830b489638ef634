#include <catch2/catch.hpp>

#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "schema/column.h"
#include "text/base64.h"
#include "text/char_buffer.h"
#include "text/duration_arg.h"
#include "text/hex_id.h"
#include "text/json_escape.h"
#include "text/md5.h"
#include "text/md5_batch.h"
#include "text/time_text.h"

using namespace otelflat;

static std::string json(std::string_view s) {
    std::string out;
    append_json_string(out, s);
    return out;
}

TEST_CASE("JSON string escaping follows Go's encoder", "[text]") {
    CHECK(json("plain") == "\"plain\"");
    CHECK(json("\"\\") == "\"\\\"\\\\\"");
    CHECK(json("\b\f\n\r\t") == "\"\\b\\f\\n\\r\\t\"");
    CHECK(json(std::string("\x00\x01\x1f", 3)) == "\"\\u0000\\u0001\\u001f\"");
    CHECK(json("<a&b>\x7f") == "\"<a&b>\x7f\"");
    CHECK(json("\xE2\x80\xA8\xE2\x80\xA9") == "\"\\u2028\\u2029\"");
    CHECK(json("\xC3\xA9\xF0\x9F\x98\x80") == "\"\xC3\xA9\xF0\x9F\x98\x80\"");
    // invalid UTF-8: each bad byte becomes \ufffd
    CHECK(json("a\xff" "b") == "\"a\\ufffdb\"");
    CHECK(json("\xC3") == "\"\\ufffd\"");
    CHECK(json("\xED\xA0\x80") == "\"\\ufffd\\ufffd\\ufffd\"");  // a UTF-16 surrogate
    CHECK(json("\xC0\xAF") == "\"\\ufffd\\ufffd\"");              // overlong
}

TEST_CASE("JSON escaping finds a special byte at any position of a long string", "[text]") {
    // The plain-ASCII fast path looks at 32 bytes at a time (AVX2) and 8 near the end: every
    // offset within and across those steps must still see the byte that needs escaping.
    const std::pair<std::string, std::string> specials[] = {
        {"\"", "\\\""}, {"\\", "\\\\"}, {"\n", "\\n"}, {std::string(1, '\0'), "\\u0000"},
        {"\x1f", "\\u001f"}, {"\xff", "\\ufffd"}, {"\xC3\xA9", "\xC3\xA9"}, {"\xE2\x80\xA8", "\\u2028"}};
    for (const auto& [raw, escaped] : specials) {
        for (size_t before = 0; before < 70; ++before) {
            for (size_t after : {0, 1, 7, 8, 13, 31, 32, 33, 40}) {
                std::string in = std::string(before, 'a') + raw + std::string(after, 'z');
                CHECK(json(in) == "\"" + std::string(before, 'a') + escaped + std::string(after, 'z') + "\"");
            }
        }
    }
    CHECK(json(std::string(64, '~')) == "\"" + std::string(64, '~') + "\"");
    // Specials close together and far apart, as in a rendered kvlist body.
    std::string in, want;
    for (size_t gap = 0; gap < 80; ++gap) {
        in += std::string(gap, 'x') + "\"" + std::string(gap % 5, 'y') + "\\";
        want += std::string(gap, 'x') + "\\\"" + std::string(gap % 5, 'y') + "\\\\";
    }
    CHECK(json(in) == "\"" + want + "\"");
}

// Through a TextCursor, as JSONEachRow writes; strings are escaped in pieces of 4,096 bytes.
static std::string json_via_cursor(std::string_view s) {
    CharBuffer out;
    TextCursor cursor;
    cursor.start(out);
    append_json_string(cursor, s);
    cursor.finish();
    return std::string(out.view());
}

TEST_CASE("TextCursor: appends after what the buffer holds, grows it as needed, counts the moves", "[text]") {
    CharBuffer out;
    out.append(std::string_view("head:"));
    TextCursor cursor;
    cursor.start(out);
    size_t moves = cursor.moves();
    std::string expected = "head:";
    for (int i = 0; i < 100000; ++i) {  // ~600 KB: several growths
        std::string piece = std::to_string(i) + ",";
        size_t room = cursor.room();
        cursor.put(piece);
        expected += piece;
        if (room >= piece.size()) CHECK(cursor.moves() == moves);  // fitted: nothing moved
        moves = cursor.moves();
    }
    std::string big(200000, 'x');  // more than one growth step in one put
    cursor.put(big);
    expected += big;
    cursor.finish();
    CHECK(cursor.moves() > 1);
    CHECK(out.size() == expected.size());
    CHECK(std::string(out.view()) == expected);
}

TEST_CASE("JSON escaping through the cursor: every short length, a special byte anywhere, any place in a page", "[text]") {
    // Short strings are judged 32 bytes at a time when those stay within the page, and 8 at a
    // time (or byte by byte) otherwise: both ways must agree with the std::string path.
    const std::string specials[] = {"\"", "\\", "\n", std::string(1, '\0'), "\x1f", "\x7f", "\xff", "\xC3\xA9", "\xE2\x80\xA8"};
    alignas(4096) static char page[2 * 4096];
    for (size_t len = 0; len <= 40; ++len) {
        for (size_t where : {size_t{0}, size_t{4096 - 40}, size_t{4096 - 33}, size_t{4096 - 32}, size_t{4096 - 31},
                             size_t{4096 - 8}, size_t{4096 - 1}}) {
            std::string plain(len, 'k');
            std::memcpy(page + where, plain.data(), len);
            std::string_view in(page + where, len);
            INFO("length " << len << " at page offset " << where);
            REQUIRE(json_via_cursor(in) == json(plain));
            for (const std::string& raw : specials) {
                for (size_t at = 0; at + raw.size() <= len; at += 3) {
                    std::string with = plain;
                    with.replace(at, raw.size(), raw);
                    std::memcpy(page + where, with.data(), len);
                    INFO("special " << static_cast<int>(static_cast<unsigned char>(raw[0])) << " at " << at);
                    REQUIRE(json_via_cursor(std::string_view(page + where, len)) == json(with));
                }
            }
        }
    }
}

TEST_CASE("JSON escaping of long strings: a piece boundary never splits or loses a sequence", "[text]") {
    const std::pair<std::string, std::string> specials[] = {
        {"\xE2\x82\xAC", "\xE2\x82\xAC"}, {"\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80"}, {"\xE2\x80\xA8", "\\u2028"},
        {"\xff", "\\ufffd"}, {"\n", "\\n"}, {"\xC3", "\\ufffd"}};
    for (const auto& [raw, escaped] : specials) {
        for (size_t before : {4090, 4093, 4094, 4095, 4096, 8190, 8191}) {
            std::string in = std::string(before, 'a') + raw + std::string(5000, 'z');
            std::string want = "\"" + std::string(before, 'a') + escaped + std::string(5000, 'z') + "\"";
            CHECK(json(in) == want);
            CHECK(json_via_cursor(in) == want);
        }
    }
    // 3 MB of escapes: more than the cursor's scratch, handed over in many runs.
    std::string big;
    for (int i = 0; i < 500000; ++i) big += "\x01\"";
    std::string want = "\"";
    for (int i = 0; i < 500000; ++i) want += "\\u0001\\\"";
    want += "\"";
    CHECK(json(big) == want);
    CHECK(json_via_cursor(big) == want);
    CHECK(json_via_cursor("") == "\"\"");
}

TEST_CASE("base64 encodes with padding and decodes strictly", "[text]") {
    std::string out;
    append_base64(out, std::string("\x01\x02", 2));
    CHECK(out == "AQI=");
    out.clear();
    append_base64(out, "abc");
    CHECK(out == "YWJj");
    out.clear();
    append_base64(out, "a");
    CHECK(out == "YQ==");
    std::string bytes;
    CHECK(decode_base64("AQI=", bytes));
    CHECK(bytes == std::string("\x01\x02", 2));
    bytes.clear();
    CHECK(decode_base64("AQID\r\n", bytes));
    CHECK(bytes == std::string("\x01\x02\x03", 3));
    bytes.clear();
    CHECK(decode_base64("", bytes));
    CHECK(bytes.empty());
    CHECK_FALSE(decode_base64("AQI", bytes));    // unpadded
    CHECK_FALSE(decode_base64("AQ-_", bytes));   // URL-safe alphabet
    CHECK_FALSE(decode_base64("A===", bytes));
    CHECK_FALSE(decode_base64("AQ==AQ==", bytes));
}

TEST_CASE("hex ids normalise to lower case; zero and empty mean none", "[text]") {
    HexId id;
    CHECK(normalize_hex_id("5B8EFFF798038103D269B633813FC60C", 16, id) == IdStatus::ok);
    CHECK(id.view() == "5b8efff798038103d269b633813fc60c");
    CHECK(normalize_hex_id("0000000000000000", 8, id) == IdStatus::ok);
    CHECK(id.view().empty());
    CHECK(normalize_hex_id("", 8, id) == IdStatus::ok);
    CHECK(id.view().empty());
    CHECK(normalize_hex_id("00000000000000010000000000000000", 16, id) == IdStatus::ok);
    CHECK(id.view() == "00000000000000010000000000000000");
    CHECK(normalize_hex_id("0102", 8, id) == IdStatus::wrong_length);
    CHECK(normalize_hex_id("g102030405060708", 8, id) == IdStatus::not_hex);
}

TEST_CASE("hex ids: every byte value in every position is judged as isxdigit judges it", "[text]") {
    HexId id;
    for (int pos = 0; pos < 16; ++pos) {
        for (int b = 0; b < 256; ++b) {
            std::string in(16, '7');
            in[static_cast<size_t>(pos)] = static_cast<char>(b);
            bool hex = std::isxdigit(b) != 0;
            INFO("byte " << b << " at " << pos);
            REQUIRE((normalize_hex_id(in, 8, id) == IdStatus::ok) == hex);
            if (hex) {
                std::string want = in;
                want[static_cast<size_t>(pos)] = static_cast<char>(std::tolower(b));
                REQUIRE(id.view() == want);
            }
        }
    }
}

TEST_CASE("md5 batches give each message the digest it has alone, for every length and lane", "[text]") {
    // Lengths around every padding boundary (55/56/64 bytes...), batches that fill 16 lanes,
    // leave some empty, and mix one-block with several-block messages.
    std::string text;
    for (int i = 0; i < 700; ++i) text += static_cast<char>('!' + (i * 37) % 90);
    Md5Batch batch;
    std::string got;
    for (size_t batch_size : {1u, 3u, 7u, 8u, 9u, 15u, 16u, 17u, 21u, 33u}) {
        for (size_t first_len = 0; first_len < 200; first_len += 1) {
            batch.clear();
            std::vector<std::string> messages;
            for (size_t i = 0; i < batch_size; ++i) {
                size_t len = (first_len + i * 61) % 700;
                messages.push_back(text.substr(i % 50, len));
                batch.add(messages.back().substr(0, len / 3));  // pieces: one message, any cut
                batch.add(messages.back().substr(len / 3));
                batch.end_message();
            }
            got.assign(batch.hex_digests());
            for (size_t i = 0; i < batch_size; ++i) {
                char want[33] = {};
                md5_hex(messages[i], "", want);
                INFO("batch of " << batch_size << ", message " << i << " of " << messages[i].size() << " bytes");
                REQUIRE(got.substr(32 * i, 32) == std::string(want));
            }
        }
    }
    batch.clear();
    batch.add("abc");
    batch.end_message();
    got.assign(batch.hex_digests());
    CHECK(got == "900150983cd24fb0d6963f7d28e17f72");
}

TEST_CASE("md5 matches RFC 1321 test vectors", "[text]") {
    char out[33] = {};
    md5_hex("", "", out);
    CHECK(std::string(out) == "d41d8cd98f00b204e9800998ecf8427e");
    md5_hex("a", "bc", out);
    CHECK(std::string(out) == "900150983cd24fb0d6963f7d28e17f72");
    md5_hex("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "", out);
    CHECK(std::string(out) == "57edf4a22be3c955ac49da2e2107b67a");
    md5_hex("message ", "digest", out);
    CHECK(std::string(out) == "f96b697d7cb7938d525a2f31aaf161d0");
    // 55, 56 and 64 bytes: the padding edge cases
    md5_hex(std::string(55, 'a'), "", out);
    CHECK(std::string(out) == "ef1772b6dff9a122358552954ad0df65");
    md5_hex(std::string(56, 'a'), "", out);
    CHECK(std::string(out) == "3b0c8ac703f828b04c6c197006d17218");
    md5_hex(std::string(64, 'a'), "", out);
    CHECK(std::string(out) == "014842d480b571495a4a0363793f7367");
}

TEST_CASE("DateTime64 text is exact UTC for any tick count", "[text]") {
    auto text = [](int64_t ticks, int p) {
        std::string s;
        append_datetime64_text(s, ticks, p);
        return s;
    };
    CHECK(text(0, 6) == "1970-01-01 00:00:00.000000");
    CHECK(text(1700000000123456, 6) == "2023-11-14 22:13:20.123456");
    CHECK(text(951782400000000, 6) == "2000-02-29 00:00:00.000000");
    CHECK(text(-1, 6) == "1969-12-31 23:59:59.999999");
    CHECK(text(18446744073709551, 6) == "2554-07-21 23:34:33.709551");
    CHECK(text(1700000000123456789, 9) == "2023-11-14 22:13:20.123456789");
    CHECK(nanos_to_micros(1999) == 1);
    CHECK(nanos_to_micros(UINT64_MAX) == 18446744073709551);
}

TEST_CASE("DateTime64 text agrees with gmtime at every precision", "[text]") {
    // An independent rendering: gmtime_r for the seconds, printf for the fraction.
    auto reference = [](int64_t ticks, int p) {
        int64_t scale = 1;
        for (int i = 0; i < p; ++i) scale *= 10;
        int64_t secs = ticks / scale, frac = ticks % scale;
        if (frac < 0) { frac += scale; --secs; }
        time_t t = static_cast<time_t>(secs);
        struct tm tm {};
        gmtime_r(&t, &tm);
        char buf[64];
        int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                              tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
        if (p > 0) std::snprintf(buf + n, sizeof buf - n, ".%0*lld", p, static_cast<long long>(frac));
        return std::string(buf);
    };
    uint64_t x = 88172645463325252ull;  // xorshift: the same values every run
    for (int p = 0; p <= 9; ++p) {
        int64_t scale = 1;
        for (int i = 0; i < p; ++i) scale *= 10;
        std::vector<int64_t> secs = {0, -1, 1, 59, 60, 3599, 3600, 86399, 86400, 951782400, 951868799,
                                     4102444799, 253402300799, -2208988800};  // up to 9999-12-31, down to 1900
        for (int i = 0; i < 3000; ++i) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            secs.push_back(static_cast<int64_t>(x % 10413792000ull) - 2208988800);  // 1900..2230
        }
        for (int64_t s : secs) {
            if (s > INT64_MAX / scale - 1 || s < INT64_MIN / scale + 1) continue;  // no such tick count
            for (int64_t frac : {int64_t(0), int64_t(1), scale - 1, scale / 3}) {
                int64_t ticks = s * scale + (frac % scale);
                std::string got;
                append_datetime64_text(got, ticks, p);
                INFO("ticks " << ticks << " precision " << p);
                REQUIRE(got == reference(ticks, p));
            }
        }
    }
}

TEST_CASE("duration_ms rounds to 2 decimals half away from zero on integers", "[text]") {
    CHECK(duration_ms_2dp(0, 1000000) == 1.0);
    CHECK(duration_ms_2dp(0, 1234567) == 1.23);
    CHECK(duration_ms_2dp(0, 1235000) == 1.24);
    CHECK(duration_ms_2dp(0, 1234999) == 1.23);
    CHECK(duration_ms_2dp(1235000, 0) == -1.24);
    CHECK(duration_ms_2dp(5, 5) == 0.0);
    CHECK_FALSE(std::signbit(duration_ms_2dp(4999, 0)));  // rounds to 0, not -0
    CHECK(duration_ms_2dp(0, UINT64_MAX) == 18446744073709.55);
}

TEST_CASE("min-duration values parse to nanoseconds", "[text]") {
    CHECK(parse_duration_ns("1ms") == 1000000u);
    CHECK(parse_duration_ns("250us") == 250000u);
    CHECK(parse_duration_ns("2s") == 2000000000u);
    CHECK(parse_duration_ns("1.5ms") == 1500000u);
    CHECK(parse_duration_ns("500ns") == 500u);
    CHECK(parse_duration_ns("1m") == 60000000000u);
    CHECK(parse_duration_ns("0.25s") == 250000000u);
    CHECK_FALSE(parse_duration_ns("1"));
    CHECK_FALSE(parse_duration_ns("ms"));
    CHECK_FALSE(parse_duration_ns("1 ms"));
    CHECK_FALSE(parse_duration_ns("-1ms"));
    CHECK_FALSE(parse_duration_ns("99999999999999999999s"));
}

TEST_CASE("copy_bytes copies exactly n bytes for every short and long length", "[text]") {
    // Lengths around each of its cases (0-3, 4-7, 8-16, more), at every source alignment:
    // the bytes before and after the destination stay untouched.
    std::string source;
    for (int i = 0; i < 64; ++i) source += static_cast<char>('A' + i % 50);
    for (size_t n = 0; n <= 40; ++n) {
        for (size_t from = 0; from < 8; ++from) {
            std::string to(64, '.');
            copy_bytes(&to[4], source.data() + from, n);
            std::string want = std::string(4, '.') + source.substr(from, n) + std::string(60 - n, '.');
            INFO("n " << n << ", from " << from);
            REQUIRE(to == want);
        }
    }
}

TEST_CASE("repeating the tail of a buffer or string store gives the same as appending it each time", "[text]") {
    for (size_t len = 0; len < 10; ++len) {
        for (size_t times = 0; times < 40; ++times) {
            CharBuffer b;
            b.append("head", 4);
            std::string tail;
            for (size_t i = 0; i < len; ++i) tail += static_cast<char>('a' + i);
            b.append(tail.data(), tail.size());
            b.repeat_tail(len, times);
            std::string want = "head" + tail;
            for (size_t t = 0; t < times; ++t) want += tail;
            INFO("len " << len << ", times " << times);
            REQUIRE(std::string(b.data(), b.size()) == want);
        }
    }
    for (size_t k = 1; k < 5; ++k) {
        for (size_t times = 0; times < 20; ++times) {
            StringStore got, want;
            got.push("before");
            want.push("before");
            for (size_t i = 0; i < k; ++i) {
                got.push(std::string(i, 'x') + std::to_string(k));
                want.push(std::string(i, 'x') + std::to_string(k));
            }
            got.repeat_tail(k, times);
            for (size_t t = 0; t < times; ++t)
                for (size_t i = 0; i < k; ++i) want.push(std::string(i, 'x') + std::to_string(k));
            REQUIRE(got.size() == want.size());
            for (size_t i = 0; i < want.size(); ++i) REQUIRE(got.at(i) == want.at(i));
        }
    }
}

TEST_CASE("bytes are written as lower-case hex at every length, sixteen at a time or not", "[text]") {
    std::vector<unsigned char> bytes(40);
    for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<unsigned char>(i * 37 + 0xa5);
    for (size_t n = 0; n <= bytes.size(); ++n) {
        std::string out(2 * n + 4, '#');
        otelflat::write_hex(bytes.data(), n, out.data());
        std::string expected;
        for (size_t i = 0; i < n; ++i) {
            char two[3];
            std::snprintf(two, sizeof two, "%02x", bytes[i]);
            expected += two;
        }
        INFO(n);
        CHECK(out == expected + "####");
    }
}
