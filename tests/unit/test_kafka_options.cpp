#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <string>

#include "kafka/client_config.h"
#include "source/kafka_offsets.h"

using namespace otelflat;

TEST_CASE("offsets take kcat's grammar: one start and one e@ end", "[kafka]") {
    auto start_of = [](const std::string& text) {
        OffsetSpec spec;
        REQUIRE(add_offset_arg(text, spec) == "");
        REQUIRE(spec.start);
        return *spec.start;
    };
    CHECK(start_of("beginning").kind == StartOffset::beginning);
    CHECK(start_of("end").kind == StartOffset::end);
    CHECK(start_of("stored").kind == StartOffset::stored);
    CHECK(start_of("42").kind == StartOffset::absolute);
    CHECK(start_of("42").value == 42);
    CHECK(start_of("0").kind == StartOffset::absolute);
    CHECK(start_of("-5").kind == StartOffset::tail);
    CHECK(start_of("-5").value == 5);
    CHECK(start_of("s@1700000000000").kind == StartOffset::timestamp);
    CHECK(start_of("s@1700000000000").value == 1700000000000);

    OffsetSpec both;
    CHECK(add_offset_arg("s@10", both) == "");
    CHECK(add_offset_arg("e@20", both) == "");
    CHECK(both.start->value == 10);
    CHECK(*both.end_timestamp_ms == 20);
    CHECK_FALSE(both.start->kind == StartOffset::beginning);

    OffsetSpec end_only;
    CHECK(add_offset_arg("e@20", end_only) == "");
    CHECK_FALSE(end_only.start);
}

TEST_CASE("offsets: -o rejects what kcat would not read, saying why", "[kafka]") {
    auto error_of = [](std::initializer_list<const char*> args) {
        OffsetSpec spec;
        std::string last;
        for (const char* a : args) last = add_offset_arg(a, spec);
        return last;
    };
    CHECK(error_of({"begining"}).find("not an offset") != std::string::npos);
    CHECK(error_of({"-0"}).find("N > 0") != std::string::npos);
    CHECK(error_of({"s@"}).find("milliseconds") != std::string::npos);
    CHECK(error_of({"e@x"}).find("milliseconds") != std::string::npos);
    CHECK(error_of({"12abc"}).find("not an offset") != std::string::npos);
    CHECK(error_of({"end", "beginning"}).find("only one start") != std::string::npos);
    CHECK(error_of({"e@1", "e@2"}).find("only one e@") != std::string::npos);
}

TEST_CASE("properties files: key=value lines, comments, errors with the line", "[kafka]") {
    std::string path = "kafka-props-test.conf";
    {
        std::ofstream f(path);
        f << "# a comment\n\nbootstrap.servers = b1:9092\r\nsasl.password=a=b\n";
    }
    auto props = read_properties_file(path);
    REQUIRE(props.size() == 2);
    CHECK(props[0] == std::pair<std::string, std::string>{"bootstrap.servers", "b1:9092"});
    CHECK(props[1] == std::pair<std::string, std::string>{"sasl.password", "a=b"});
    {
        std::ofstream f(path);
        f << "ok=1\nno equals sign\n";
    }
    CHECK_THROWS_WITH(read_properties_file(path), Catch::Contains("kafka-props-test.conf:2"));
    std::remove(path.c_str());
    CHECK_THROWS_AS(read_properties_file("/nonexistent/otelflat.conf"), KafkaError);
}

TEST_CASE("properties given with -X reach librdkafka; consumer. and producer. scope them", "[kafka]") {
    KafkaClientOptions o;
    o.brokers = "127.0.0.1:9";
    o.properties = {{"linger.ms", "7"}, {"consumer.fetch.wait.max.ms", "33"}, {"producer.linger.ms", "9"}};
    rd_kafka_conf_t* consumer = make_kafka_conf(o, "consumer", {{"fetch.wait.max.ms", "100"}});
    CHECK(conf_value(consumer, "fetch.wait.max.ms") == "33");  // the user's value over the default
    CHECK(conf_value(consumer, "linger.ms") == "7");           // unscoped: both sides
    CHECK(conf_value(consumer, "bootstrap.servers") == "127.0.0.1:9");
    rd_kafka_conf_destroy(consumer);
    rd_kafka_conf_t* producer = make_kafka_conf(o, "producer", {});
    CHECK(conf_value(producer, "linger.ms") == "9");  // the scoped value, given later, wins
    CHECK(conf_value(producer, "fetch.wait.max.ms") == "500");  // librdkafka's default: not ours
    rd_kafka_conf_destroy(producer);
    o.properties = {{"no.such.property", "1"}};
    CHECK_THROWS_WITH(make_kafka_conf(o, "consumer", {}), Catch::Contains("no.such.property"));
}
