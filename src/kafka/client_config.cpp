#include "kafka/client_config.h"

#include <syslog.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

namespace otelflat {
namespace {

std::string trim(const std::string& s) {
    size_t b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return "";
    size_t e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

// librdkafka's own log lines: errors always, the rest only with -v (they are about
// reconnects and retries that the client handles itself).
// One setting for the process (the callback has no other place to find it: the opaque pointer
// belongs to the client's owner).
std::atomic<int> g_verbosity{1};

void log_line(const rd_kafka_t*, int level, const char* facility, const char* message) {
    int v = g_verbosity.load(std::memory_order_relaxed);
    if (v == 0 || (level > LOG_ERR && v < 2)) return;
    std::fprintf(stderr, "otelflat: kafka: %s: %s\n", facility, message);
}

void set(rd_kafka_conf_t* conf, const std::string& key, const std::string& value) {
    char err[512];
    if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
        rd_kafka_conf_destroy(conf);
        throw KafkaError("-X " + key + "=" + value + ": " + err);
    }
}

}  // namespace

std::vector<std::pair<std::string, std::string>> read_properties_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw KafkaError(path + ": cannot open the properties file: " + std::strerror(errno));
    std::vector<std::pair<std::string, std::string>> props;
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        std::string t = trim(line);
        if (t.empty() || t[0] == '#') continue;
        size_t eq = t.find('=');
        if (eq == std::string::npos || eq == 0)
            throw KafkaError(path + ":" + std::to_string(n) + ": not a key=value line: " + t);
        props.emplace_back(trim(t.substr(0, eq)), trim(t.substr(eq + 1)));
    }
    return props;
}

rd_kafka_conf_t* make_kafka_conf(const KafkaClientOptions& options, const char* role,
                                 const std::vector<std::pair<std::string, std::string>>& defaults) {
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set_log_cb(conf, log_line);
    g_verbosity.store(options.verbosity, std::memory_order_relaxed);
    for (const auto& [k, v] : defaults) set(conf, k, v);
    std::string scope = std::string(role) + ".";
    const char* other = std::strcmp(role, "consumer") == 0 ? "producer." : "consumer.";
    for (const auto& [k, v] : options.properties) {
        if (k.rfind(other, 0) == 0) continue;
        set(conf, k.rfind(scope, 0) == 0 ? k.substr(scope.size()) : k, v);
    }
    if (!options.brokers.empty()) set(conf, "bootstrap.servers", options.brokers);
    return conf;
}

std::string conf_value(const rd_kafka_conf_t* conf, const char* name) {
    char buf[512];
    size_t size = sizeof buf;
    if (rd_kafka_conf_get(conf, name, buf, &size) != RD_KAFKA_CONF_OK) return "";
    return buf;
}

}  // namespace otelflat
