#!/usr/bin/env python3
"""Independent reference implementation of otelflat's row rules (tests only).

Reads OTLP/JSON documents (traces, logs and metrics, in any mix) and prints
the rows otelflat must produce, one JSON object per line:

  otel_traces_processed (stdout, or --traces-out FILE):
  {"timestamp_us": int, "trace_id": str, "span_id": str, "parent_span_id": str,
   "service_name": str, "span_name": str, "duration_ms": number,
   "status_code": str, "attributes": {str: str}, "fingerprint": str}

  otel_logs_processed (--logs-out FILE; not written without it):
  {"timestamp_us": "N", "observed_timestamp_us": "N", "trace_id", "span_id",
   "service_name", "severity_text", "severity_number": int, "body",
   "attributes": {..}, "resource_attributes": {..}, "scope_name",
   "event_name", "fingerprint"}

  otel_metrics_processed (--metrics-out FILE; not written without it):
  {"time_us": "N", "start_time_us": "N", "service_name", "metric_name",
   "metric_type", "unit", "description", "value": D, "count": "N", "sum": D,
   "min": D, "max": D, "bucket_bounds": [D], "bucket_counts": ["N"],
   "quantiles": [D], "quantile_values": [D], "temporality", "is_monotonic": bool,
   "exp_scale": int, "exp_zero_count": "N", "exp_zero_threshold": D,
   "exp_positive_offset": int, "exp_positive_counts": ["N"],
   "exp_negative_offset": int, "exp_negative_counts": ["N"], "flags": int,
   "attributes": {..}, "resource_attributes": {..}, "scope_name", "fingerprint"}

  (logs/metrics: 64-bit integers "N" are decimal strings; doubles D are JSON
  numbers, or the strings "NaN", "Infinity", "-Infinity"; maps have sorted keys)

It shares no code with otelflat (Python 3.11+ standard library only) and
follows /tmp/contract.md (traces), /tmp/contract3.md (logs and metrics) and
/work/shared/reference/otlp-json.md (section 5 for the AnyValue -> string
rendering).

Usage: oracle.py [--summary] [--min-duration DUR] [--logs-out FILE]
                 [--metrics-out FILE] [--traces-out FILE] FILE... ("-" = stdin)
       oracle.py --self-test

--summary prints one JSON object on stderr at the end:
  {"documents": N, "converted": N, "skipped": N, "rejected": N,
   "spans": N, "log_records": N, "data_points": N, "metrics_without_data": N,
   "filtered": N, "rows": N (traces rows),
   "rows_by_table": {TABLE: N, ...},
   "first_table": TABLE or null (table of the first row, input order),
   "first_tables": [TABLE...] or null (all tables of the first document with rows),
   "rejects": [{"file":..., "line":..., "byte":..., "reason":...}],
   "trace_documents": N (= converted; old name)}
  (line and byte: where the rejected top-level value starts, 1-based line,
  0-based byte offset)

Decisions taken where the contract leaves room (documented so a mismatch
with otelflat can be judged):
- input files are decoded as UTF-8; every invalid byte becomes one U+FFFD
  (Go's per-byte rule). Lone UTF-16 surrogates from \\uD800-style escapes
  also become U+FFFD (what Go's JSON decoder does).
- zstd / snappy-framed input is not decoded here: the harness feeds the
  plain file and compares otelflat's output for the compressed copies.
- a document is a top-level JSON value; documents are separated by any
  whitespace. A JSON syntax error rejects the document; parsing resumes at
  the next line (the rest of the file after an unterminated value is lost).
- a top-level value that is not an object is rejected.
- a top-level object with any of resourceSpans / resourceLogs /
  resourceMetrics (or their snake_case forms) is converted (every signal it
  holds). Other objects are a bare ResourceSpans when they have scopeSpans /
  instrumentationLibrarySpans / deprecatedScopeSpans / resource (converted),
  else "skipped". A bare ResourceLogs / ResourceMetrics is not recognised
  (with a resource key it reads as a bare ResourceSpans with no spans).
- pre-1.0 keys instrumentationLibrary{Spans,Logs,Metrics} and
  instrumentationLibrary are read as scope{Spans,Logs,Metrics} and scope
  (otelflat(1)); deprecatedScope{Spans,Logs,Metrics} likewise.
- only fields that feed a column are validated (span ids, times, name,
  status.code, span attributes, resource attributes), plus span kind (an
  invalid enum fails the document in the collector); events, links, scope,
  flags, traceState are ignored entirely.
- logs: validated are the columns' fields (times, ids, severityNumber,
  severityText, body, attributes, eventName, scope name, resource
  attributes); flags, droppedAttributesCount and scope attributes are not
  looked at. severityNumber: a JSON integer 0..255 or a SEVERITY_NUMBER_*
  name; anything else (numeric string, out of range) rejects the document.
- metrics: a metric's data member is the LAST of gauge / sum / histogram /
  exponentialHistogram / summary present (oneof, last wins); none -> no rows
  (metrics_without_data). A gauge/sum point's value is the last of asDouble /
  asInt present. Exemplars and metadata are not looked at (beyond being
  lists). Data-point fields of other point types are ignored as unknown.
  aggregationTemporality: integer (int32) or AGGREGATION_TEMPORALITY_* name;
  absent -> "unspecified"; read only for sum/histogram/exponentialHistogram.
  isMonotonic only for sum (JSON true/false only). flags must fit UInt32,
  scale and offsets Int32.
- exponential histogram bounds: base^i computed with math.ldexp for
  scale <= 0 (overflow -> inf, underflow -> 0) and math.exp2(i / 2^scale)
  (the C library's exp2) for scale > 0.
- AnyValues nested deeper than 200 levels reject the document (otelflat(1));
  the outermost attribute value is level 1.
- JSON nesting depth is otherwise unlimited (deep unknown fields are skipped).
- JSON null anywhere means "absent". A repeated field given twice is
  appended; a scalar given twice keeps the last value; an AnyValue with two
  members keeps the last one.
"""

import base64
import hashlib
import json
import math
import re
import sys

# ---------------------------------------------------------------------------
# input decoding


# Input is decoded with "surrogateescape": every byte that is not part of a
# valid UTF-8 sequence becomes one lone surrogate U+DC80..U+DCFF (so one per
# bad byte, Go's rule), and text offsets map back to byte offsets exactly.
# clean_str() turns those (and lone surrogates from \uD800-style escapes)
# into U+FFFD.

_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_str(s):
    if _SURROGATE.search(s):
        return _SURROGATE.sub("\ufffd", s)
    return s


class Reject(Exception):
    pass


def _reject_constant(name):
    # Python's json accepts NaN / Infinity literals; JSON does not.
    raise ValueError("invalid JSON literal " + name)


_DECODER = json.JSONDecoder(object_pairs_hook=lambda pairs: Obj(pairs),
                            parse_constant=_reject_constant)


class Obj:
    """A JSON object that keeps duplicate keys in order."""
    __slots__ = ("pairs",)

    def __init__(self, pairs):
        self.pairs = pairs


def iter_documents(text):
    """Yield (offset, value or exception) for each top-level JSON value."""
    n = len(text)
    i = 0
    ws = " \t\r\n"
    while True:
        while i < n and text[i] in ws:
            i += 1
        if i >= n:
            return
        try:
            val, end = _DECODER.raw_decode(text, i)
        except (ValueError, RecursionError) as e:
            yield i, Reject("JSON syntax: %s" % e)
            nl = text.find("\n", i)
            if nl < 0:
                return
            i = nl + 1
            continue
        yield i, val
        i = end


# ---------------------------------------------------------------------------
# field access with aliases


def snake(name):
    return re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), name)


def fields(obj, repeated=(), aliases=None):
    """Map an Obj to {canonical name: value}. null = absent.

    Keys accepted: the camelCase name, its snake_case form, plus `aliases`
    (alias -> canonical). Repeated (list) fields given twice are appended.
    """
    if not isinstance(obj, Obj):
        raise Reject("expected a JSON object, got %s" % type_name(obj))
    out = {}
    for k, v in obj.pairs:
        if v is None:
            continue
        if aliases and k in aliases:
            k = aliases[k]
        elif "_" in k:
            k = re.sub(r"_([a-z0-9])", lambda m: m.group(1).upper(), k)
        if k in repeated:
            if not isinstance(v, list):
                raise Reject("field %s: expected an array" % k)
            out.setdefault(k, []).extend(v)
        else:
            out[k] = v
    return out


def type_name(v):
    if isinstance(v, Obj):
        return "object"
    if isinstance(v, list):
        return "array"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    return "null"


_UINT_RE = re.compile(r"[0-9]+\Z")
_INT_RE = re.compile(r"-?[0-9]+\Z")


def get_uint64(v, what):
    if isinstance(v, bool):
        raise Reject("%s: bool is not an integer" % what)
    if isinstance(v, int):
        x = v
    elif isinstance(v, str) and _UINT_RE.match(v):
        x = int(v)
    else:
        raise Reject("%s: not an unsigned integer: %r" % (what, v))
    if x < 0 or x >= 1 << 64:
        raise Reject("%s: out of uint64 range" % what)
    return x


def get_int64(v, what):
    if isinstance(v, bool):
        raise Reject("%s: bool is not an integer" % what)
    if isinstance(v, int):
        x = v
    elif isinstance(v, str) and _INT_RE.match(v):
        x = int(v)
    else:
        raise Reject("%s: not an integer: %r" % (what, v))
    if x < -(1 << 63) or x >= 1 << 63:
        raise Reject("%s: out of int64 range" % what)
    return x


_FLOAT_STR = re.compile(
    r"[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf|infinity|nan)\Z",
    re.IGNORECASE)


def get_double(v, what):
    if isinstance(v, bool):
        raise Reject("%s: bool is not a number" % what)
    if isinstance(v, int):
        return float(v)  # correctly rounded int -> double
    if isinstance(v, float):
        return v
    if isinstance(v, str) and _FLOAT_STR.match(v):
        return float(v)
    raise Reject("%s: not a double: %r" % (what, v))


def get_str(v, what):
    if not isinstance(v, str):
        raise Reject("%s: expected a string, got %s" % (what, type_name(v)))
    return clean_str(v)


_HEX = re.compile(r"[0-9a-fA-F]*\Z")


def get_id(v, nbytes, what):
    if v is None:
        return ""
    s = get_str(v, what)
    if s == "":
        return ""
    if len(s) != 2 * nbytes or not _HEX.match(s):
        raise Reject("%s: invalid id %r" % (what, s))
    s = s.lower()
    if s == "0" * (2 * nbytes):
        return ""
    return s


# ---------------------------------------------------------------------------
# AnyValue

_ANY_MEMBERS = {"stringValue", "boolValue", "intValue", "doubleValue",
                "bytesValue", "arrayValue", "kvlistValue"}

# Parsed AnyValue: (kind, payload). kind in
# "empty", "str", "bool", "int", "double", "bytes", "array", "kvlist".


MAX_ANY_DEPTH = 200  # otelflat(1), BAD INPUT: "AnyValues nested deeper than 200 levels are rejected"


def parse_any(v, what, depth=1):
    if depth > MAX_ANY_DEPTH:
        raise Reject("%s: AnyValue nested deeper than %d levels" % (what, MAX_ANY_DEPTH))
    if v is None:
        return ("empty", None)
    if not isinstance(v, Obj):
        raise Reject("%s: AnyValue must be an object" % what)
    member = None
    for k, x in v.pairs:
        if x is None:
            continue
        if "_" in k:
            k = re.sub(r"_([a-z0-9])", lambda m: m.group(1).upper(), k)
        if k in _ANY_MEMBERS:
            member = (k, x)  # last member wins
    if member is None:
        return ("empty", None)
    k, x = member
    if k == "stringValue":
        return ("str", get_str(x, what))
    if k == "boolValue":
        if not isinstance(x, bool):
            raise Reject("%s: boolValue must be true/false" % what)
        return ("bool", x)
    if k == "intValue":
        return ("int", get_int64(x, what))
    if k == "doubleValue":
        return ("double", get_double(x, what))
    if k == "bytesValue":
        s = get_str(x, what)
        if s == "":
            return ("bytes", b"")
        if len(s) % 4 != 0:
            raise Reject("%s: bytesValue is not padded standard base64" % what)
        try:
            b = base64.b64decode(s, validate=True)
        except Exception:
            raise Reject("%s: bad base64 %r" % (what, s))
        return ("bytes", b)
    if k == "arrayValue":
        f = fields(x, repeated=("values",))
        return ("array", [parse_any(e, what + "[]", depth + 1) for e in f.get("values", [])])
    if k == "kvlistValue":
        f = fields(x, repeated=("values",))
        return ("kvlist", [parse_kv(e, what + "{}", depth + 1) for e in f.get("values", [])])
    raise AssertionError(k)


def parse_kv(v, what, depth=1):
    f = fields(v)
    key = get_str(f.get("key", ""), what + ".key")
    return key, parse_any(f.get("value"), what + "." + key, depth)


# ---------------------------------------------------------------------------
# AsString (otlp-json.md section 5)


def shortest_digits(x):
    """(digits, n) with x = 0.digits * 10**n, digits the shortest round-trip."""
    r = repr(abs(x))
    if "e" in r:
        mant, exp = r.split("e")
        exp = int(exp)
    else:
        mant, exp = r, 0
    if "." in mant:
        ip, fp = mant.split(".")
    else:
        ip, fp = mant, ""
    digits = ip + fp
    n = len(ip) + exp
    stripped = digits.lstrip("0")
    n -= len(digits) - len(stripped)
    digits = stripped.rstrip("0")
    return digits, n


def format_double(x):
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "-0" if math.copysign(1.0, x) < 0 else "0"
    sign = "-" if x < 0 else ""
    a = abs(x)
    digits, n = shortest_digits(a)
    k = len(digits)
    if a < 1e-6 or a >= 1e21:
        e = n - 1
        mant = digits[0] + ("." + digits[1:] if k > 1 else "")
        return "%s%se%s%d" % (sign, mant, "+" if e >= 0 else "-", abs(e))
    if k <= n:
        return sign + digits + "0" * (n - k)
    if n > 0:
        return sign + digits[:n] + "." + digits[n:]
    return sign + "0." + "0" * (-n) + digits


_JSON_ESC = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f",
             "\n": "\\n", "\r": "\\r", "\t": "\\t",
             "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_string(s):
    out = ['"']
    for ch in s:
        e = _JSON_ESC.get(ch)
        if e is not None:
            out.append(e)
        elif ord(ch) < 0x20:
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


class _NonFinite(Exception):
    pass


def to_json(av):
    kind, p = av
    if kind == "empty":
        return "null"
    if kind == "str":
        return json_string(p)
    if kind == "bool":
        return "true" if p else "false"
    if kind == "int":
        return str(p)
    if kind == "double":
        if math.isnan(p) or math.isinf(p):
            raise _NonFinite()
        return format_double(p)
    if kind == "bytes":
        if len(p) == 0:
            return "null"
        return json_string(base64.b64encode(p).decode("ascii"))
    if kind == "array":
        return "[" + ",".join(to_json(e) for e in p) + "]"
    if kind == "kvlist":
        m = {}
        for k, v in p:
            m[k] = v  # last wins
        keys = sorted(m, key=lambda s: s.encode("utf-8"))
        return "{" + ",".join(json_string(k) + ":" + to_json(m[k]) for k in keys) + "}"
    raise AssertionError(kind)


def as_string(av):
    kind, p = av
    if kind == "empty":
        return ""
    if kind == "str":
        return p
    if kind == "bool":
        return "true" if p else "false"
    if kind == "int":
        return str(p)
    if kind == "double":
        return format_double(p)
    if kind == "bytes":
        return base64.b64encode(p).decode("ascii")
    try:
        return to_json(av)
    except _NonFinite:
        return ""


def attribute_map(kvs, what):
    m = {}
    for i, kv in enumerate(kvs):
        k, av = parse_kv(kv, "%s[%d]" % (what, i))
        m[k] = as_string(av)  # duplicated key: last value wins
    return m


# ---------------------------------------------------------------------------
# documents -> rows

_STATUS_NAMES = {"STATUS_CODE_UNSET": 0, "STATUS_CODE_OK": 1, "STATUS_CODE_ERROR": 2}
_STATUS_TEXT = {0: "UNSET", 1: "OK", 2: "ERROR"}

_RS_ALIASES = {"instrumentationLibrarySpans": "scopeSpans",
               "instrumentation_library_spans": "scopeSpans",
               "deprecatedScopeSpans": "scopeSpans",
               "deprecated_scope_spans": "scopeSpans"}
_SS_ALIASES = {"instrumentationLibrary": "scope",
               "instrumentation_library": "scope"}


def status_text(st):
    if st is None:
        return "UNSET"
    f = fields(st)
    c = f.get("code")
    if c is None:
        return "UNSET"
    c = read_enum(c, _STATUS_NAMES, "status.code")
    return _STATUS_TEXT.get(c, str(c))


_KIND_NAMES = {"SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER",
               "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER"}


def read_enum(v, names, what):
    """An enum as the collector reads it: a number in int32 range, or one of its names
    (`names` maps name -> number, or is a set when only validity matters); None is 0."""
    if v is None:
        return 0
    if isinstance(v, bool):
        raise Reject("%s: bool" % what)
    if isinstance(v, str):
        if v not in names:
            raise Reject("%s: unknown enum name %r" % (what, v))
        return names[v] if isinstance(names, dict) else 0
    if not isinstance(v, int):
        raise Reject("%s: not an integer: %r" % (what, v))
    if v < -(1 << 31) or v >= 1 << 31:
        raise Reject("%s: out of int32 range" % what)
    return v


def check_kind(k):
    """kind feeds no column, but like the collector an invalid enum rejects the document."""
    read_enum(k, _KIND_NAMES, "kind")


def round_half_away_div(num, den):
    q, r = divmod(abs(num), den)
    if 2 * r >= den:
        q += 1
    return -q if num < 0 else q


def span_row(sp, service, min_duration_ns):
    f = fields(sp, repeated=("attributes",))
    trace_id = get_id(f.get("traceId"), 16, "traceId")
    span_id = get_id(f.get("spanId"), 8, "spanId")
    parent = get_id(f.get("parentSpanId"), 8, "parentSpanId")
    name = get_str(f.get("name", ""), "name")
    start = get_uint64(f.get("startTimeUnixNano", 0), "startTimeUnixNano")
    end = get_uint64(f.get("endTimeUnixNano", 0), "endTimeUnixNano")
    status = status_text(f.get("status"))
    check_kind(f.get("kind"))
    attrs = attribute_map(f.get("attributes", []), "attributes")
    dur_ns = end - start
    hundredths = round_half_away_div(dur_ns, 10000)
    row = {
        "timestamp_us": start // 1000,
        "trace_id": trace_id,
        "span_id": span_id,
        "parent_span_id": parent,
        "service_name": service,
        "span_name": name,
        "duration_ms": hundredths / 100,
        "status_code": status,
        "attributes": {k: attrs[k] for k in sorted(attrs, key=lambda s: s.encode("utf-8"))},
        "fingerprint": hashlib.md5((trace_id + span_id).encode("ascii")).hexdigest(),
    }
    if min_duration_ns is not None and dur_ns < min_duration_ns:
        return None
    return row


def sorted_map(m):
    return {k: m[k] for k in sorted(m, key=lambda s: s.encode("utf-8"))}


def resource_info(res):
    """(resource attribute map, service_name) of a Resource (or None)."""
    rattrs = {}
    if res is not None:
        rf = fields(res, repeated=("attributes",))
        rattrs = attribute_map(rf.get("attributes", []), "resource.attributes")
    service = rattrs.get("service.name", "")
    if service == "":
        service = "unknown"
    return rattrs, service


def scope_name_of(scope):
    """The scope's name; only the name is validated (it feeds scope_name)."""
    if scope is None:
        return ""
    sf = fields(scope)
    return get_str(sf.get("name", ""), "scope.name")


def resource_spans_rows(rs, min_duration_ns, stats):
    f = fields(rs, repeated=("scopeSpans",), aliases=_RS_ALIASES)
    _rattrs, service = resource_info(f.get("resource"))
    rows = []
    for ss in f.get("scopeSpans", []):
        sf = fields(ss, repeated=("spans",), aliases=_SS_ALIASES)
        for sp in sf.get("spans", []):
            stats["spans"] += 1
            r = span_row(sp, service, min_duration_ns)
            if r is not None:
                rows.append(r)
            else:
                stats["filtered"] += 1
    return rows


# ---------------------------------------------------------------------------
# logs (contract 3: otel_logs_processed)

_SEVERITY_NAMES = {"SEVERITY_NUMBER_UNSPECIFIED": 0}
for _i, _n in enumerate(["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"]):
    for _j in range(4):
        _SEVERITY_NAMES["SEVERITY_NUMBER_%s%s" % (_n, "" if _j == 0 else str(_j + 1))] = 1 + 4 * _i + _j

_RL_ALIASES = {"instrumentationLibraryLogs": "scopeLogs",
               "instrumentation_library_logs": "scopeLogs",
               "deprecatedScopeLogs": "scopeLogs",
               "deprecated_scope_logs": "scopeLogs"}
_RM_ALIASES = {"instrumentationLibraryMetrics": "scopeMetrics",
               "instrumentation_library_metrics": "scopeMetrics",
               "deprecatedScopeMetrics": "scopeMetrics",
               "deprecated_scope_metrics": "scopeMetrics"}

US = "\x1f"  # unit separator between fingerprint fields
RS = "\x1e"  # record separator after each attribute key and value


def md5_hex(s):
    return hashlib.md5(s.encode("utf-8", errors="surrogatepass")).hexdigest()


def attrs_fingerprint_part(attrs_sorted):
    return "".join(k + RS + v + RS for k, v in attrs_sorted.items())


def severity_number(v):
    v = read_enum(v, _SEVERITY_NAMES, "severityNumber")
    if v < 0 or v > 255:
        raise Reject("severityNumber: %d out of range 0..255" % v)
    return v


def log_row(lr, service, rattrs, scope_name):
    f = fields(lr, repeated=("attributes",))
    t = get_uint64(f.get("timeUnixNano", 0), "timeUnixNano")
    obs = get_uint64(f.get("observedTimeUnixNano", 0), "observedTimeUnixNano")
    ts_us = (t if t != 0 else obs) // 1000
    obs_us = obs // 1000
    trace_id = get_id(f.get("traceId"), 16, "traceId")
    span_id = get_id(f.get("spanId"), 8, "spanId")
    sev_text = get_str(f.get("severityText", ""), "severityText")
    sev_num = severity_number(f.get("severityNumber"))
    body = as_string(parse_any(f.get("body"), "body"))
    attrs = sorted_map(attribute_map(f.get("attributes", []), "attributes"))
    event_name = get_str(f.get("eventName", ""), "eventName")
    fp = md5_hex(str(ts_us) + US + str(obs_us) + US + trace_id + US + span_id + US +
                 service + US + body + US + attrs_fingerprint_part(attrs))
    return {
        "timestamp_us": str(ts_us),
        "observed_timestamp_us": str(obs_us),
        "trace_id": trace_id,
        "span_id": span_id,
        "service_name": service,
        "severity_text": sev_text,
        "severity_number": sev_num,
        "body": body,
        "attributes": attrs,
        "resource_attributes": rattrs,
        "scope_name": scope_name,
        "event_name": event_name,
        "fingerprint": fp,
    }


def resource_logs_rows(rl, stats):
    f = fields(rl, repeated=("scopeLogs",), aliases=_RL_ALIASES)
    rattrs, service = resource_info(f.get("resource"))
    rattrs = sorted_map(rattrs)
    rows = []
    for sl in f.get("scopeLogs", []):
        sf = fields(sl, repeated=("logRecords",), aliases=_SS_ALIASES)
        scope_name = scope_name_of(sf.get("scope"))
        for lr in sf.get("logRecords", []):
            stats["log_records"] += 1
            rows.append(log_row(lr, service, rattrs, scope_name))
    return rows


# ---------------------------------------------------------------------------
# metrics (contract 3: otel_metrics_processed)

_TEMPORALITY_NAMES = {"AGGREGATION_TEMPORALITY_UNSPECIFIED": 0,
                      "AGGREGATION_TEMPORALITY_DELTA": 1,
                      "AGGREGATION_TEMPORALITY_CUMULATIVE": 2}
_TEMPORALITY_TEXT = {0: "unspecified", 1: "delta", 2: "cumulative"}

# Metric data member (after snake_case -> camelCase) -> metric_type text
_METRIC_TYPES = {"gauge": "gauge", "sum": "sum", "histogram": "histogram",
                 "exponentialHistogram": "exponential_histogram", "summary": "summary"}


def camel(k):
    if "_" in k:
        return re.sub(r"_([a-z0-9])", lambda m: m.group(1).upper(), k)
    return k


def get_int_range(v, lo, hi, what):
    if isinstance(v, bool):
        raise Reject("%s: bool is not an integer" % what)
    if isinstance(v, int):
        x = v
    elif isinstance(v, str) and _INT_RE.match(v):
        x = int(v)
    else:
        raise Reject("%s: not an integer: %r" % (what, v))
    if x < lo or x > hi:
        raise Reject("%s: %d out of range" % (what, x))
    return x


def get_int32(v, what):
    return get_int_range(v, -(1 << 31), (1 << 31) - 1, what)


def get_uint32(v, what):
    return get_int_range(v, 0, (1 << 32) - 1, what)


def get_bool(v, what):
    if not isinstance(v, bool):
        raise Reject("%s: expected true or false" % what)
    return v


def temporality_text(v):
    v = read_enum(v, _TEMPORALITY_NAMES, "aggregationTemporality")
    return _TEMPORALITY_TEXT.get(v, str(v))


def last_member(obj, names):
    """(name, value) of the last non-null member of obj among names (camelCase), or None."""
    found = None
    for k, v in obj.pairs:
        if v is None:
            continue
        k = camel(k)
        if k in names:
            found = (k, v)
    return found


def dlist(vals, what):
    return [get_double(x, "%s[%d]" % (what, i)) for i, x in enumerate(vals)]


def ulist(vals, what):
    return [get_uint64(x, "%s[%d]" % (what, i)) for i, x in enumerate(vals)]


def base_pow(scale, i):
    """base^i with base = 2^(2^-scale), as contract 3 specifies."""
    if scale <= 0:
        if i == 0:
            return 1.0
        if -scale > 64:  # |i| * 2^-scale is far beyond any double exponent
            return math.inf if i > 0 else 0.0
        e = i << -scale
        if e > 2000:
            return math.inf
        if e < -2000:
            return 0.0
        try:
            return math.ldexp(1.0, e)
        except OverflowError:
            return math.inf
    # C's exp2 on the double i / 2^scale (Python's int / int is the correctly
    # rounded quotient, as the C division of two exact doubles is)
    return math.exp2(i / (1 << scale))


def exp_buckets(scale, zero_count, zero_threshold, pos_off, pos, neg_off, neg):
    buckets = []
    for k in range(len(neg) - 1, -1, -1):
        buckets.append((-base_pow(scale, neg_off + k), neg[k]))
    buckets.append((zero_threshold, zero_count))
    for k in range(len(pos)):
        buckets.append((base_pow(scale, pos_off + k + 1), pos[k]))
    return [b for b, _ in buckets[:-1]], [c for _, c in buckets]


def exp_side(v, what):
    if v is None:
        return 0, []
    f = fields(v, repeated=("bucketCounts",))
    off = get_int32(f.get("offset", 0), what + ".offset")
    counts = ulist(f.get("bucketCounts", []), what + ".bucketCounts")
    return off, counts


def jnum(x):
    """A double for the oracle's JSON output: non-finite values as strings."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def metric_row(dp, mtype, temporality, monotonic, name, unit, desc, service, rattrs, scope_name):
    rep = ("attributes", "bucketCounts", "explicitBounds", "quantileValues", "exemplars")
    f = fields(dp, repeated=rep)
    start = get_uint64(f.get("startTimeUnixNano", 0), "startTimeUnixNano")
    t = get_uint64(f.get("timeUnixNano", 0), "timeUnixNano")
    flags = get_uint32(f.get("flags", 0), "flags")
    attrs = sorted_map(attribute_map(f.get("attributes", []), "attributes"))
    row = {
        "time_us": str(t // 1000), "start_time_us": str(start // 1000),
        "service_name": service, "metric_name": name, "metric_type": mtype,
        "unit": unit, "description": desc,
        "value": 0.0, "count": "0", "sum": 0.0, "min": 0.0, "max": 0.0,
        "bucket_bounds": [], "bucket_counts": [], "quantiles": [], "quantile_values": [],
        "temporality": temporality, "is_monotonic": monotonic,
        "exp_scale": 0, "exp_zero_count": "0", "exp_zero_threshold": 0.0,
        "exp_positive_offset": 0, "exp_positive_counts": [],
        "exp_negative_offset": 0, "exp_negative_counts": [],
        "flags": flags, "attributes": attrs, "resource_attributes": rattrs,
        "scope_name": scope_name,
    }
    if mtype in ("gauge", "sum"):
        m = last_member(dp, ("asDouble", "asInt"))
        if m is not None:
            if m[0] == "asDouble":
                row["value"] = get_double(m[1], "asDouble")
            else:
                row["value"] = float(get_int64(m[1], "asInt"))
    else:
        row["count"] = str(get_uint64(f.get("count", 0), "count"))
        row["sum"] = get_double(f.get("sum", 0), "sum")
        if mtype in ("histogram", "exponential_histogram"):
            row["min"] = get_double(f.get("min", 0), "min")
            row["max"] = get_double(f.get("max", 0), "max")
        if mtype == "histogram":
            row["bucket_counts"] = [str(x) for x in ulist(f.get("bucketCounts", []), "bucketCounts")]
            row["bucket_bounds"] = dlist(f.get("explicitBounds", []), "explicitBounds")
        elif mtype == "exponential_histogram":
            scale = get_int32(f.get("scale", 0), "scale")
            zc = get_uint64(f.get("zeroCount", 0), "zeroCount")
            zt = get_double(f.get("zeroThreshold", 0), "zeroThreshold")
            po, pc = exp_side(f.get("positive"), "positive")
            no, nc = exp_side(f.get("negative"), "negative")
            bounds, counts = exp_buckets(scale, zc, zt, po, pc, no, nc)
            row.update({
                "bucket_bounds": bounds, "bucket_counts": [str(x) for x in counts],
                "exp_scale": scale, "exp_zero_count": str(zc), "exp_zero_threshold": zt,
                "exp_positive_offset": po, "exp_positive_counts": [str(x) for x in pc],
                "exp_negative_offset": no, "exp_negative_counts": [str(x) for x in nc],
            })
        elif mtype == "summary":
            qs, vs = [], []
            for i, q in enumerate(f.get("quantileValues", [])):
                qf = fields(q)
                qs.append(get_double(qf.get("quantile", 0), "quantileValues[%d].quantile" % i))
                vs.append(get_double(qf.get("value", 0), "quantileValues[%d].value" % i))
            row["quantiles"], row["quantile_values"] = qs, vs
    row["fingerprint"] = md5_hex(name + US + mtype + US + service + US + row["start_time_us"] + US +
                                 row["time_us"] + US + attrs_fingerprint_part(attrs))
    for k in ("value", "sum", "min", "max", "exp_zero_threshold"):
        row[k] = jnum(row[k])
    for k in ("bucket_bounds", "quantiles", "quantile_values"):
        row[k] = [jnum(x) for x in row[k]]
    return row


def metric_rows(m, service, rattrs, scope_name, stats):
    f = fields(m)
    name = get_str(f.get("name", ""), "name")
    desc = get_str(f.get("description", ""), "description")
    unit = get_str(f.get("unit", ""), "unit")
    member = last_member(m, _METRIC_TYPES)
    if member is None:
        stats["metrics_without_data"] += 1
        return []
    mtype = _METRIC_TYPES[member[0]]
    df = fields(member[1], repeated=("dataPoints",))
    temporality = ""
    monotonic = False
    if mtype in ("sum", "histogram", "exponential_histogram"):
        temporality = temporality_text(df.get("aggregationTemporality"))
    if mtype == "sum":
        monotonic = get_bool(df.get("isMonotonic", False), "isMonotonic")
    rows = []
    for dp in df.get("dataPoints", []):
        stats["data_points"] += 1
        rows.append(metric_row(dp, mtype, temporality, monotonic, name, unit, desc,
                               service, rattrs, scope_name))
    return rows


def resource_metrics_rows(rm, stats):
    f = fields(rm, repeated=("scopeMetrics",), aliases=_RM_ALIASES)
    rattrs, service = resource_info(f.get("resource"))
    rattrs = sorted_map(rattrs)
    rows = []
    for sm in f.get("scopeMetrics", []):
        sf = fields(sm, repeated=("metrics",), aliases=_SS_ALIASES)
        scope_name = scope_name_of(sf.get("scope"))
        for m in sf.get("metrics", []):
            rows.extend(metric_rows(m, service, rattrs, scope_name, stats))
    return rows


# ---------------------------------------------------------------------------
# documents

TRACES = "otel_traces_processed"
LOGS = "otel_logs_processed"
METRICS = "otel_metrics_processed"
TABLES = (TRACES, LOGS, METRICS)

_TOP_ALIASES = {"resource_spans": "resourceSpans", "resource_logs": "resourceLogs",
                "resource_metrics": "resourceMetrics"}
_SIGNALS = {"resourceSpans": TRACES, "resourceLogs": LOGS, "resourceMetrics": METRICS}


def document_rows(doc, min_duration_ns, stats):
    """Return [(table, row), ...] in input order, or raise Reject.

    A document is converted when it has resourceSpans / resourceLogs /
    resourceMetrics (any mix; each signal's members are read in the order
    their key first appears), or is a bare ResourceSpans. Anything else is
    skipped. Returns None for a skipped document."""
    if not isinstance(doc, Obj):
        raise Reject("top-level value is %s, not an object" % type_name(doc))
    order = []
    for k, v in doc.pairs:
        if v is None:
            continue
        k = _TOP_ALIASES.get(k, k)
        if k in _SIGNALS and k not in order:
            order.append(k)
    if order:
        f = fields(doc, repeated=tuple(_SIGNALS), aliases=_TOP_ALIASES)
        out = []
        for k in order:
            for r in f.get(k, []):
                if k == "resourceSpans":
                    out.extend((TRACES, x) for x in resource_spans_rows(r, min_duration_ns, stats))
                elif k == "resourceLogs":
                    out.extend((LOGS, x) for x in resource_logs_rows(r, stats))
                else:
                    out.extend((METRICS, x) for x in resource_metrics_rows(r, stats))
        return out
    keys = {k for k, v in doc.pairs if v is not None}
    bare = {"scopeSpans", "scope_spans", "instrumentationLibrarySpans",
            "instrumentation_library_spans", "deprecatedScopeSpans", "deprecated_scope_spans",
            "resource"}
    if keys & bare:
        return [(TRACES, x) for x in resource_spans_rows(doc, min_duration_ns, stats)]
    return None


def reject_info(text, name, off, reason):
    prefix = text[:off]
    return {"file": name, "line": prefix.count("\n") + 1,
            "byte": len(prefix.encode("utf-8", errors="surrogateescape")), "reason": reason}


_COUNTERS = ("spans", "log_records", "data_points", "metrics_without_data", "filtered")


def process(text, name, min_duration_ns, stats, outs):
    for off, doc in iter_documents(text):
        stats["documents"] += 1
        before = {k: stats[k] for k in _COUNTERS}
        try:
            if isinstance(doc, Reject):
                raise doc
            rows = document_rows(doc, min_duration_ns, stats)
        except (Reject, RecursionError) as e:
            stats.update(before)
            stats["rejected"] += 1
            reason = str(e) if isinstance(e, Reject) else "too deep"
            stats["rejects"].append(reject_info(text, name, off, reason))
            continue
        if rows is None:
            stats["skipped"] += 1
            continue
        stats["converted"] += 1
        stats["trace_documents"] += 1  # (old name, kept for older harnesses)
        tables_here = []
        for table, r in rows:
            if table not in tables_here:
                tables_here.append(table)
            out = outs.get(table)
            if out is not None:
                out.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")))
                out.write("\n")
            stats["rows_by_table"][table] += 1
            if table == TRACES:
                stats["rows"] += 1
        if tables_here and stats["first_tables"] is None:
            stats["first_tables"] = tables_here
            stats["first_table"] = tables_here[0]


def parse_duration(s):
    m = re.match(r"([0-9]+)(ns|us|ms|s)\Z", s)
    if not m:
        raise SystemExit("oracle: bad duration %r" % s)
    return int(m.group(1)) * {"ns": 1, "us": 1000, "ms": 10**6, "s": 10**9}[m.group(2)]


def main(argv):
    summary = False
    min_ns = None
    files = []
    out_paths = {}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--summary":
            summary = True
        elif a == "--min-duration":
            i += 1
            min_ns = parse_duration(argv[i])
        elif a in ("--logs-out", "--metrics-out", "--traces-out"):
            i += 1
            out_paths[{"--logs-out": LOGS, "--metrics-out": METRICS, "--traces-out": TRACES}[a]] = argv[i]
        elif a == "--self-test":
            return self_test()
        else:
            files.append(a)
        i += 1
    if not files:
        files = ["-"]
    stats = {"documents": 0, "converted": 0, "trace_documents": 0, "skipped": 0, "rejected": 0,
             "spans": 0, "log_records": 0, "data_points": 0, "metrics_without_data": 0,
             "filtered": 0, "rows": 0, "rows_by_table": {t: 0 for t in TABLES},
             "first_table": None, "first_tables": None, "rejects": []}
    outs = {}
    for t in TABLES:
        if t in out_paths:
            outs[t] = open(out_paths[t], "w", encoding="utf-8", errors="surrogatepass", newline="\n")
        elif t == TRACES:
            outs[t] = open(sys.stdout.fileno(), "w", encoding="utf-8", errors="surrogatepass",
                           newline="\n", closefd=False)
    for name in files:
        if name == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(name, "rb") as fh:
                data = fh.read()
        if data.startswith(b"\xef\xbb\xbf"):
            pass  # a BOM is not whitespace in JSON: leave it, it rejects the doc
        text = data.decode("utf-8", errors="surrogateescape")
        process(text, name, min_ns, stats, outs)
    for o in outs.values():
        o.flush()
        if o.fileno() != sys.stdout.fileno():
            o.close()
    if summary:
        sys.stderr.write(json.dumps(stats) + "\n")
    return 0


# ---------------------------------------------------------------------------
# self test: the tables of otlp-json.md section 5

def self_test():
    D = [
        (1.0, "1"), (-0.0, "-0"), (0.1, "0.1"), (0.1 + 0.2, "0.30000000000000004"),
        (1 / 3, "0.3333333333333333"), (123456789.0, "123456789"), (-2.5, "-2.5"),
        (float(9007199254740993), "9007199254740992"), (0.000123, "0.000123"),
        (float(2**60), "1152921504606847000"), (1e-6, "0.000001"), (1e-7, "1e-7"),
        (1.5e-7, "1.5e-7"), (1e-10, "1e-10"), (5e-324, "5e-324"),
        (1e20, "100000000000000000000"), (1e21, "1e+21"), (1.2345e22, "1.2345e+22"),
        (1.7976931348623157e308, "1.7976931348623157e+308"),
        (float(123456789012345678901), "123456789012345680000"),
        (float("nan"), "NaN"), (float("inf"), "Infinity"), (float("-inf"), "-Infinity"),
        (0.5, "0.5"), (100.0, "100"), (1.5e300, "1.5e+300"), (-1e-7, "-1e-7"),
        (1.25e-5, "0.0000125"), (999999999999999900000.0, "999999999999999900000"),
    ]
    bad = 0
    for x, want in D:
        got = format_double(x)
        if got != want:
            print("double %r: got %s want %s" % (x, got, want))
            bad += 1

    def P(s):
        return parse_any(_DECODER.decode(s), "t")
    A = [
        ('{"arrayValue":{"values":[{"stringValue":"a"},{"intValue":"1"},{"doubleValue":1.5},'
         '{"boolValue":true},{},{"bytesValue":"AQI="}]}}', '["a",1,1.5,true,null,"AQI="]'),
        ('{"kvlistValue":{"values":[{"key":"b","value":{"intValue":1}},{"key":"a","value":'
         '{"kvlistValue":{"values":[{"key":"y","value":{"stringValue":"z"}}]}}},'
         '{"key":"b","value":{"intValue":2}}]}}', '{"a":{"y":"z"},"b":2}'),
        ('{"arrayValue":{}}', "[]"), ('{"kvlistValue":{}}', "{}"),
        ('{"arrayValue":{"values":[{"stringValue":"<a&b>"}]}}', '["<a&b>"]'),
        ('{"arrayValue":{"values":[{"doubleValue":1.0},{"doubleValue":"NaN"}]}}', ""),
        ('{"kvlistValue":{"values":[{"key":"k","value":{"doubleValue":-0.0}}]}}', '{"k":-0}'),
        ('{"doubleValue":"NaN"}', "NaN"), ('{"doubleValue":"-Infinity"}', "-Infinity"),
        ('{"doubleValue":"inf"}', "Infinity"),
        ('{"bytesValue":""}', ""), ('{"bytesValue":"AQID"}', "AQID"),
        ('{"arrayValue":{"values":[{"bytesValue":""}]}}', "[null]"),
        ('{"intValue":"-9223372036854775808"}', "-9223372036854775808"),
        ('{"int_value":9223372036854775807}', "9223372036854775807"),
        ('{"stringValue":"a\\"b"}', 'a"b'),
        ('{"arrayValue":{"values":[{"stringValue":"q\\"\\\\\\b\\f\\n\\r\\t\\u0001\\u001f\\u007f\\u2028\\u2029\\ud800\\ud83d\\ude00"}]}}',
         '["q\\"\\\\\\b\\f\\n\\r\\t\\u0001\\u001f\x7f\\u2028\\u2029\ufffd\U0001F600"]'),
        ('{"stringValue":"x","intValue":"5"}', "5"),
        ('{"intValue":"5","stringValue":null}', "5"),
        ('{"arrayValue":{"values":[{"arrayValue":{"values":[{"doubleValue":1e21},{"doubleValue":1e-7}]}}]}}',
         '[[1e+21,1e-7]]'),
        ('{"kvlistValue":{"values":[{"key":"\u00e9","value":{}},{"key":"z","value":{}},{"key":"Z","value":{}}]}}',
         '{"Z":null,"z":null,"\u00e9":null}'),
    ]
    for src, want in A:
        got = as_string(P(src))
        if got != want:
            print("anyvalue %s: got %r want %r" % (src, got, want))
            bad += 1
    for src in ['{"bytesValue":"AQI"}', '{"bytesValue":"AQ-_"}', '{"intValue":"1.0"}',
                '{"intValue":1.0}', '{"boolValue":"true"}', '{"intValue":"9223372036854775808"}']:
        try:
            P(src)
            print("anyvalue %s: not rejected" % src)
            bad += 1
        except Reject:
            pass
    R = [(14999, 1, 0.01), (15000, 0, 0.02), (-15000, 0, -0.02), (-14999, 0, -0.01),
         (4999, 0, 0.0), (-4999, 0, 0.0), (5000, 0, 0.01), (1000000000, 0, 1000.0)]
    for end, start, want in R:
        got = round_half_away_div(end - start, 10000) / 100
        if got != want or math.copysign(1, got) != math.copysign(1, want):
            print("duration %d-%d: got %r want %r" % (end, start, got, want))
            bad += 1
    b = clean_str(b'"a\xff\xe2\x82b\xed\xa0\x80"'.decode("utf-8", errors="surrogateescape"))
    if b != '"a\ufffd\ufffd\ufffdb\ufffd\ufffd\ufffd"':
        print("utf-8 replacement: got %r" % b)
        bad += 1
    E = [
        ((0, 1, 0.0, 1, [0, 2], 0, []), ([0.0, 4.0], [1, 0, 2])),
        ((1, 5, 0.0, 0, [], -1, [3, 4]), ([-1.0, -0.7071067811865476], [4, 3, 5])),
        ((-2, 0, 0.5, 0, [1, 1, 1], 0, []), ([0.5, 16.0, 256.0], [0, 1, 1, 1])),
        ((0, 7, 0.0, 0, [], 0, []), ([], [7])),
        ((-1, 0, 0.0, -2, [1], 3, [2]), ([-64.0, 0.0], [2, 0, 1])),
        ((3, 0, 0.0, 7, [9], 0, []), ([0.0], [0, 9])),
        ((-64, 0, 0.0, 1, [1], 0, []), ([0.0], [0, 1])),
    ]
    for args, want in E:
        got = exp_buckets(*args)
        if got != (list(want[0]), list(want[1])):
            print("exp_buckets%r: got %r want %r" % (args, got, want))
            bad += 1
    if base_pow(3, 8) != 2.0 or base_pow(-64, 1) != math.inf or base_pow(-3, -200) != 0.0:
        print("base_pow edge cases wrong")
        bad += 1
    for name, num in (("SEVERITY_NUMBER_UNSPECIFIED", 0), ("SEVERITY_NUMBER_TRACE", 1),
                      ("SEVERITY_NUMBER_DEBUG2", 6), ("SEVERITY_NUMBER_INFO", 9),
                      ("SEVERITY_NUMBER_WARN3", 15), ("SEVERITY_NUMBER_ERROR", 17),
                      ("SEVERITY_NUMBER_FATAL4", 24)):
        if severity_number(name) != num:
            print("severity %s: got %r want %d" % (name, severity_number(name), num))
            bad += 1
    for v in ("9", -1, 256, 1.5, "SEVERITY_NUMBER_INFO5", True):
        try:
            severity_number(v)
            print("severity %r: not rejected" % (v,))
            bad += 1
        except Reject:
            pass
    for v, want in ((None, "unspecified"), (1, "delta"), ("AGGREGATION_TEMPORALITY_CUMULATIVE", "cumulative"),
                    (7, "7"), (-1, "-1")):
        if temporality_text(v) != want:
            print("temporality %r: got %r" % (v, temporality_text(v)))
            bad += 1
    print("oracle self-test: %s (%d failures)" % ("ok" if bad == 0 else "FAILED", bad))
    return 1 if bad else 0


def _main_with_big_stack():
    # Deeply nested (unknown) fields: Python's json parser recurses once per
    # level, so give it a large recursion limit and a thread with a big stack.
    import threading
    sys.setrecursionlimit(2_000_000)
    threading.stack_size(1 << 30)
    result = []
    t = threading.Thread(target=lambda: result.append(main(sys.argv[1:])))
    t.start()
    t.join()
    return result[0] if result else 1


if __name__ == "__main__":
    sys.exit(_main_with_big_stack())
