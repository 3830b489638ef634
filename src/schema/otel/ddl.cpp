#include "schema/otel/ddl.h"

#include <mutex>

#include <map>
#include <string>

namespace otelflat::otel {

// Generated from src/schema/otel/ddl/*.sql (cmake/EmbedDdl.cmake).
const std::map<std::string, const char*>& exporter_ddl_texts();

namespace {

const char* text(const std::string& file) {
    static const std::string kHeader =
        "-- The OpenTelemetry Collector ClickHouse exporter's own DDL (exporter/clickhouseexporter,\n"
        "-- rendered with its defaults: database default, MergeTree(), no TTL, bloom-filter indexes).\n";
    static std::map<std::string, std::string> rendered;
    static std::mutex m;  // every converting thread builds its tables
    std::lock_guard<std::mutex> lock(m);
    auto it = rendered.find(file);
    if (it == rendered.end()) {
        const auto& texts = exporter_ddl_texts();
        auto t = texts.find(file);
        if (t == texts.end()) return nullptr;
        it = rendered.emplace(file, kHeader + t->second + ";\n").first;
    }
    return it->second.c_str();
}

}  // namespace

const char* traces_ddl() { return text("otel_traces.sql"); }
const char* logs_ddl() { return text("otel_logs.sql"); }

const char* metrics_ddl(MetricType type, bool legacy) {
    std::string name;
    switch (type) {
        case MetricType::gauge: name = "otel_metrics_gauge"; break;
        case MetricType::sum: name = "otel_metrics_sum"; break;
        case MetricType::histogram: name = "otel_metrics_histogram"; break;
        case MetricType::exponential_histogram: name = "otel_metrics_exponential_histogram"; break;
        case MetricType::summary: name = "otel_metrics_summary"; break;
        case MetricType::none: return nullptr;
    }
    return text(name + (legacy ? ".datetime64.sql" : ".sql"));
}

}  // namespace otelflat::otel
