#pragma once
// What the Kafka flags say about a client, and the librdkafka configuration made from it.
// Consumer and producer are configured by the same rules, so -X means the same to both.
#include <librdkafka/rdkafka.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace otelflat {

// A Kafka operation failed in a way the run cannot continue from (unreachable brokers, an
// unknown topic, a failed delivery or commit). Reported with exit code 4.
struct KafkaError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct KafkaClientOptions {
    std::string brokers;                                           // -b (or --to-brokers)
    std::vector<std::pair<std::string, std::string>> properties;  // -F file first, then -X, in order
    int verbosity = 1;                                             // 0 = -q, 1 = default, 2+ = -v
};

// Reads a kcat-style properties file: `key=value` lines; blank lines and `#` comments are
// skipped. Throws KafkaError naming the file and line of a malformed entry.
std::vector<std::pair<std::string, std::string>> read_properties_file(const std::string& path);

// A configuration with otelflat's defaults, then the user's properties over them, then the
// brokers. `role` is "consumer" or "producer": -X scoped as `consumer.KEY` / `producer.KEY`
// applies only to that role. Throws KafkaError for an unknown property or a bad value.
rd_kafka_conf_t* make_kafka_conf(const KafkaClientOptions& options, const char* role,
                                 const std::vector<std::pair<std::string, std::string>>& defaults);

// The value a configuration holds for `name`, or "" (used to read back message.max.bytes).
std::string conf_value(const rd_kafka_conf_t* conf, const char* name);

}  // namespace otelflat
