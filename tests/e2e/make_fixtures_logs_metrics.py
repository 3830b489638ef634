#!/usr/bin/env python3
"""Writes the logs/metrics edge-case fixtures of tests/e2e/fixtures (run from that directory):
logs-edge.jsonl, logs-rejects.jsonl, metrics-edge.jsonl, metrics-nonfinite.jsonl,
metrics-exp-negative-index.jsonl, metrics-rejects.jsonl, logs-body-depth.jsonl,
logs-metrics-invalid-utf8.jsonl, mixed-signals.json, routing-first-rows.jsonl. Deterministic; the outputs are committed."""
import json
def S(v): return {"stringValue": v}
def I(v, num=False): return {"intValue": v if num else str(v)}
def D(v): return {"doubleValue": v}
def kv(k, v): return {"key": k, "value": v}
def res(*attrs): return {"attributes": list(attrs)}
SVC = kv("service.name", S("edge-svc"))
T = 1767225600123456789
TID = "5b8efff798038103d269b633813fc60c"
SID = "eee19b7ec3c1b174"
def line(o): return json.dumps(o, ensure_ascii=False, separators=(",", ":")).replace('"attributes__dup":', '"attributes":')

# ---------------------------------------------------------------- logs-edge.jsonl
L = []
recs = [
  {"timeUnixNano": "0", "observedTimeUnixNano": str(T), "body": S("time 0: timestamp falls back to observed")},
  {"observedTimeUnixNano": str(T + 1999), "body": S("time absent: fallback, observed 1999ns later truncates")},
  {"body": S("no times at all: 1970")},
  {"timeUnixNano": str(T), "observedTimeUnixNano": "0", "body": S("observed 0, time set")},
  {"timeUnixNano": T, "observedTimeUnixNano": T + 5, "body": S("times as JSON numbers")},
  {"timeUnixNano": str(T), "severityNumber": "SEVERITY_NUMBER_WARN2", "severityText": "Warning", "body": S("severity name")},
  {"timeUnixNano": str(T), "severityNumber": "SEVERITY_NUMBER_UNSPECIFIED", "body": S("unspecified name")},
  {"timeUnixNano": str(T), "severityNumber": "SEVERITY_NUMBER_FATAL4", "body": S("fatal4")},
  {"timeUnixNano": str(T), "severityNumber": 255, "severityText": "custom-255", "body": S("severity 255, the UInt8 max")},
  {"timeUnixNano": str(T), "severityNumber": 24, "body": S("severity 24 without text")},
  {"timeUnixNano": str(T), "severityText": "ERROR", "body": S("text without number")},
  {"timeUnixNano": str(T), "severityNumber": None, "severityText": None, "body": S("nulls are absent")},
  {"timeUnixNano": str(T)},
  {"timeUnixNano": str(T), "body": {}},
  {"timeUnixNano": str(T), "body": S("")},
  {"timeUnixNano": str(T), "body": S("ctl \u0001\u001f\u007f tab\t nl\n cr\r quote\" backslash\\ u2028\u2028 emoji 😀 <&>")},
  {"timeUnixNano": str(T), "body": {"kvlistValue": {"values": [kv("b", I(1)), kv("a", {"arrayValue": {"values": [S("x"), I(2), D(1.5), {"boolValue": True}, {}, {"bytesValue": "AQI="}]}}), kv("b", I(2)), kv("z", {"kvlistValue": {"values": [kv("y", S("<\u2028>")), kv("x", D(-0.0))]}})]}}},
  {"timeUnixNano": str(T), "body": {"kvlistValue": {"values": [kv("ok", S("fine")), kv("bad", D("NaN"))]}}},
  {"timeUnixNano": str(T), "body": {"arrayValue": {"values": [D(1e21), D(1e-7), D(0.1), I(-9223372036854775808)]}}},
  {"timeUnixNano": str(T), "body": {"arrayValue": {}}},
  {"timeUnixNano": str(T), "body": {"kvlistValue": {}}},
  {"timeUnixNano": str(T), "body": D("NaN")},
  {"timeUnixNano": str(T), "body": D("-Infinity")},
  {"timeUnixNano": str(T), "body": D(123456789012345678901)},
  {"timeUnixNano": str(T), "body": I(9223372036854775807)},
  {"timeUnixNano": str(T), "body": {"boolValue": False}},
  {"timeUnixNano": str(T), "body": {"bytesValue": "AAEC/w=="}},
  {"timeUnixNano": str(T), "body": {"stringValue": "two members", "intValue": "7"}},
  {"timeUnixNano": str(T), "body": S("duplicate attribute keys: last wins"),
   "attributes": [kv("k", S("first")), kv("a", I(1)), kv("k", S("last")), kv("d", D(2.5)), kv("n", D("NaN")), kv("e", {})]},
  {"timeUnixNano": str(T), "body": S("repeated attributes field appends"),
   "attributes": [kv("x", S("1")), kv("z", S("first list"))], "attributes__dup": [kv("y", S("2")), kv("z", S("second list"))]},
  {"timeUnixNano": str(T), "traceId": TID.upper(), "spanId": SID.upper(), "flags": 1, "body": S("upper-case ids")},
  {"timeUnixNano": str(T), "traceId": "0" * 32, "spanId": "0" * 16, "body": S("all-zero ids are empty")},
  {"timeUnixNano": str(T), "traceId": "", "spanId": "", "body": S("empty ids")},
  {"timeUnixNano": str(T), "traceId": TID, "body": S("trace id only")},
  {"timeUnixNano": str(T), "eventName": "session.start", "body": S("an event")},
  {"timeUnixNano": str(T), "eventName": "", "body": S("empty event name")},
  {"timeUnixNano": "18446744073709551615", "observedTimeUnixNano": "9223372036854775808", "body": S("times at and above 2^63")},
  {"timeUnixNano": str(T), "body": S("unknown fields ignored"), "somethingNew": {"deep": [1, 2, {"x": None}]}, "droppedAttributesCount": 3},
]
L.append({"resourceLogs": [{"resource": res(SVC, kv("host.name", S("h1"))), "scopeLogs": [{"scope": {"name": "edge.scope", "version": "1"}, "logRecords": recs}]}]})
# same fingerprint twice (identical rows): both kept in the table, ReplacingMergeTree keeps one
dup = {"timeUnixNano": str(T), "observedTimeUnixNano": str(T), "body": S("identical twice")}
L.append({"resourceLogs": [{"resource": res(SVC), "scopeLogs": [{"scope": {"name": "dup"}, "logRecords": [dup, dup]}]},
                           {"resource": res(kv("service.name", S("first")), kv("service.name", S("last wins"))), "scopeLogs": [{"logRecords": [{"body": S("resource with two service.name: last wins")}]}]},
                           {"resource": res(kv("service.name", I(42))), "scopeLogs": [{"scope": {}, "logRecords": [{"body": S("int service.name")}]}]},
                           {"resource": res(kv("service.name", S(""))), "scopeLogs": [{"logRecords": [{"body": S("empty service.name: unknown")}]}]},
                           {"scopeLogs": [{"scope": {"name": None}, "logRecords": [{"body": S("no resource at all")}]}]},
                           {"resource": {}, "scopeLogs": []},
                           {"resource": res(SVC)}]})
# snake_case keys, enum names, ints as numbers
L.append({"resource_logs": [{"resource": res(SVC), "scope_logs": [{"scope": {"name": "snake"}, "log_records": [
  {"time_unix_nano": T, "observed_time_unix_nano": str(T), "severity_number": "SEVERITY_NUMBER_DEBUG3", "severity_text": "debug",
   "body": {"kvlist_value": {"values": [{"key": "k", "value": {"int_value": 5}}]}}, "trace_id": TID, "span_id": SID, "event_name": "snake.event",
   "attributes": [{"key": "s", "value": {"string_value": "v"}}, {"key": "b", "value": {"bool_value": True}}, {"key": "d", "value": {"double_value": 1e-7}}]}]}]}]})
# pre-1.0 keys (otelflat(1) reads them)
L.append({"resourceLogs": [{"resource": res(SVC), "instrumentationLibraryLogs": [{"instrumentationLibrary": {"name": "pre-1.0"}, "logRecords": [{"timeUnixNano": str(T), "body": S("instrumentationLibraryLogs")}]}]}]})
# empty envelopes
L.append({"resourceLogs": []})
L.append({"resourceLogs": [{"scopeLogs": [{"logRecords": []}]}]})
open("logs-edge.jsonl", "w").write("".join(line(o) + "\n" for o in L))

# ---------------------------------------------------------------- logs-rejects.jsonl
good = lambda msg: {"resourceLogs": [{"resource": res(SVC), "scopeLogs": [{"logRecords": [{"timeUnixNano": str(T), "body": S(msg)}]}]}]}
bad = lambda rec: {"resourceLogs": [{"resource": res(SVC), "scopeLogs": [{"logRecords": [{"timeUnixNano": str(T), "body": S("in a rejected document")}, rec]}]}]}
R = [good("before"),
     bad({"severityNumber": 256}),
     bad({"severityNumber": -1}),
     bad({"severityNumber": "9"}),
     bad({"severityNumber": "SEVERITY_NUMBER_INFO5"}),
     bad({"severityNumber": 9.0}),
     bad({"traceId": TID[:-2]}),
     bad({"spanId": "zz" * 8}),
     bad({"timeUnixNano": "-1"}),
     bad({"observedTimeUnixNano": "18446744073709551616"}),
     bad({"body": {"intValue": "1.5"}}),
     bad({"severityText": 5}),
     good("between"),
     bad({"attributes": [kv("b", {"bytesValue": "AQI"})]}),
     good("after")]
open("logs-rejects.jsonl", "w").write("".join(line(o) + "\n" for o in R))

# ---------------------------------------------------------------- metrics-edge.jsonl
def m(name, **data): return dict(name=name, **data)
def dp(**f):
    f.setdefault("timeUnixNano", str(T)); f.setdefault("startTimeUnixNano", str(T - 60 * 10**9)); return f
M = []
metrics = [
  m("no.data.member", description="a metric without gauge/sum/...", unit="1"),
  m("null.data.member", gauge=None),
  m("empty.gauge", gauge={}),
  m("gauge.zero.points", gauge={"dataPoints": []}),
  m("sum.zero.points", sum={"dataPoints": [], "aggregationTemporality": 2, "isMonotonic": True}),
  m("gauge.values", unit="1", description="gauge values", gauge={"dataPoints": [
      dp(asDouble=1.5), dp(asDouble="2.25"),
      dp(asDouble=-0.0), dp(asDouble=1e-320), dp(asDouble=1.7976931348623157e308),
      dp(asInt="9223372036854775807"), dp(asInt=-9223372036854775808), dp(asInt=9007199254740993), dp(asInt="-42"),
      dp(), dp(asInt="5", asDouble=6.5), dp(asDouble=6.5, asInt="5"),
      dp(asDouble=3, attributes=[kv("k", S("first")), kv("k", S("last")), kv("nan", D("NaN")), kv("arr", {"arrayValue": {"values": [D("Infinity")]}})]),
      dp(asDouble=4, flags=1), dp(asDouble=5, flags=4294967295), dp(asDouble=6, startTimeUnixNano="0"), dp(asDouble=7, startTimeUnixNano=None, timeUnixNano=None),
      dp(asDouble=8, timeUnixNano="18446744073709551615", startTimeUnixNano="9223372036854775807"),
      dp(asDouble=9, exemplars=[{"timeUnixNano": str(T), "asDouble": 1.0, "traceId": TID, "spanId": SID, "filteredAttributes": [kv("f", S("x"))]}]),
  ]}),
  m("sum.temporalities", sum={"dataPoints": [dp(asInt="1")], "aggregationTemporality": "AGGREGATION_TEMPORALITY_DELTA", "isMonotonic": True}),
  m("sum.temporality.unknown", sum={"dataPoints": [dp(asInt="2")], "aggregationTemporality": 7}),
  m("sum.temporality.absent", sum={"dataPoints": [dp(asInt="3")], "isMonotonic": False}),
  m("sum.temporality.cumulative.name", sum={"dataPoints": [dp(asDouble=0.5)], "aggregationTemporality": "AGGREGATION_TEMPORALITY_CUMULATIVE"}),
  m("sum.temporality.unspecified.name", sum={"dataPoints": [dp(asDouble=0.25)], "aggregationTemporality": "AGGREGATION_TEMPORALITY_UNSPECIFIED", "isMonotonic": True}),
  m("sum.temporality.negative", sum={"dataPoints": [dp()], "aggregationTemporality": -1}),
  m("gauge.ignores.temporality", gauge={"dataPoints": [dp(asInt="4")], "aggregationTemporality": 2, "isMonotonic": True}),
  m("histogram", unit="s", histogram={"aggregationTemporality": 2, "dataPoints": [
      dp(count="6", sum=1.25, min=0.001, max=0.9, bucketCounts=["1", 2, "3"], explicitBounds=[0.1, 0.5]),
      dp(count=0),
      dp(count="18446744073709551615", bucketCounts=["18446744073709551615"], explicitBounds=[]),
      dp(count="2", bucketCounts=["1", "1"], explicitBounds=[1.0, 2.0, 3.0]),
      dp(count="1", sum=-0.0, bucketCounts=[], explicitBounds=[1e-7, 1e21]),
  ]}),
  m("exp.many.buckets", exponentialHistogram={"aggregationTemporality": 2, "dataPoints": [
      dp(count="3000", scale=7, positive={"offset": -1500, "bucketCounts": ["1"] * 3000}, negative={"offset": 100, "bucketCounts": ["2"] * 500}),
  ]}),
  m("histogram.no.temporality", histogram={"dataPoints": [dp(count="1", bucketCounts=["1"])]}),
  m("exp.scale0", exponentialHistogram={"aggregationTemporality": 1, "dataPoints": [
      dp(count="3", sum=10, scale=0, zeroCount="1", positive={"offset": 1, "bucketCounts": ["0", "2"]}, min=0, max=5),
      dp(count="7", zeroCount=7),
      dp(count="0", scale=0, positive={}, negative={}),
      dp(count="5", scale=0, zeroThreshold=1e-9, zeroCount="1", negative={"offset": 0, "bucketCounts": ["1", "3"]}),
  ]}),
  m("exp.positive.scales", exponentialHistogram={"aggregationTemporality": "AGGREGATION_TEMPORALITY_DELTA", "dataPoints": [
      dp(count="4", scale=1, positive={"offset": -1, "bucketCounts": ["1", "1", "1", "1"]}, negative={"offset": 2, "bucketCounts": ["5"]}),
      dp(count="3", scale=3, positive={"offset": 13, "bucketCounts": ["1", "1", "1"]}),
      dp(count="2", scale=8, positive={"offset": 1000, "bucketCounts": ["1", "1"]}, negative={"offset": -1000, "bucketCounts": ["1", "2"]}),
      dp(count="2", scale=20, positive={"offset": 1048575, "bucketCounts": ["1", "1"]}),
  ]}),
  m("exp.negative.scales", exponentialHistogram={"aggregationTemporality": 2, "dataPoints": [
      dp(count="6", scale=-1, zeroCount="1", positive={"offset": 0, "bucketCounts": ["1", "2"]}, negative={"offset": 1, "bucketCounts": ["1", "1"]}),
      dp(count="4", scale=-2, positive={"offset": 2, "bucketCounts": ["2", "2"]}),
      dp(count="4", scale=-3, positive={"offset": 5, "bucketCounts": ["1", "1"]}, negative={"offset": 3, "bucketCounts": ["1", "1"]}),
  ]}),
  m("summary", unit="s", summary={"dataPoints": [
      dp(count="10", sum=4.5, quantileValues=[{"quantile": 0, "value": 0.1}, {"quantile": 0.5, "value": 0.4}, {"quantile": 1, "value": 0.9}]),
      dp(count="3", sum=1, quantileValues=[{"quantile": 0.99, "value": 2}, {"value": 0.5}, {"quantile": 0.5}]),
      dp(),
      dp(count=18446744073709551615, quantileValues=[]),
  ]}),
  m("two.data.members", gauge={"dataPoints": [dp(asDouble=1)]}, sum={"dataPoints": [dp(asDouble=2)], "aggregationTemporality": 2}),
  m("", gauge={"dataPoints": [dp(asDouble=1)]}),
]
M.append({"resourceMetrics": [{"resource": res(SVC, kv("host.name", S("h1"))), "scopeMetrics": [{"scope": {"name": "edge.metrics", "version": "2"}, "metrics": metrics}]}]})
M.append({"resourceMetrics": [
  {"resource": res(kv("host.name", S("no-service"))), "scopeMetrics": [{"metrics": [m("no.service", gauge={"dataPoints": [dp(asInt="1")]})]}]},
  {"resource": res(kv("service.name", S("")), kv("service.name", S("svc-last"))), "scopeMetrics": [{"scope": {}, "metrics": [m("service.last", gauge={"dataPoints": [dp(asInt="1")]})]}]},
  {"scopeMetrics": [{"scope": {"name": "no-resource"}, "metrics": [m("dup.points", gauge={"dataPoints": [dp(asInt="1"), dp(asInt="1")]})]}]},
  {"resource": res(SVC), "scopeMetrics": []},
  {"resource": res(SVC), "instrumentationLibraryMetrics": [{"instrumentationLibrary": {"name": "pre-1.0"}, "metrics": [m("pre.1.0", gauge={"dataPoints": [dp(asInt="1")]})]}]},
]})
M.append({"resource_metrics": [{"resource": res(SVC), "scope_metrics": [{"scope": {"name": "snake"}, "metrics": [
  {"name": "snake.exp", "exponential_histogram": {"aggregation_temporality": 2, "data_points": [
    {"start_time_unix_nano": str(T), "time_unix_nano": T, "count": 3, "scale": 2, "zero_count": 1, "zero_threshold": 0.5,
     "positive": {"offset": 3, "bucket_counts": [1, 1]}, "negative": {"offset": 1, "bucket_counts": ["1"]}}]}},
  {"name": "snake.sum", "sum": {"aggregation_temporality": "AGGREGATION_TEMPORALITY_CUMULATIVE", "is_monotonic": True, "data_points": [{"time_unix_nano": str(T), "as_int": "12"}]}},
  {"name": "snake.hist", "histogram": {"data_points": [{"time_unix_nano": str(T), "count": 1, "bucket_counts": [0, 1], "explicit_bounds": [2.5]}]}},
  {"name": "snake.summary", "summary": {"data_points": [{"time_unix_nano": str(T), "count": "2", "quantile_values": [{"quantile": 0.5, "value": 1}]}]}},
]}]}]})
M.append({"resourceMetrics": []})
open("metrics-edge.jsonl", "w").write("".join(line(o) + "\n" for o in M))

# ---------------------------------------------------------------- metrics-nonfinite.jsonl
# NaN / +-Infinity in Float64 columns: values, sums, min/max, bounds (also exponential
# bounds that overflow a double), zero thresholds, quantiles
nonfinite = [
  m("gauge.nonfinite", gauge={"dataPoints": [dp(asDouble="NaN"), dp(asDouble="Infinity"), dp(asDouble="-Infinity"), dp(asDouble="nan"), dp(asDouble="-inf")]}),
  m("sum.nonfinite", sum={"dataPoints": [dp(asDouble="Infinity")], "aggregationTemporality": 2, "isMonotonic": True}),
  m("histogram.nonfinite", histogram={"aggregationTemporality": 2, "dataPoints": [
      dp(count="3", sum="NaN", min="-Infinity", max="Infinity", bucketCounts=["1", "1", "1", "0"], explicitBounds=["-Infinity", 0, "NaN"]),
  ]}),
  m("exp.nonfinite", exponentialHistogram={"aggregationTemporality": 2, "dataPoints": [
      dp(count="1", scale=5, sum="NaN", min="NaN", max="Infinity", zeroThreshold="Infinity", positive={"offset": 0, "bucketCounts": ["1"]}),
      dp(count="2", scale=-10, positive={"offset": 0, "bucketCounts": ["1", "1"]}),
      dp(count="2", scale=0, positive={"offset": 1100, "bucketCounts": ["1", "1"]}, negative={"offset": 1022, "bucketCounts": ["1", "1", "1"]}),
  ]}),
  m("summary.nonfinite", summary={"dataPoints": [
      dp(count="1", sum="NaN", quantileValues=[{"quantile": "NaN", "value": "-Infinity"}]),
  ]}),
]
open("metrics-nonfinite.jsonl", "w").write(line({"resourceMetrics": [{"resource": res(SVC), "scopeMetrics": [{"scope": {"name": "nonfinite"}, "metrics": nonfinite}]}]}) + "\n")

# ---------------------------------------------------------------- metrics-exp-negative-index.jsonl
# exponential histograms with scale <= 0 and negative bucket indexes (offset + k < 0)
negindex = [
  m("exp.scale0.negative.offsets", exponentialHistogram={"aggregationTemporality": 2, "dataPoints": [
      dp(count="4", scale=0, positive={"offset": -3, "bucketCounts": [1, 1]}, negative={"offset": -2, "bucketCounts": [1, 1]}),
      dp(count="2", scale=0, positive={"offset": -1080, "bucketCounts": ["1", "1", "1", "1", "1", "1", "1", "1"]}),
  ]}),
  m("exp.negative.scale.negative.offsets", exponentialHistogram={"aggregationTemporality": 2, "dataPoints": [
      dp(count="5", scale=-1, zeroCount="1", positive={"offset": -3, "bucketCounts": ["1", "1"]}, negative={"offset": -2, "bucketCounts": ["1", "1"]}),
      dp(count="2", scale=-4, positive={"offset": -1, "bucketCounts": ["1", "1"]}),
      dp(count="2", scale=-2, positive={"offset": -300, "bucketCounts": ["1", "1"]}, negative={"offset": -257, "bucketCounts": ["1"]}),
  ]}),
]
open("metrics-exp-negative-index.jsonl", "w").write(line({"resourceMetrics": [{"resource": res(SVC), "scopeMetrics": [{"scope": {"name": "negindex"}, "metrics": negindex}]}]}) + "\n")

# ---------------------------------------------------------------- metrics-rejects.jsonl
goodm = lambda msg: {"resourceMetrics": [{"resource": res(SVC), "scopeMetrics": [{"metrics": [m(msg, gauge={"dataPoints": [dp(asInt="1")]})]}]}]}
badm = lambda metric: {"resourceMetrics": [{"resource": res(SVC), "scopeMetrics": [{"metrics": [m("in.rejected.doc", gauge={"dataPoints": [dp(asInt="1")]}), metric]}]}]}
RM = [goodm("before"),
      badm(m("t", sum={"dataPoints": [dp()], "aggregationTemporality": "2"})),
      badm(m("t", sum={"dataPoints": [dp()], "aggregationTemporality": "AGGREGATION_TEMPORALITY_WEEKLY"})),
      badm(m("t", sum={"dataPoints": [dp()], "isMonotonic": "true"})),
      badm(m("t", gauge={"dataPoints": [dp(flags=-1)]})),
      badm(m("t", gauge={"dataPoints": [dp(flags=4294967296)]})),
      badm(m("t", gauge={"dataPoints": [dp(asInt="1.0")]})),
      badm(m("t", gauge={"dataPoints": [dp(asDouble="abc")]})),
      badm(m("t", gauge={"dataPoints": [dp(timeUnixNano="-5")]})),
      badm(m("t", histogram={"dataPoints": [dp(count="-1")]})),
      badm(m("t", histogram={"dataPoints": [dp(bucketCounts=["1", "x"])]})),
      badm(m("t", histogram={"dataPoints": [dp(explicitBounds=[True])]})),
      goodm("between"),
      badm(m("t", exponentialHistogram={"dataPoints": [dp(scale="x")]})),
      badm(m("t", exponentialHistogram={"dataPoints": [dp(scale=2147483648)]})),
      badm(m("t", exponentialHistogram={"dataPoints": [dp(positive={"offset": -2147483649, "bucketCounts": []})]})),
      badm(m("t", summary={"dataPoints": [dp(quantileValues=[{"quantile": "x"}])]})),
      badm(m("t", gauge={"dataPoints": [dp(attributes=[kv("k", {"intValue": "9223372036854775808"})])]})),
      badm(m(5, gauge={"dataPoints": [dp()]})),
      goodm("after")]
open("metrics-rejects.jsonl", "w").write("".join(line(o) + "\n" for o in RM))

# ---------------------------------------------------------------- logs-body-depth.jsonl
# AnyValue nesting limit (otelflat(1): deeper than 200 levels rejects the document) for bodies
def nest(n, kv_list=False):
    v = S("leaf")
    for i in range(n - 1):
        v = {"kvlistValue": {"values": [kv("k", v)]}} if (kv_list and i % 2) else {"arrayValue": {"values": [v]}}
    return v
BD = [{"resourceLogs": [{"resource": res(SVC), "scopeLogs": [{"logRecords": [{"timeUnixNano": str(T), "body": nest(200)}]}]}]},
      {"resourceLogs": [{"resource": res(SVC), "scopeLogs": [{"logRecords": [{"timeUnixNano": str(T), "body": nest(201)}]}]}]},
      {"resourceLogs": [{"resource": res(SVC), "scopeLogs": [{"logRecords": [{"timeUnixNano": str(T), "body": nest(200, True)}]}]}]},
      {"resourceLogs": [{"resource": res(SVC), "scopeLogs": [{"logRecords": [{"timeUnixNano": str(T), "body": nest(201, True)}]}]}]}]
open("logs-body-depth.jsonl", "w").write("".join(line(o) + "\n" for o in BD))

# ---------------------------------------------------------------- logs-metrics-invalid-utf8.jsonl
# invalid UTF-8 bytes and lone surrogate escapes in bodies, keys, values, names: each bad
# byte (or escape) becomes U+FFFD, also inside the fingerprints
BAD = "\udcff"  # placeholder, written as the raw byte 0xFF below
u = [{"resourceLogs": [{"resource": res(kv("service.name", S("svc" + BAD)), kv("k" + BAD, S("v"))), "scopeLogs": [{"scope": {"name": "scope" + BAD}, "logRecords": [
        {"timeUnixNano": str(T), "severityText": "INFO" + BAD, "eventName": "ev" + BAD, "body": S("body " + BAD + " and \ud800 lone surrogate"),
         "attributes": [kv("a" + BAD, S("x" + BAD)), kv("arr", {"arrayValue": {"values": [S(BAD + "\udfff")]}})]}]}]}]},
     {"resourceMetrics": [{"resource": res(kv("service.name", S("svc" + BAD))), "scopeMetrics": [{"scope": {"name": "s" + BAD}, "metrics": [
        m("metric" + BAD, unit="u" + BAD, description="d" + BAD, gauge={"dataPoints": [dp(asInt="1", attributes=[kv("k" + BAD, S("v" + BAD))])]})]}]}]}]
raw = "".join(json.dumps(o, ensure_ascii=True, separators=(",", ":")) + "\n" for o in u)
raw = raw.replace("\\udcff", "\x00BAD\x00")
data = raw.encode("utf-8").replace(b"\x00BAD\x00", b"\xff")
open("logs-metrics-invalid-utf8.jsonl", "wb").write(data)

# ---------------------------------------------------------------- mixed-signals.json (one pretty document, three signals)
mixed = {
  "resourceMetrics": [{"resource": res(SVC), "scopeMetrics": [{"metrics": [m("mixed.gauge", gauge={"dataPoints": [dp(asInt="1")]})]}]}],
  "resourceSpans": [{"resource": res(SVC), "scopeSpans": [{"spans": [{"traceId": TID, "spanId": SID, "name": "mixed span", "startTimeUnixNano": str(T), "endTimeUnixNano": str(T + 1500000)}]}]}],
  "resourceLogs": [{"resource": res(SVC), "scopeLogs": [{"logRecords": [{"timeUnixNano": str(T), "body": S("mixed log")}]}]}],
}
open("mixed-signals.json", "w").write(json.dumps(mixed, indent=2) + "\n" + line({"resourceLogs": [{"resource": res(SVC), "scopeLogs": [{"logRecords": [{"body": S("second document: logs only")}]}]}]}) + "\n")

# ---------------------------------------------------------------- routing-first-rows.jsonl
FR = [{"resourceLogs": []},
      {"resourceSpans": [{"scopeSpans": [{"spans": []}]}]},
      {"resourceMetrics": [{"resource": res(SVC), "scopeMetrics": [{"metrics": [m("first.rows", gauge={"dataPoints": [dp(asInt="1")]})]}]}]},
      {"resourceLogs": [{"resource": res(SVC), "scopeLogs": [{"logRecords": [{"body": S("after the first rows")}]}]}]},
      {"resourceSpans": [{"resource": res(SVC), "scopeSpans": [{"spans": [{"traceId": TID, "spanId": SID, "name": "late span"}]}]}]}]
open("routing-first-rows.jsonl", "w").write("".join(line(o) + "\n" for o in FR))
