#include "decode/otlp_json/walker.h"

namespace otelflat::otlp_json {
namespace {

const char* const kSpanKinds[] = {"SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER",
                                  "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER"};
const char* const kStatusCodes[] = {"STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"};

}  // namespace

void Walker::span(od::object obj, RecordVisitor& visitor, JsonPath& path) {
    SpanRecord s;
    record_attrs_.clear();
    events_.clear();
    links_.clear();
    nested_attrs_.reset();
    for_each_field(obj, [&](std::string_view key, od::value& v) {
        if (key_is(key, "traceId", "trace_id")) read_id(v, 16, "traceId", s.trace_id);
        else if (key_is(key, "spanId", "span_id")) read_id(v, 8, "spanId", s.span_id);
        else if (key_is(key, "parentSpanId", "parent_span_id")) read_id(v, 8, "parentSpanId", s.parent_span_id);
        else if (key == "name") s.name = read_string(v);
        else if (key_is(key, "startTimeUnixNano", "start_time_unix_nano")) s.start_unix_nano = read_uint64(v);
        else if (key_is(key, "endTimeUnixNano", "end_time_unix_nano")) s.end_unix_nano = read_uint64(v);
        else if (key == "attributes") record_attrs_.read(v, renderer_, path);
        else if (key == "kind") s.kind = static_cast<int32_t>(read_enum(v, kSpanKinds, 6, "span kind"));
        else if (key == "flags") s.flags = read_uint32(v);
        else if (key_is(key, "traceState", "trace_state")) s.trace_state = read_string(v);
        else if (read_span_events_ && key == "events")
            for_each_object(v, "events", path, [&](od::object e) {
                AttributeCollector& attrs = nested_attrs_.next();
                SpanEvent ev;
                for_each_field(e, [&](std::string_view k, od::value& x) {
                    if (key_is(k, "timeUnixNano", "time_unix_nano")) ev.time_unix_nano = read_uint64(x);
                    else if (k == "name") ev.name = read_string(x);
                    else if (k == "attributes") attrs.read(x, renderer_, path);
                });
                ev.attributes = attrs.list();  // the collector is not touched again for this span
                events_.push_back(ev);
            });
        else if (read_span_events_ && key == "links")
            for_each_object(v, "links", path, [&](od::object l) {
                AttributeCollector& attrs = nested_attrs_.next();
                SpanLink link;
                for_each_field(l, [&](std::string_view k, od::value& x) {
                    if (key_is(k, "traceId", "trace_id")) read_id(x, 16, "traceId", link.trace_id);
                    else if (key_is(k, "spanId", "span_id")) read_id(x, 8, "spanId", link.span_id);
                    else if (key_is(k, "traceState", "trace_state")) link.trace_state = read_string(x);
                    else if (k == "flags") link.flags = read_uint32(x);
                    else if (k == "attributes") attrs.read(x, renderer_, path);
                });
                link.attributes = attrs.list();
                links_.push_back(link);
            });
        else if (key == "status")
            for_each_field(v, "status", [&](std::string_view k, od::value& sv) {
                if (k == "code") s.status_code = read_enum(sv, kStatusCodes, 3, "status code");
                else if (k == "message") s.status_message = read_string(sv);
            });
    });
    s.attributes = record_attrs_.list();
    s.events = events_.data();
    s.event_count = events_.size();
    s.links = links_.data();
    s.link_count = links_.size();
    ++records_[static_cast<int>(Signal::traces)];
    visitor.span(s);
}

}  // namespace otelflat::otlp_json
