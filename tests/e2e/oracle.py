#!/usr/bin/env python3
"""Independent reference implementation of otelflat's row rules (tests only).

Reads OTLP/JSON trace documents and prints the rows otelflat must produce,
one JSON object per line:

  {"timestamp_us": int, "trace_id": str, "span_id": str, "parent_span_id": str,
   "service_name": str, "span_name": str, "duration_ms": number,
   "status_code": str, "attributes": {str: str}, "fingerprint": str}

It shares no code with otelflat (Python 3 standard library only) and follows
the CLI contract plus /work/shared/reference/otlp-json.md (section 5 for the
AnyValue -> string rendering).

Usage: oracle.py [--summary] [--min-duration-ns N] FILE... ("-" = stdin)

--summary prints one JSON object on stderr at the end:
  {"documents": N, "trace_documents": N, "skipped": N, "rejected": N,
   "spans": N, "rows": N,
   "rejects": [{"file":..., "line":..., "byte":..., "reason":...}]}
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
- a top-level object with resourceLogs / resourceMetrics (and no
  resourceSpans) is "skipped"; other objects without resourceSpans are
  either a bare ResourceSpans (has scopeSpans / instrumentationLibrarySpans
  / resource) or an empty document with no rows.
- only fields that feed a column are validated (span ids, times, name,
  status.code, span attributes, resource attributes), plus span kind (an
  invalid enum fails the document in the collector); events, links, scope,
  flags, traceState are ignored entirely.
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
    if isinstance(c, bool):
        raise Reject("status.code: bool")
    if isinstance(c, str):
        if c not in _STATUS_NAMES:
            raise Reject("status.code: unknown enum name %r" % c)
        c = _STATUS_NAMES[c]
    elif not isinstance(c, int):
        raise Reject("status.code: not an integer")
    if c < -(1 << 31) or c >= 1 << 31:
        raise Reject("status.code: out of int32 range")
    return _STATUS_TEXT.get(c, str(c))


_KIND_NAMES = {"SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER",
               "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER"}


def check_kind(k):
    """kind feeds no column, but like the collector an invalid enum rejects the document."""
    if k is None:
        return
    if isinstance(k, bool) or not isinstance(k, (int, str)):
        raise Reject("kind: not an enum")
    if isinstance(k, str):
        if k not in _KIND_NAMES:
            raise Reject("kind: unknown enum name %r" % k)
    elif k < -(1 << 31) or k >= 1 << 31:
        raise Reject("kind: out of int32 range")


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


def resource_spans_rows(rs, min_duration_ns, stats):
    f = fields(rs, repeated=("scopeSpans",), aliases=_RS_ALIASES)
    service = ""
    res = f.get("resource")
    if res is not None:
        rf = fields(res, repeated=("attributes",))
        rattrs = attribute_map(rf.get("attributes", []), "resource.attributes")
        service = rattrs.get("service.name", "")
    if service == "":
        service = "unknown"
    rows = []
    for ss in f.get("scopeSpans", []):
        sf = fields(ss, repeated=("spans",), aliases=_SS_ALIASES)
        for sp in sf.get("spans", []):
            stats["spans"] += 1
            r = span_row(sp, service, min_duration_ns)
            if r is not None:
                rows.append(r)
    return rows


_TOP_ALIASES = {"resource_spans": "resourceSpans", "resource_logs": "resourceLogs",
                "resource_metrics": "resourceMetrics"}


def document_rows(doc, min_duration_ns, stats):
    """Return rows, or raise Reject. Updates stats for skipped documents."""
    if not isinstance(doc, Obj):
        raise Reject("top-level value is %s, not an object" % type_name(doc))
    keys = set()
    for k, v in doc.pairs:
        if v is not None:
            keys.add(_TOP_ALIASES.get(k, k))
    if "resourceSpans" in keys:
        f = fields(doc, repeated=("resourceSpans",), aliases=_TOP_ALIASES)
        rows = []
        for rs in f.get("resourceSpans", []):
            rows.extend(resource_spans_rows(rs, min_duration_ns, stats))
        stats["trace_documents"] += 1
        return rows
    if "resourceLogs" in keys or "resourceMetrics" in keys:
        stats["skipped"] += 1
        return []
    bare = {"scopeSpans", "scope_spans", "instrumentationLibrarySpans",
            "instrumentation_library_spans", "deprecatedScopeSpans", "resource"}
    if keys & bare:
        stats["trace_documents"] += 1
        return resource_spans_rows(doc, min_duration_ns, stats)
    return []


def reject_info(text, name, off, reason):
    prefix = text[:off]
    return {"file": name, "line": prefix.count("\n") + 1,
            "byte": len(prefix.encode("utf-8", errors="surrogateescape")), "reason": reason}


def process(text, name, min_duration_ns, stats, out):
    for off, doc in iter_documents(text):
        stats["documents"] += 1
        spans_before = stats["spans"]
        try:
            if isinstance(doc, Reject):
                raise doc
            rows = document_rows(doc, min_duration_ns, stats)
        except Reject as e:
            stats["spans"] = spans_before
            stats["rejected"] += 1
            stats["rejects"].append(reject_info(text, name, off, str(e)))
            continue
        except RecursionError:
            stats["spans"] = spans_before
            stats["rejected"] += 1
            stats["rejects"].append(reject_info(text, name, off, "too deep"))
            continue
        for r in rows:
            out.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")))
            out.write("\n")
            stats["rows"] += 1


def parse_duration(s):
    m = re.match(r"([0-9]+)(ns|us|ms|s)\Z", s)
    if not m:
        raise SystemExit("oracle: bad duration %r" % s)
    return int(m.group(1)) * {"ns": 1, "us": 1000, "ms": 10**6, "s": 10**9}[m.group(2)]


def main(argv):
    summary = False
    min_ns = None
    files = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--summary":
            summary = True
        elif a == "--min-duration":
            i += 1
            min_ns = parse_duration(argv[i])
        elif a == "--self-test":
            return self_test()
        else:
            files.append(a)
        i += 1
    if not files:
        files = ["-"]
    stats = {"documents": 0, "trace_documents": 0, "skipped": 0, "rejected": 0,
             "spans": 0, "rows": 0, "rejects": []}
    out = open(sys.stdout.fileno(), "w", encoding="utf-8", errors="surrogatepass",
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
        process(text, name, min_ns, stats, out)
    out.flush()
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
