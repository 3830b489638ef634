#include "decode/otlp_json/walker.h"

namespace otelflat::otlp_json {
namespace {

const char* const kSeverities[] = {
    "SEVERITY_NUMBER_UNSPECIFIED",
    "SEVERITY_NUMBER_TRACE", "SEVERITY_NUMBER_TRACE2", "SEVERITY_NUMBER_TRACE3", "SEVERITY_NUMBER_TRACE4",
    "SEVERITY_NUMBER_DEBUG", "SEVERITY_NUMBER_DEBUG2", "SEVERITY_NUMBER_DEBUG3", "SEVERITY_NUMBER_DEBUG4",
    "SEVERITY_NUMBER_INFO", "SEVERITY_NUMBER_INFO2", "SEVERITY_NUMBER_INFO3", "SEVERITY_NUMBER_INFO4",
    "SEVERITY_NUMBER_WARN", "SEVERITY_NUMBER_WARN2", "SEVERITY_NUMBER_WARN3", "SEVERITY_NUMBER_WARN4",
    "SEVERITY_NUMBER_ERROR", "SEVERITY_NUMBER_ERROR2", "SEVERITY_NUMBER_ERROR3", "SEVERITY_NUMBER_ERROR4",
    "SEVERITY_NUMBER_FATAL", "SEVERITY_NUMBER_FATAL2", "SEVERITY_NUMBER_FATAL3", "SEVERITY_NUMBER_FATAL4"};

}  // namespace

void Walker::log(od::object obj, RecordVisitor& visitor, JsonPath& path) {
    LogRecord r;
    record_attrs_.clear();
    body_scratch_.clear();
    RenderedValue body;
    for_each_field(obj, [&](std::string_view key, od::value& v) {
        if (key_is(key, "timeUnixNano", "time_unix_nano")) r.time_unix_nano = read_uint64(v);
        else if (key_is(key, "observedTimeUnixNano", "observed_time_unix_nano")) r.observed_time_unix_nano = read_uint64(v);
        else if (key_is(key, "severityNumber", "severity_number")) {
            int64_t n = read_enum(v, kSeverities, 25, "severity number");
            if (n < 0 || n > 255) fail("severityNumber out of range: " + std::to_string(n));
            r.severity_number = static_cast<int32_t>(n);
        } else if (key_is(key, "severityText", "severity_text")) r.severity_text = read_string(v);
        else if (key == "body") {
            body_scratch_.clear();
            in_frame(path, "body", [&] { body = renderer_.render(v, body_scratch_); });
        } else if (key == "attributes") record_attrs_.read(v, renderer_, path);
        else if (key == "flags") r.flags = read_uint32(v);
        else if (key_is(key, "traceId", "trace_id")) read_id(v, 16, "traceId", r.trace_id);
        else if (key_is(key, "spanId", "span_id")) read_id(v, 8, "spanId", r.span_id);
        else if (key_is(key, "eventName", "event_name")) r.event_name = read_string(v);
    });
    r.body = body.resolve(body_scratch_);
    r.attributes = record_attrs_.list();
    ++records_[static_cast<int>(Signal::logs)];
    visitor.log(r);
}

}  // namespace otelflat::otlp_json
