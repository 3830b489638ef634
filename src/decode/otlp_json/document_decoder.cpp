#include "decode/otlp_json/document_decoder.h"

#include <cstring>

#include "decode/otlp_json/plain_text.h"

namespace otelflat::otlp_json {

void repair_utf8(const char* data, size_t size, std::string& out) {
    out.clear();
    out.reserve(size + size / 8);
    const auto* s = reinterpret_cast<const unsigned char*>(data);
    size_t i = 0;
    while (i < size) {
        unsigned char c = s[i];
        size_t len = 0;
        if (c < 0x80) len = 1;
        else if (c >= 0xC2 && c <= 0xDF) len = 2;
        else if (c >= 0xE0 && c <= 0xEF) len = 3;
        else if (c >= 0xF0 && c <= 0xF4) len = 4;
        bool ok = len > 0 && i + len <= size;
        for (size_t k = 1; ok && k < len; ++k) ok = (s[i + k] & 0xC0) == 0x80;
        if (ok && len == 3) {
            if (c == 0xE0 && s[i + 1] < 0xA0) ok = false;  // overlong
            if (c == 0xED && s[i + 1] > 0x9F) ok = false;  // surrogate
        }
        if (ok && len == 4) {
            if (c == 0xF0 && s[i + 1] < 0x90) ok = false;  // overlong
            if (c == 0xF4 && s[i + 1] > 0x8F) ok = false;  // above U+10FFFF
        }
        if (ok) {
            out.append(data + i, len);
            i += len;
        } else {
            out += "\xEF\xBF\xBD";
            ++i;
        }
    }
}

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// The code unit of a \uXXXX escape at p (p[0] == '\\'), or -1.
int escape_unit(const char* p, const char* end) {
    if (end - p < 6 || p[1] != 'u') return -1;
    int v = 0;
    for (int i = 2; i < 6; ++i) {
        int h = hex_value(p[i]);
        if (h < 0) return -1;
        v = v * 16 + h;
    }
    return v;
}

void pad(std::string& s, size_t& size) {
    size = s.size();
    s.append(64, ' ');
}

}  // namespace

bool repair_surrogate_escapes(const char* data, size_t size, std::string& out) {
    out.assign(data, size);
    bool changed = false;
    char* p = out.data();
    char* end = p + size;
    while (p < end) {
        p = static_cast<char*>(std::memchr(p, '\\', static_cast<size_t>(end - p)));
        if (!p) break;
        int unit = escape_unit(p, end);
        if (unit < 0) {
            p += 2;  // any other escape
            continue;
        }
        if (unit >= 0xD800 && unit <= 0xDBFF) {
            int low = p + 6 < end && p[6] == '\\' ? escape_unit(p + 6, end) : -1;
            if (low >= 0xDC00 && low <= 0xDFFF) {
                p += 12;  // a proper pair
                continue;
            }
        }
        if (unit >= 0xD800 && unit <= 0xDFFF) {
            std::memcpy(p, "\\uFFFD", 6);
            changed = true;
        }
        p += 6;
    }
    return changed;
}

DocumentOutcome DocumentDecoder::decode(const char* data, size_t size, RecordVisitor& visitor) {
    DocumentOutcome outcome;
    if (attempt(data, size, visitor, outcome)) return outcome;
    // simdjson refuses unpaired surrogate escapes; the collector reads them as U+FFFD. Repair
    // what the first attempt parsed (the UTF-8-repaired copy, if it made one) and try again.
    if (outcome.repaired_utf8) repair_surrogate_escapes(repaired_.data(), repaired_size_, surrogates_);
    else repair_surrogate_escapes(data, size, surrogates_);
    size_t n;
    pad(surrogates_, n);
    outcome.repaired_surrogates = true;
    if (!attempt(surrogates_.data(), n, visitor, outcome)) fail("invalid string escape");
    return outcome;
}

namespace {

// `{"resourceMetrics"` or its snake_case spelling first: a document for the plain readers.
bool starts_as_metrics(const char* p, size_t size) {
    const char* end = p + size;
    while (p != end && plain::is_space(*p)) ++p;
    return end - p >= 20 && *p == '{' &&
           (std::memcmp(p + 1, "\"resourceMetrics\"", 17) == 0 || std::memcmp(p + 1, "\"resource_metrics\"", 18) == 0);
}

}  // namespace

void DocumentDecoder::begin_attempt(RecordVisitor& visitor) {
    path_.clear();
    walker_.reset_counts();
    visitor.begin_document();
}

bool DocumentDecoder::attempt(const char* data, size_t size, RecordVisitor& visitor, DocumentOutcome& outcome) {
    begin_attempt(visitor);
    // A compact metrics document without escapes, the commonest, is read by the plain readers
    // without simdjson's stage 1 (its checks are made apart: plain::closed_compact, UTF-8).
    bool plain = plain_metrics_ && starts_as_metrics(data, size);
    if (plain && plain::closed_compact(data, size) && simdjson::validate_utf8(data, size)) {
        if (plain_metrics(data, size, visitor, outcome)) return true;
        plain = false;  // it would not take the document after stage 1 either
    }
    od::document doc;
    auto err = parser_.iterate(data, size, size + 64).get(doc);
    const char* text = data;
    size_t text_size = size;
    if (err == simdjson::UTF8_ERROR) {
        repair_utf8(data, size, repaired_);
        outcome.repaired_utf8 = true;
        pad(repaired_, repaired_size_);
        err = parser_.iterate(repaired_.data(), repaired_size_, repaired_.size()).get(doc);
        text = repaired_.data();
        text_size = repaired_size_;
    }
    if (!err && plain && plain_metrics(text, text_size, visitor, outcome)) return true;
    try {
        if (err) fail(std::string("not valid JSON: ") + simdjson::error_message(err));
        walk(doc, visitor, outcome);
    } catch (const simdjson::simdjson_error& e) {
        visitor.abort_document();
        if (e.error() == simdjson::STRING_ERROR && !outcome.repaired_surrogates) return false;
        std::string where = path_.str();
        fail((where.empty() ? "" : where + ": ") + "not valid JSON: " + simdjson::error_message(e.error()));
    } catch (const StringEscapeError& e) {
        visitor.abort_document();
        if (!outcome.repaired_surrogates) return false;
        std::string where = path_.str();
        throw DecodeError(where.empty() ? e.what() : where + ": " + e.what());
    } catch (const DecodeError& e) {
        visitor.abort_document();
        std::string where = path_.str();
        throw DecodeError(where.empty() ? e.what() : where + ": " + e.what());
    }
    outcome.spans = walker_.records(Signal::traces);
    outcome.log_records = walker_.records(Signal::logs);
    outcome.data_points = walker_.records(Signal::metrics);
    outcome.metrics_without_data = walker_.metrics_without_data();
    return true;
}

bool DocumentDecoder::plain_metrics(const char* text, size_t size, RecordVisitor& visitor, DocumentOutcome& outcome) {
    bool metrics = false;
    if (!walker_.plain_metrics_document(text, text + size, visitor, metrics)) {
        visitor.abort_document();
        begin_attempt(visitor);  // the walker's, from the start
        return false;
    }
    ++plain_documents_;
    outcome.metrics = metrics;
    outcome.data_points = walker_.records(Signal::metrics);
    outcome.metrics_without_data = walker_.metrics_without_data();
    return true;
}

void DocumentDecoder::walk(od::document& doc, RecordVisitor& visitor, DocumentOutcome& outcome) {
    od::json_type type;
    if (doc.type().get(type)) fail("not valid JSON");
    if (type != od::json_type::object) fail("the document is not a JSON object");
    od::object top;
    if (doc.get_object().get(top)) fail("the document is not a JSON object");
    bool bare_resource = false;  // a ResourceSpans object given as the whole document
    for_each_field(top, [&](std::string_view key, od::value& value) {
        Signal signal;
        const char* name;
        if (key_is(key, "resourceSpans", "resource_spans")) {
            outcome.traces = true;
            signal = Signal::traces;
            name = "resourceSpans";
        } else if (key_is(key, "resourceLogs", "resource_logs")) {
            outcome.logs = true;
            signal = Signal::logs;
            name = "resourceLogs";
        } else if (key_is(key, "resourceMetrics", "resource_metrics")) {
            outcome.metrics = true;
            signal = Signal::metrics;
            name = "resourceMetrics";
        } else {
            if (key == "resource" || key_is(key, "scopeSpans", "scope_spans") ||
                key_is(key, "instrumentationLibrarySpans", "instrumentation_library_spans")) {
                if (!bare_resource) {
                    bare_resource = true;
                    outcome.traces = true;
                    walker_.begin(visitor);
                }
                walker_.resource_member(key, value, Signal::traces, visitor, path_);
            }
            return;
        }
        for_each_object(value, name, path_, [&](od::object r) { walker_.resource(r, signal, visitor, path_); });
    });
    if (bare_resource) walker_.end(visitor);
}

}  // namespace otelflat::otlp_json
