#include "decode/otlp_proto/proto_decoder.h"

#include <simdjson.h>

#include "decode/otlp_json/document_decoder.h"  // repair_utf8: the JSON path's UTF-8 rule
#include "decode/otlp_proto/wire.h"
#include "text/hex_id.h"

namespace otelflat::otlp_proto {
namespace {

const char* wire_name(uint32_t w) {
    switch (w) {
        case kVarint: return "varint";
        case kFixed64: return "64-bit";
        case kLen: return "length-delimited";
        case kFixed32: return "32-bit";
    }
    return "unknown";
}

// A known field must come with its declared wire type (the collector's generated decoder
// rejects the message otherwise).
void expect(const Field& f, uint32_t wire, const char* name) {
    if (f.wire != wire)
        throw DecodeError(std::string(name) + " (field " + std::to_string(f.number) + ") has wire type " +
                          wire_name(f.wire) + ", expected " + wire_name(wire));
}

int64_t zigzag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

// A repeated scalar: packed (one length-delimited field) or not (one field per element), as
// protobuf requires readers to accept either.
template <typename T, typename Convert>
void append_repeated(const Field& f, uint32_t element_wire, std::vector<T>& out, const char* name, Convert convert) {
    if (f.wire == kLen) {
        MessageReader r(f.bytes);
        if (element_wire == kVarint) {
            while (!r.at_end()) out.push_back(convert(r.varint()));
        } else {
            if (f.bytes.size() % 8 != 0) throw DecodeError(std::string(name) + ": packed 64-bit values of a length not a multiple of 8");
            for (size_t i = 0; i < f.bytes.size(); i += 8) {
                uint64_t v;
                std::memcpy(&v, f.bytes.data() + i, 8);
                out.push_back(convert(v));
            }
        }
        return;
    }
    expect(f, element_wire, name);
    out.push_back(convert(element_wire == kVarint ? f.varint : f.fixed));
}

double bits_to_double(uint64_t v) {
    double d;
    std::memcpy(&d, &v, sizeof d);
    return d;
}

bool has(const Field& f, uint32_t number, uint32_t wire) { return f.number == number && f.wire == wire; }

// A metric's data member (gauge, sum, histogram, ...): data points (field 1) that carry a
// fixed64 time (field 3), which a log body or span name never parses into.
bool is_metric_data(std::string_view bytes) {
    try {
        MessageReader r(bytes);
        Field f, g;
        while (r.next(f)) {
            if (!has(f, 1, kLen)) continue;
            MessageReader point(f.bytes);
            while (point.next(g))
                if (has(g, 3, kFixed64)) return true;
        }
    } catch (const DecodeError&) {
    }
    return false;
}

// An AnyValue message (a log body): fields 1 to 7 only, each with its wire type. A span's
// name in the same place is text, which never starts with such a tag and parses through.
bool is_any_value(std::string_view bytes) {
    static const uint32_t kWire[8] = {0, kLen, kVarint, kVarint, kFixed64, kLen, kLen, kLen};
    if (bytes.empty()) return false;
    try {
        MessageReader r(bytes);
        Field f;
        while (r.next(f))
            if (f.number > 7 || f.wire != kWire[f.number]) return false;
        return true;
    } catch (const DecodeError&) {
        return false;
    }
}

// What one record's fields say about its signal: unknown when nothing decides.
Signal classify_record(std::string_view record) {
    MessageReader r(record);
    Field f;
    bool len1_is_16 = false, len2_is_8 = false, not_log = false, body = false;
    while (r.next(f)) {
        const uint32_t n = f.number;
        switch (f.wire) {
            case kFixed64:
                if (n == 7 || n == 8) return Signal::traces;  // start, end
                if (n == 1 || n == 11) return Signal::logs;   // time, observed time
                break;
            case kFixed32:
                if (n == 16) return Signal::traces;  // flags
                if (n == 8) return Signal::logs;
                break;
            case kVarint:
                if (n == 2 || n == 7) return Signal::logs;  // severity number, dropped attributes
                if (n == 6 || n == 10 || n == 12 || n == 14) return Signal::traces;  // kind, dropped counts
                break;
            case kLen:
                if ((n == 5 || n == 7 || n == 9 || n == 10 || n == 11) && is_metric_data(f.bytes)) return Signal::metrics;
                if (n == 4 || n == 13 || n == 15) return Signal::traces;  // parent span id, links, status
                if (n == 6 || n == 10) return Signal::logs;               // attributes, span id
                if (n == 5) body = is_any_value(f.bytes);  // a log body (a span's 5 is its name)
                if (n == 1) {
                    len1_is_16 = f.bytes.size() == 16;
                    not_log = true;  // a log record's field 1 is its time
                }
                if (n == 2) len2_is_8 = f.bytes.size() == 8;
                break;
        }
    }
    if (len1_is_16 && len2_is_8) return Signal::traces;  // trace and span ids
    if (body && !not_log) return Signal::logs;
    return Signal::unknown;
}

// Receives nothing: a trial decode only tells whether a message reads as a signal.
class NullVisitor final : public RecordVisitor {
public:
    void begin_document() override {}
    void abort_document() override {}
    void begin_resource() override {}
    void begin_scope() override {}
    void span(const SpanRecord&) override {}
    void log(const LogRecord&) override {}
    void begin_metric() override {}
    void restart_metric() override {}
    void metric_point(MetricType, const MetricPoint&) override {}
    void end_metric(const MetricInfo&) override {}
    void end_scope(const ScopeRecord&) override {}
    void end_resource(const ResourceRecord&) override {}
};

}  // namespace

Signal classify(std::string_view message) {
    int looked = 0;
    try {
        MessageReader req(message);
        Field rf, sf, rec;
        while (req.next(rf)) {
            if (!has(rf, 1, kLen)) continue;
            MessageReader res(rf.bytes);
            while (res.next(sf)) {
                if (!(sf.wire == kLen && (sf.number == 2 || sf.number == 1000))) continue;
                MessageReader scope(sf.bytes);
                while (scope.next(rec)) {
                    if (!has(rec, 2, kLen)) continue;
                    Signal s = classify_record(rec.bytes);
                    if (s != Signal::unknown || ++looked == 256) return s;
                }
            }
        }
    } catch (const DecodeError&) {
        // Malformed: decoding says so, with the path.
    }
    return Signal::unknown;
}

Signal signal_from_name(std::string_view name) {
    auto contains = [&](const char* w) { return name.find(w) != std::string_view::npos; };
    if (contains("span") || contains("trace")) return Signal::traces;
    if (contains("log")) return Signal::logs;
    if (contains("metric")) return Signal::metrics;
    return Signal::unknown;
}

ProtoDecoder::Level& ProtoDecoder::level(size_t depth) {
    if (levels_.size() <= depth) levels_.resize(depth + 1);
    return levels_[depth];
}

std::string_view ProtoDecoder::text(std::string_view s) {
    if (simdjson::validate_utf8(s.data(), s.size())) return s;
    outcome_.repaired_utf8 = true;
    std::string& r = repaired_.emplace_back();
    otlp_json::repair_utf8(s.data(), s.size(), r);
    return r;
}

void ProtoDecoder::id(std::string_view bytes, unsigned size, const char* what, HexId& out) {
    out.size = 0;
    if (bytes.empty()) return;
    if (bytes.size() != size)
        throw DecodeError(std::string(what) + " must be " + std::to_string(size) + " bytes, got " + std::to_string(bytes.size()));
    if (bytes.find_first_not_of('\0') == std::string_view::npos) return;  // all zero: no id, as in JSON
    write_hex(reinterpret_cast<const unsigned char*>(bytes.data()), size, out.text);
    out.size = static_cast<unsigned char>(2 * size);
}

// ---- AnyValue: 1 string, 2 bool, 3 int, 4 double, 5 array, 6 kvlist, 7 bytes ---------------

namespace {

// The AnyValue's value: a oneof, so the last member on the wire wins. False when it has none.
bool last_member(std::string_view any, Field& last) {
    MessageReader r(any);
    Field f;
    bool found = false;
    while (r.next(f)) {
        if (f.number >= 1 && f.number <= 7) {
            last = f;
            found = true;
        }
    }
    return found;
}

}  // namespace

RenderedValue ProtoDecoder::render(std::string_view any, std::string& scratch) {
    const size_t mark = scratch.size();
    RenderedValue result;
    Field last;
    if (!last_member(any, last)) return result;
    switch (last.number) {
        case 1: expect(last, kLen, "stringValue"); result.direct = text(last.bytes); return result;
        case 2: expect(last, kVarint, "boolValue"); append_bool_text(scratch, last.varint != 0); break;
        case 3: expect(last, kVarint, "intValue"); append_int_text(scratch, static_cast<int64_t>(last.varint)); break;
        case 4: expect(last, kFixed64, "doubleValue"); append_double_text(scratch, last.as_double()); break;
        case 5:
            expect(last, kLen, "arrayValue");
            if (!write_json_array(last.bytes, scratch, 0)) scratch.resize(mark);
            break;
        case 6:
            expect(last, kLen, "kvlistValue");
            if (!write_json_kvlist(last.bytes, scratch, 0)) scratch.resize(mark);
            break;
        case 7: expect(last, kLen, "bytesValue"); append_bytes_text(scratch, last.bytes); break;
    }
    result.in_scratch = true;
    result.offset = mark;
    result.length = scratch.size() - mark;
    return result;
}

bool ProtoDecoder::write_json(std::string_view any, std::string& out, size_t depth) {
    if (depth + 2 > kMaxAnyValueDepth)
        throw DecodeError("arrayValue/kvlistValue nested deeper than " + std::to_string(kMaxAnyValueDepth) + " levels");
    Field last;
    if (!last_member(any, last)) {
        append_json_empty(out);
        return true;
    }
    switch (last.number) {
        case 1: expect(last, kLen, "stringValue"); append_json_string_value(out, text(last.bytes)); return true;
        case 2: expect(last, kVarint, "boolValue"); append_bool_text(out, last.varint != 0); return true;
        case 3: expect(last, kVarint, "intValue"); append_int_text(out, static_cast<int64_t>(last.varint)); return true;
        case 4: expect(last, kFixed64, "doubleValue"); return append_json_double(out, last.as_double());
        case 5: expect(last, kLen, "arrayValue"); return write_json_array(last.bytes, out, depth + 1);
        case 6: expect(last, kLen, "kvlistValue"); return write_json_kvlist(last.bytes, out, depth + 1);
        default: expect(last, kLen, "bytesValue"); append_json_bytes(out, last.bytes); return true;
    }
}

bool ProtoDecoder::write_json_array(std::string_view array, std::string& out, size_t depth) {
    out += '[';
    bool ok = true, first = true;
    MessageReader r(array);
    Field f;
    while (r.next(f)) {
        if (f.number != 1) continue;
        expect(f, kLen, "values");
        if (!first) out += ',';
        first = false;
        ok &= write_json(f.bytes, out, depth);
    }
    out += ']';
    return ok;
}

bool ProtoDecoder::write_json_kvlist(std::string_view kvlist, std::string& out, size_t depth) {
    Level& lv = level(depth);
    lv.text.clear();
    lv.entries.clear();
    MessageReader r(kvlist);
    Field f;
    while (r.next(f)) {
        if (f.number != 1) continue;
        expect(f, kLen, "values");
        KvlistEntry entry{{}, 0, 0, lv.entries.size(), true};
        bool has_value = false;
        MessageReader kv(f.bytes);
        Field g;
        while (kv.next(g)) {
            if (g.number == 1) {
                expect(g, kLen, "key");
                entry.key = text(g.bytes);
            } else if (g.number == 2) {
                expect(g, kLen, "value");
                entry.offset = lv.text.size();  // deeper levels use their own buffers
                entry.finite = write_json(g.bytes, lv.text, depth);
                entry.length = lv.text.size() - entry.offset;
                has_value = true;
            }
        }
        if (!has_value) {
            entry.offset = lv.text.size();
            append_json_empty(lv.text);
            entry.length = lv.text.size() - entry.offset;
        }
        lv.entries.push_back(entry);
    }
    return write_kvlist(lv.entries, lv.text, out);
}

void ProtoDecoder::read_attribute(std::string_view key_value, Attributes& into) {
    MessageReader r(key_value);
    Field f;
    std::string_view key, value;
    bool has_value = false;
    while (r.next(f)) {
        if (f.number == 1) {
            expect(f, kLen, "key");
            key = text(f.bytes);
        } else if (f.number == 2) {
            expect(f, kLen, "value");
            value = f.bytes;
            has_value = true;
        }
    }
    into.add(key, has_value ? render(value, into.scratch()) : RenderedValue{});  // no value: ""
}

// ---- resource and scope ---------------------------------------------------------------------

bool ProtoDecoder::reads_as(std::string_view message, Signal signal, RecordVisitor& visitor) {
    try {
        walk(message, signal, visitor);
        return true;
    } catch (const DecodeError&) {
        return false;
    }
}

void ProtoDecoder::walk(std::string_view message, Signal signal, RecordVisitor& visitor) {
    path_.clear();
    const char* name = signal == Signal::traces ? "resourceSpans" : signal == Signal::logs ? "resourceLogs" : "resourceMetrics";
    MessageReader r(message);
    Field f;
    int64_t index = 0;
    in_frame(path_, name, [&] {
        while (r.next(f)) {
            if (f.number != 1) continue;  // unknown fields are skipped, as protobuf requires
            expect(f, kLen, name);
            path_.set_index(index++);
            resource(f.bytes, signal, visitor);
        }
    });
    if (index > 0) (signal == Signal::traces ? outcome_.traces : signal == Signal::logs ? outcome_.logs : outcome_.metrics) = true;
}

DocumentOutcome ProtoDecoder::decode(std::string_view message, Signal fallback, RecordVisitor& visitor) {
    outcome_ = DocumentOutcome{};
    repaired_.clear();
    path_.clear();
    Signal signal = classify(message);
    if (signal == Signal::unknown) {
        // Nothing decisive (records with only zero-valued fields, say): the first signal the
        // whole message reads as, the name's hint first.
        signal = fallback == Signal::unknown ? Signal::traces : fallback;
        NullVisitor none;
        for (Signal candidate : {fallback, Signal::traces, Signal::logs, Signal::metrics}) {
            if (candidate == Signal::unknown || !reads_as(message, candidate, none)) continue;
            signal = candidate;
            break;
        }
        outcome_ = DocumentOutcome{};
        repaired_.clear();
    }
    visitor.begin_document();
    try {
        walk(message, signal, visitor);
    } catch (const DecodeError& e) {
        visitor.abort_document();
        std::string where = path_.str();
        throw DecodeError(where.empty() ? e.what() : where + ": " + e.what());
    }
    return outcome_;
}

void ProtoDecoder::resource(std::string_view m, Signal signal, RecordVisitor& visitor) {
    resource_attrs_.clear();
    std::string_view schema_url;
    visitor.begin_resource();
    MessageReader r(m);
    Field f;
    int64_t scopes = 0;
    const char* scope_name = signal == Signal::traces ? "scopeSpans" : signal == Signal::logs ? "scopeLogs" : "scopeMetrics";
    while (r.next(f)) {
        if (f.number == 1) {
            expect(f, kLen, "resource");
            in_frame(path_, "resource", [&] {
                MessageReader res(f.bytes);
                Field a;
                while (res.next(a)) {
                    if (a.number != 1) continue;
                    expect(a, kLen, "attributes");
                    read_attribute(a.bytes, resource_attrs_);
                }
            });
        } else if (f.number == 2 || f.number == 1000) {  // 1000: the pre-1.0 instrumentation library list
            expect(f, kLen, scope_name);
            in_frame(path_, scope_name, [&] {
                path_.set_index(scopes++);
                scope_container(f.bytes, signal, visitor);
            });
        } else if (f.number == 3) {
            expect(f, kLen, "schemaUrl");
            schema_url = text(f.bytes);
        }
    }
    visitor.end_resource(ResourceRecord{resource_attrs_.list(), schema_url});
}

void ProtoDecoder::scope_container(std::string_view m, Signal signal, RecordVisitor& visitor) {
    scope_attrs_.clear();
    ScopeRecord scope_record;
    visitor.begin_scope();
    MessageReader r(m);
    Field f;
    int64_t records = 0;
    const char* record_name = signal == Signal::traces ? "spans" : signal == Signal::logs ? "logRecords" : "metrics";
    while (r.next(f)) {
        if (f.number == 1) {
            expect(f, kLen, "scope");
            in_frame(path_, "scope", [&] { scope(f.bytes, scope_record); });
        } else if (f.number == 2) {
            expect(f, kLen, record_name);
            in_frame(path_, record_name, [&] {
                path_.set_index(records++);
                switch (signal) {
                    case Signal::logs: log(f.bytes, visitor); break;
                    case Signal::metrics: metric(f.bytes, visitor); break;
                    default: span(f.bytes, visitor); break;
                }
            });
        } else if (f.number == 3) {
            expect(f, kLen, "schemaUrl");
            scope_record.schema_url = text(f.bytes);
        }
    }
    scope_record.attributes = scope_attrs_.list();
    visitor.end_scope(scope_record);
}

void ProtoDecoder::scope(std::string_view m, ScopeRecord& out) {
    MessageReader r(m);
    Field f;
    while (r.next(f)) {
        switch (f.number) {
            case 1: expect(f, kLen, "name"); out.name = text(f.bytes); break;
            case 2: expect(f, kLen, "version"); out.version = text(f.bytes); break;
            case 3: expect(f, kLen, "attributes"); read_attribute(f.bytes, scope_attrs_); break;
            case 4: expect(f, kVarint, "droppedAttributesCount"); out.dropped_attributes_count = static_cast<uint32_t>(f.varint); break;
            default: break;
        }
    }
}

// ---- spans --------------------------------------------------------------------------------

void ProtoDecoder::span(std::string_view m, RecordVisitor& visitor) {
    SpanRecord s;
    record_attrs_.clear();
    events_.clear();
    links_.clear();
    nested_attrs_.reset();
    MessageReader r(m);
    Field f;
    while (r.next(f)) {
        switch (f.number) {
            case 1: expect(f, kLen, "traceId"); id(f.bytes, 16, "traceId", s.trace_id); break;
            case 2: expect(f, kLen, "spanId"); id(f.bytes, 8, "spanId", s.span_id); break;
            case 3: expect(f, kLen, "traceState"); s.trace_state = text(f.bytes); break;
            case 4: expect(f, kLen, "parentSpanId"); id(f.bytes, 8, "parentSpanId", s.parent_span_id); break;
            case 5: expect(f, kLen, "name"); s.name = text(f.bytes); break;
            case 6: expect(f, kVarint, "kind"); s.kind = static_cast<int32_t>(f.varint); break;
            case 7: expect(f, kFixed64, "startTimeUnixNano"); s.start_unix_nano = f.fixed; break;
            case 8: expect(f, kFixed64, "endTimeUnixNano"); s.end_unix_nano = f.fixed; break;
            case 9: expect(f, kLen, "attributes"); read_attribute(f.bytes, record_attrs_); break;
            case 11: {
                expect(f, kLen, "events");
                if (!read_span_events_) break;
                Attributes& attrs = nested_attrs_.next();
                SpanEvent ev;
                MessageReader e(f.bytes);
                Field g;
                while (e.next(g)) {
                    if (g.number == 1) { expect(g, kFixed64, "timeUnixNano"); ev.time_unix_nano = g.fixed; }
                    else if (g.number == 2) { expect(g, kLen, "name"); ev.name = text(g.bytes); }
                    else if (g.number == 3) { expect(g, kLen, "attributes"); read_attribute(g.bytes, attrs); }
                }
                ev.attributes = attrs.list();
                events_.push_back(ev);
                break;
            }
            case 13: {
                expect(f, kLen, "links");
                if (!read_span_events_) break;
                Attributes& attrs = nested_attrs_.next();
                SpanLink link;
                MessageReader l(f.bytes);
                Field g;
                while (l.next(g)) {
                    if (g.number == 1) { expect(g, kLen, "traceId"); id(g.bytes, 16, "traceId", link.trace_id); }
                    else if (g.number == 2) { expect(g, kLen, "spanId"); id(g.bytes, 8, "spanId", link.span_id); }
                    else if (g.number == 3) { expect(g, kLen, "traceState"); link.trace_state = text(g.bytes); }
                    else if (g.number == 4) { expect(g, kLen, "attributes"); read_attribute(g.bytes, attrs); }
                    else if (g.number == 6) { expect(g, kFixed32, "flags"); link.flags = static_cast<uint32_t>(g.fixed); }
                }
                link.attributes = attrs.list();
                links_.push_back(link);
                break;
            }
            case 15: {
                expect(f, kLen, "status");
                MessageReader st(f.bytes);
                Field g;
                while (st.next(g)) {
                    if (g.number == 2) { expect(g, kLen, "message"); s.status_message = text(g.bytes); }
                    else if (g.number == 3) { expect(g, kVarint, "code"); s.status_code = static_cast<int32_t>(g.varint); }
                }
                break;
            }
            case 16: expect(f, kFixed32, "flags"); s.flags = static_cast<uint32_t>(f.fixed); break;
            case 10: case 12: case 14: expect(f, kVarint, "a dropped count"); break;
            default: break;
        }
    }
    s.attributes = record_attrs_.list();
    s.events = events_.data();
    s.event_count = events_.size();
    s.links = links_.data();
    s.link_count = links_.size();
    ++outcome_.spans;
    visitor.span(s);
}

// ---- logs ---------------------------------------------------------------------------------

void ProtoDecoder::log(std::string_view m, RecordVisitor& visitor) {
    LogRecord rec;
    record_attrs_.clear();
    body_scratch_.clear();
    RenderedValue body;
    MessageReader r(m);
    Field f;
    while (r.next(f)) {
        switch (f.number) {
            case 1: expect(f, kFixed64, "timeUnixNano"); rec.time_unix_nano = f.fixed; break;
            case 11: expect(f, kFixed64, "observedTimeUnixNano"); rec.observed_time_unix_nano = f.fixed; break;
            case 2: {
                expect(f, kVarint, "severityNumber");
                int64_t n = static_cast<int32_t>(f.varint);
                if (n < 0 || n > 255) throw DecodeError("severityNumber out of range: " + std::to_string(n));
                rec.severity_number = static_cast<int32_t>(n);
                break;
            }
            case 3: expect(f, kLen, "severityText"); rec.severity_text = text(f.bytes); break;
            case 5: {
                expect(f, kLen, "body");
                body_scratch_.clear();
                in_frame(path_, "body", [&] { body = render(f.bytes, body_scratch_); });
                break;
            }
            case 6: expect(f, kLen, "attributes"); read_attribute(f.bytes, record_attrs_); break;
            case 8: expect(f, kFixed32, "flags"); rec.flags = static_cast<uint32_t>(f.fixed); break;
            case 9: expect(f, kLen, "traceId"); id(f.bytes, 16, "traceId", rec.trace_id); break;
            case 10: expect(f, kLen, "spanId"); id(f.bytes, 8, "spanId", rec.span_id); break;
            case 12: expect(f, kLen, "eventName"); rec.event_name = text(f.bytes); break;
            case 7: expect(f, kVarint, "droppedAttributesCount"); break;
            default: break;
        }
    }
    rec.body = body.resolve(body_scratch_);
    rec.attributes = record_attrs_.list();
    ++outcome_.log_records;
    visitor.log(rec);
}

// ---- metrics ------------------------------------------------------------------------------

void ProtoDecoder::metric(std::string_view m, RecordVisitor& visitor) {
    MetricInfo info;
    visitor.begin_metric();
    uint64_t points_before = outcome_.data_points;
    MessageReader r(m);
    Field f;
    while (r.next(f)) {
        MetricType type = MetricType::none;
        const char* name = "";
        switch (f.number) {
            case 1: expect(f, kLen, "name"); info.name = text(f.bytes); continue;
            case 2: expect(f, kLen, "description"); info.description = text(f.bytes); continue;
            case 3: expect(f, kLen, "unit"); info.unit = text(f.bytes); continue;
            case 5: type = MetricType::gauge; name = "gauge"; break;
            case 7: type = MetricType::sum; name = "sum"; break;
            case 9: type = MetricType::histogram; name = "histogram"; break;
            case 10: type = MetricType::exponential_histogram; name = "exponentialHistogram"; break;
            case 11: type = MetricType::summary; name = "summary"; break;
            default: continue;
        }
        expect(f, kLen, name);
        if (info.type != MetricType::none) {  // a second data member replaces the first (a oneof)
            visitor.restart_metric();
            outcome_.data_points = points_before;
            info.temporality = 0;
            info.is_monotonic = false;
        }
        info.type = type;
        in_frame(path_, name, [&] {
            MessageReader d(f.bytes);
            Field g;
            int64_t points = 0;
            while (d.next(g)) {
                if (g.number == 1) {
                    expect(g, kLen, "dataPoints");
                    in_frame(path_, "dataPoints", [&] {
                        path_.set_index(points++);
                        data_point(g.bytes, type, visitor);
                    });
                } else if (g.number == 2 && type != MetricType::gauge && type != MetricType::summary) {
                    expect(g, kVarint, "aggregationTemporality");
                    info.temporality = static_cast<int32_t>(g.varint);
                } else if (g.number == 3 && type == MetricType::sum) {
                    expect(g, kVarint, "isMonotonic");
                    info.is_monotonic = g.varint != 0;
                }
            }
        });
    }
    if (info.type == MetricType::none) ++outcome_.metrics_without_data;
    visitor.end_metric(info);
}

void ProtoDecoder::exemplar(std::string_view m) {
    Attributes& attrs = nested_attrs_.next();
    Exemplar ex;
    MessageReader r(m);
    Field f;
    while (r.next(f)) {
        switch (f.number) {
            case 7: expect(f, kLen, "filteredAttributes"); read_attribute(f.bytes, attrs); break;
            case 2: expect(f, kFixed64, "timeUnixNano"); ex.time_unix_nano = f.fixed; break;
            case 3: expect(f, kFixed64, "asDouble"); ex.value = f.as_double(); break;
            case 6: expect(f, kFixed64, "asInt"); ex.value = static_cast<double>(static_cast<int64_t>(f.fixed)); break;
            case 4: expect(f, kLen, "spanId"); id(f.bytes, 8, "spanId", ex.span_id); break;
            case 5: expect(f, kLen, "traceId"); id(f.bytes, 16, "traceId", ex.trace_id); break;
            default: break;
        }
    }
    exemplars_.push_back(ex);
}

void ProtoDecoder::data_point(std::string_view m, MetricType type, RecordVisitor& visitor) {
    MetricPoint p;
    record_attrs_.clear();
    exemplars_.clear();
    nested_attrs_.reset();
    bucket_counts_.clear();
    explicit_bounds_.clear();
    positive_counts_.clear();
    negative_counts_.clear();
    quantiles_.clear();
    // Field numbers differ per point type: attributes, exemplars and flags move around.
    const bool number = type == MetricType::gauge || type == MetricType::sum;
    const bool exp = type == MetricType::exponential_histogram;
    const uint32_t attributes_field = exp ? 1 : type == MetricType::histogram ? 9 : 7;
    const uint32_t exemplars_field = exp ? 11 : type == MetricType::histogram ? 8 : number ? 5 : 0;
    const uint32_t flags_field = exp || type == MetricType::histogram ? 10 : 8;
    auto as_u64 = [](uint64_t v) { return v; };
    MessageReader r(m);
    Field f;
    while (r.next(f)) {
        const uint32_t n = f.number;
        if (n == attributes_field) { expect(f, kLen, "attributes"); read_attribute(f.bytes, record_attrs_); continue; }
        if (n == exemplars_field) { expect(f, kLen, "exemplars"); exemplar(f.bytes); continue; }
        if (n == flags_field) { expect(f, kVarint, "flags"); p.flags = static_cast<uint32_t>(f.varint); continue; }
        if (n == 2) { expect(f, kFixed64, "startTimeUnixNano"); p.start_time_unix_nano = f.fixed; continue; }
        if (n == 3) { expect(f, kFixed64, "timeUnixNano"); p.time_unix_nano = f.fixed; continue; }
        if (number) {
            if (n == 4) { expect(f, kFixed64, "asDouble"); p.value = f.as_double(); }
            else if (n == 6) { expect(f, kFixed64, "asInt"); p.value = static_cast<double>(static_cast<int64_t>(f.fixed)); }
            continue;
        }
        if (n == 4) { expect(f, kFixed64, "count"); p.count = f.fixed; continue; }
        if (n == 5) { expect(f, kFixed64, "sum"); p.sum = f.as_double(); p.has_sum = true; continue; }
        if (type == MetricType::histogram) {
            if (n == 6) append_repeated(f, kFixed64, bucket_counts_, "bucketCounts", as_u64);
            else if (n == 7) append_repeated(f, kFixed64, explicit_bounds_, "explicitBounds", bits_to_double);
            else if (n == 11) { expect(f, kFixed64, "min"); p.min = f.as_double(); p.has_min = true; }
            else if (n == 12) { expect(f, kFixed64, "max"); p.max = f.as_double(); p.has_max = true; }
        } else if (exp) {
            if (n == 6) { expect(f, kVarint, "scale"); p.scale = static_cast<int32_t>(zigzag(f.varint)); }
            else if (n == 7) { expect(f, kFixed64, "zeroCount"); p.zero_count = f.fixed; }
            else if (n == 8 || n == 9) {
                expect(f, kLen, n == 8 ? "positive" : "negative");
                int32_t& offset = n == 8 ? p.positive_offset : p.negative_offset;
                std::vector<uint64_t>& counts = n == 8 ? positive_counts_ : negative_counts_;
                MessageReader b(f.bytes);
                Field g;
                while (b.next(g)) {
                    if (g.number == 1) { expect(g, kVarint, "offset"); offset = static_cast<int32_t>(zigzag(g.varint)); }
                    else if (g.number == 2) append_repeated(g, kVarint, counts, "bucketCounts", as_u64);
                }
            } else if (n == 12) { expect(f, kFixed64, "min"); p.min = f.as_double(); p.has_min = true; }
            else if (n == 13) { expect(f, kFixed64, "max"); p.max = f.as_double(); p.has_max = true; }
            else if (n == 14) { expect(f, kFixed64, "zeroThreshold"); p.zero_threshold = f.as_double(); }
        } else if (type == MetricType::summary && n == 6) {
            expect(f, kLen, "quantileValues");
            Quantile q;
            MessageReader v(f.bytes);
            Field g;
            while (v.next(g)) {
                if (g.number == 1) { expect(g, kFixed64, "quantile"); q.quantile = g.as_double(); }
                else if (g.number == 2) { expect(g, kFixed64, "value"); q.value = g.as_double(); }
            }
            quantiles_.push_back(q);
        }
    }
    for (size_t i = 0; i < exemplars_.size(); ++i) exemplars_[i].filtered_attributes = nested_attrs_.at(i).list();
    p.exemplars = ValueList<Exemplar>{exemplars_.data(), exemplars_.size()};
    p.bucket_counts = ValueList<uint64_t>{bucket_counts_.data(), bucket_counts_.size()};
    p.explicit_bounds = ValueList<double>{explicit_bounds_.data(), explicit_bounds_.size()};
    p.positive_counts = ValueList<uint64_t>{positive_counts_.data(), positive_counts_.size()};
    p.negative_counts = ValueList<uint64_t>{negative_counts_.data(), negative_counts_.size()};
    p.quantiles = ValueList<Quantile>{quantiles_.data(), quantiles_.size()};
    p.attributes = record_attrs_.list();
    ++outcome_.data_points;
    visitor.metric_point(type, p);
}

}  // namespace otelflat::otlp_proto
