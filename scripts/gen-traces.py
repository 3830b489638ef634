#!/usr/bin/env python3
"""Deterministic OTLP/JSON input generator (traces, logs, metrics) for otelflat tests and benchmarks.

Python 3.11+, standard library only.

Sub-commands:

  realistic   --size-mb N [--seed S] [--snake-case-fraction F] [--summary]
      Writes JSON Lines to stdout: each line one ExportTraceServiceRequest
      ({"resourceSpans":[...]}) with several resources, 1-3 scopes per resource,
      10-200 spans per scope. Stops once at least N MB (N * 1,000,000 bytes) are
      written, so the output may exceed N MB by up to one line (lines are
      ~0.1-1.5 MB). The same arguments always give the same bytes.
      --snake-case-fraction F renders about F of the lines with snake_case keys.
      --summary prints "gen-traces: lines=N spans=N bytes=N" on stderr at the end.

  realistic-logs    --size-mb N [--seed S] [--snake-case-fraction F] [--summary]
  realistic-metrics --size-mb N [--seed S] [--snake-case-fraction F] [--summary]
      Like realistic, for ExportLogsServiceRequests ({"resourceLogs":[...]}: string,
      kvlist, array and absent bodies, severities as numbers or (on ~10% of the lines)
      SEVERITY_NUMBER_* names, trace ids on ~60% of the records, missing or 0
      timeUnixNano on ~5% (observed-time fallback), event names, duplicated attribute
      keys) and ExportMetricsServiceRequests ({"resourceMetrics":[...]}: gauges, sums
      (monotonic or not, delta or cumulative), histograms (with and without min/max),
      exponential histograms (scales -2..8, positive and negative buckets, zero
      buckets), summaries, exemplars, data point flags, resources without
      service.name). On ~15% of the lines 64-bit integers are JSON numbers instead of
      strings, on ~10% enum names replace numbers. --snake-case-fraction defaults to
      0.1 here. --summary prints "gen-traces: lines=N log_records=N bytes=N" or
      "gen-traces: lines=N metrics=N data_points=N bytes=N".

  adversarial --out-dir DIR [--seed S]
      Writes small edge-case files plus DIR/MANIFEST.tsv and DIR/EXPECTED.jsonl
      (formats are described in the header of MANIFEST.tsv and below).

  expect      [--time-format text|ticks] [FILE...]
      Reference model of otelflat's row rules, written from the CLI contract:
      reads well-formed files (whitespace-separated JSON documents) and prints
      the expected rows as JSON lines plus one stats line on stderr. Slow;
      meant for differential tests on small inputs (a few MB).

  selftest
      Checks the reference model against the tables of otlp-json.md section 5.

MANIFEST.tsv: '#' lines are comments; the first non-comment line is the header:
  file  expectation  rows  rejected  skipped  basis  description
  expectation  rows:N    exit 0, documents_rejected=0, rows_written=N
               reject:N  exit 1 (default --max-errors 0), documents_rejected=N;
                         the rows column then gives rows_written of the other documents
               ok        exit 0, documents_rejected=0, row count not checked
               exit:N    exit code N (3 = I/O error); stats not checked
  rows/rejected/skipped  exact values expected in --stats (rows_written,
               documents_rejected, documents_skipped); '-' = not checked
  basis        contract   stated by /tmp/contract.md (the otelflat CLI contract)
               lead       a decision the lead stated outside the contract
               collector  contract is silent; follows the collector (otlp-json.md section 3)
               assumed    contract is silent and the collector gives no clear answer;
                          this is a guess, change it if the lead decides otherwise

EXPECTED.jsonl: one JSON object per line:
  {"file":F,"kind":"row","index":I,"row":{...},"unchecked":[...]}
      I = 0-based row index within the file's output (rows in input order).
      row holds every column: timestamp (text), timestamp_us (ticks), trace_id,
      span_id, parent_span_id, service_name, span_name, duration_ms, status_code,
      attributes (object, keys in output order), fingerprint.
      An attribute value may be {"$md5":HEX,"$bytes":N} for huge values.
      unchecked lists columns ("span_name") or attribute keys ("attributes.k")
      whose exact text is not fixed by the contract.
  {"file":F,"kind":"reject","line":L,"offset":O,"why":TEXT}
      a rejected document starting at 1-based line L, byte offset O.
  {"file":F,"kind":"skip","line":L,"offset":O,"why":TEXT}
"""

import argparse
import base64
import codecs
import datetime
import hashlib
import json
import math
import os
import random
import re
import sys

MB = 1_000_000
T_2026 = 1767225600 * 10**9  # 2026-01-01T00:00:00Z in ns

# ---------------------------------------------------------------------------
# realistic
# ---------------------------------------------------------------------------

SERVICES = [
    # name, language, kind of work
    ("frontend", "nodejs", "http"),
    ("checkout", "go", "http"),
    ("cart", "dotnet", "http"),
    ("payment", "java", "http"),
    ("product-catalog", "go", "http"),
    ("recommendation", "python", "http"),
    ("shipping", "rust", "http"),
    ("currency", "cpp", "rpc"),
    ("email", "ruby", "messaging"),
    ("accounting", "dotnet", "messaging"),
    ("fraud-detection", "java", "messaging"),
    ("ad", "java", "rpc"),
    ("postgres-proxy", "go", "db"),
    ("quote", "php", "http"),
]

SDK_VERSION = {"nodejs": "1.30.1", "go": "1.35.0", "dotnet": "1.12.0", "java": "1.49.0",
               "python": "1.33.1", "rust": "0.29.0", "cpp": "1.21.0", "ruby": "1.7.0",
               "php": "1.3.0"}

ROUTES = ["/api/products", "/api/products/{id}", "/api/cart", "/api/cart/items/{id}",
          "/api/checkout", "/api/orders/{id}", "/api/users/{id}/profile", "/api/recommendations",
          "/api/currency/convert", "/api/shipping/quote", "/health", "/api/search",
          "/api/ads", "/api/payments/{id}/capture", "/api/inventory/{sku}"]
METHODS = ["GET"] * 6 + ["POST"] * 3 + ["PUT", "DELETE", "PATCH"]
DB_STATEMENTS = [
    ("SELECT", "products", "SELECT id, name, price_units FROM products WHERE id = $1"),
    ("SELECT", "orders", "SELECT * FROM orders WHERE user_id = $1 ORDER BY created_at DESC LIMIT 20"),
    ("INSERT", "orders", "INSERT INTO orders (id, user_id, total) VALUES ($1, $2, $3)"),
    ("UPDATE", "inventory", "UPDATE inventory SET qty = qty - $1 WHERE sku = $2 AND qty >= $1"),
    ("SELECT", "users", "SELECT u.id, u.email FROM users u JOIN sessions s ON s.user_id = u.id WHERE s.token = $1"),
    ("DELETE", "cart_items", "DELETE FROM cart_items WHERE cart_id = $1 AND sku = $2"),
]
REDIS_CMDS = ["GET", "SET", "HGETALL", "EXPIRE", "MGET", "INCR"]
RPC_METHODS = [("oteldemo.CurrencyService", "Convert"), ("oteldemo.AdService", "GetAds"),
               ("oteldemo.ProductCatalogService", "ListProducts"),
               ("oteldemo.CartService", "GetCart"), ("grpc.health.v1.Health", "Check")]
TOPICS = ["orders", "payments.captured", "emails.outbound", "fraud.checks"]
INTERNAL_NAMES = ["render_template", "validate_cart", "compute_tax", "serialize_response",
                  "load_config", "resolve_dns", "json.marshal", "cache.lookup", "retry_backoff"]
USER_AGENTS = ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
               "python-requests/2.32.3", "okhttp/4.12.0", "Go-http-client/1.1", "curl/8.11.1"]
EXC_TYPES = [("java.net.SocketTimeoutException", "Read timed out"),
             ("ConnectionResetError", "[Errno 104] Connection reset by peer"),
             ("Npgsql.PostgresException", "40001: could not serialize access due to concurrent update"),
             ("context.DeadlineExceeded", "context deadline exceeded"),
             ("RuntimeError", "payment provider returned \"insufficient_funds\" for card ****4242")]
SCOPES = [("io.opentelemetry.http", "2.11.0"), ("opentelemetry.instrumentation.requests", "0.50b0"),
          ("go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp", "0.58.0"),
          ("@opentelemetry/instrumentation-pg", "0.50.0"), ("io.opentelemetry.grpc-1.6", "2.11.0"),
          ("OpenTelemetry.Instrumentation.AspNetCore", "1.10.1"), ("manual", "")]


def _js(s):
    return json.dumps(s, ensure_ascii=False)


def _kv_s(k, v):
    return '{"key":%s,"value":{"stringValue":%s}}' % (_js(k), _js(v))


def _kv_i(k, v):
    return '{"key":%s,"value":{"intValue":"%d"}}' % (_js(k), v)


def _kv_d(k, v):
    return '{"key":%s,"value":{"doubleValue":%s}}' % (_js(k), repr(float(v)))


def _kv_b(k, v):
    return '{"key":%s,"value":{"boolValue":%s}}' % (_js(k), "true" if v else "false")


def _kv_arr_s(k, vals):
    return '{"key":%s,"value":{"arrayValue":{"values":[%s]}}}' % (
        _js(k), ",".join('{"stringValue":%s}' % _js(v) for v in vals))


def _kv_arr_i(k, vals):
    return '{"key":%s,"value":{"arrayValue":{"values":[%s]}}}' % (
        _js(k), ",".join('{"intValue":"%d"}' % v for v in vals))


def _kv_kvlist(k, pairs):
    inner = []
    for kk, vv in pairs:
        if isinstance(vv, bool):
            inner.append('{"key":%s,"value":{"boolValue":%s}}' % (_js(kk), "true" if vv else "false"))
        elif isinstance(vv, int):
            inner.append('{"key":%s,"value":{"intValue":"%d"}}' % (_js(kk), vv))
        else:
            inner.append('{"key":%s,"value":{"stringValue":%s}}' % (_js(kk), _js(vv)))
    return '{"key":%s,"value":{"kvlistValue":{"values":[%s]}}}' % (_js(k), ",".join(inner))


def _kv_bytes(k, raw):
    return '{"key":%s,"value":{"bytesValue":"%s"}}' % (_js(k), base64.b64encode(raw).decode())


class SpanTemplate:
    """Pre-rendered parts of a span; ids, times and a few values vary per use."""
    __slots__ = ("head", "attrs", "status", "dur_lo", "dur_hi", "events", "error")

    def __init__(self, head, attrs, status, dur_lo, dur_hi, events, error):
        self.head = head          # '"name":...,"kind":N,'
        self.attrs = attrs        # attribute list body (without brackets)
        self.status = status      # '"status":{...}' or ''
        self.dur_lo, self.dur_hi = dur_lo, dur_hi  # log10 ns bounds
        self.events = events      # list of (offset_fraction, rendered-event-without-time)
        self.error = error


def _make_template(rng, svc, lang, work, role):
    """role: 'server' (entry span), 'child' (client/internal/db/messaging)."""
    attrs = []
    events = []
    status_roll = rng.random()
    error = status_roll < 0.05
    if role == "server":
        if work == "messaging":
            topic = rng.choice(TOPICS)
            name = "%s process" % topic
            kind = 5
            attrs += [_kv_s("messaging.system", "kafka"), _kv_s("messaging.destination.name", topic),
                      _kv_s("messaging.operation.type", "process"),
                      _kv_s("messaging.consumer.group.name", svc),
                      _kv_i("messaging.kafka.message.offset", rng.randrange(10**9)),
                      _kv_i("messaging.destination.partition.id", rng.randrange(12))]
            dur = (5.5, 9.0)
        elif work == "rpc":
            s, m = rng.choice(RPC_METHODS)
            name = "%s/%s" % (s, m)
            kind = 2
            attrs += [_kv_s("rpc.system", "grpc"), _kv_s("rpc.service", s), _kv_s("rpc.method", m),
                      _kv_i("rpc.grpc.status_code", 2 if error else 0),
                      _kv_s("network.peer.address", "10.%d.%d.%d" % (rng.randrange(256), rng.randrange(256), rng.randrange(256))),
                      _kv_i("network.peer.port", rng.randrange(30000, 60000))]
            dur = (5.5, 8.5)
        else:
            method = rng.choice(METHODS)
            route = rng.choice(ROUTES)
            name = "%s %s" % (method, route)
            kind = 2
            code = 500 if error else rng.choice([200] * 12 + [201, 204, 304, 400, 404])
            target = route.replace("{id}", str(rng.randrange(1, 99999))).replace("{sku}", "SKU-%05d" % rng.randrange(99999))
            attrs += [_kv_s("http.request.method", method), _kv_s("http.route", route),
                      _kv_s("url.path", target), _kv_s("url.scheme", "https"),
                      _kv_i("http.response.status_code", code),
                      _kv_s("server.address", "%s.shop.internal" % svc), _kv_i("server.port", 8080),
                      _kv_s("network.protocol.version", rng.choice(["1.1", "2"])),
                      _kv_s("user_agent.original", rng.choice(USER_AGENTS)),
                      _kv_s("client.address", "192.168.%d.%d" % (rng.randrange(256), rng.randrange(256))),
                      _kv_i("http.request.body.size", rng.randrange(0, 20000))]
            if rng.random() < 0.3:
                attrs.append(_kv_arr_s("http.request.header.accept", rng.choice(
                    [["application/json"], ["text/html", "application/xhtml+xml", "*/*"], ["*/*"]])))
            dur = (6.0, 9.6)
    else:
        r = rng.random()
        if work == "db" or r < 0.3:
            op, table, stmt = rng.choice(DB_STATEMENTS)
            name = "%s %s.%s" % (op, "shop", table)
            kind = 3
            attrs += [_kv_s("db.system", "postgresql"), _kv_s("db.namespace", "shop"),
                      _kv_s("db.operation.name", op), _kv_s("db.collection.name", table),
                      _kv_s("db.query.text", stmt), _kv_s("server.address", "pg-primary.shop.internal"),
                      _kv_i("server.port", 5432), _kv_i("db.response.returned_rows", rng.randrange(0, 500))]
            dur = (5.0, 8.8)
        elif r < 0.45:
            cmd = rng.choice(REDIS_CMDS)
            name = cmd
            kind = 3
            attrs += [_kv_s("db.system", "redis"), _kv_s("db.operation.name", cmd),
                      _kv_s("db.query.text", "%s cart:%d" % (cmd, rng.randrange(10**6))),
                      _kv_s("server.address", "redis.shop.internal"), _kv_i("server.port", 6379),
                      _kv_i("db.redis.database_index", rng.randrange(4))]
            dur = (4.5, 7.0)
        elif r < 0.7:
            method = rng.choice(METHODS)
            route = rng.choice(ROUTES)
            peer = rng.choice(SERVICES)[0]
            name = method
            kind = 3
            attrs += [_kv_s("http.request.method", method),
                      _kv_s("url.full", "http://%s:8080%s" % (peer, route.replace("{id}", str(rng.randrange(1, 9999))).replace("{sku}", "SKU-%05d" % rng.randrange(99999)))),
                      _kv_i("http.response.status_code", 503 if error else 200),
                      _kv_s("server.address", peer), _kv_i("server.port", 8080),
                      _kv_i("http.request.resend_count", rng.choice([0] * 9 + [1, 2]))]
            dur = (5.7, 9.3)
        elif r < 0.8:
            topic = rng.choice(TOPICS)
            name = "%s publish" % topic
            kind = 4
            attrs += [_kv_s("messaging.system", "kafka"), _kv_s("messaging.destination.name", topic),
                      _kv_s("messaging.operation.type", "publish"),
                      _kv_s("messaging.message.id", "%032x" % rng.getrandbits(128)),
                      _kv_i("messaging.message.body.size", rng.randrange(100, 40000))]
            dur = (5.0, 7.5)
        else:
            name = rng.choice(INTERNAL_NAMES)
            kind = 1
            attrs += [_kv_s("code.function.name", "%s.%s" % (svc.replace("-", "_"), name)),
                      _kv_s("code.file.path", "/app/src/%s/%s.%s" % (svc, name, {"go": "go", "java": "java", "python": "py"}.get(lang, "src"))),
                      _kv_i("code.line.number", rng.randrange(1, 2000))]
            dur = (4.0, 7.5)
    # mixed-type extras so each span has ~10 attributes of several types
    extras = [
        lambda: _kv_i("thread.id", rng.randrange(1, 400)),
        lambda: _kv_s("thread.name", rng.choice(["main", "http-nio-8080-exec-3", "worker-7", "tokio-runtime-worker"])),
        lambda: _kv_d("app.sampling.ratio", rng.choice([1.0, 0.5, 0.25, 0.1, 0.01])),
        lambda: _kv_d("app.cart.total", round(rng.uniform(0, 900), 2)),
        lambda: _kv_b("app.cache.hit", rng.random() < 0.7),
        lambda: _kv_b("app.feature.new_checkout", rng.random() < 0.2),
        lambda: _kv_s("app.user.id", "u-%08x" % rng.getrandbits(32)),
        lambda: _kv_i("app.items.count", rng.randrange(0, 40)),
        lambda: _kv_s("enduser.pseudo.id", "%016x" % rng.getrandbits(64)),
        lambda: _kv_d("app.latency.budget_ms", rng.choice([50.0, 250.0, 1000.0, 2500.5])),
        lambda: _kv_arr_i("app.product.ids", [rng.randrange(1, 5000) for _ in range(rng.randrange(1, 6))]),
        lambda: _kv_arr_s("app.tags", rng.sample(["beta", "eu", "mobile", "vip", "canary", "ab:B"], rng.randrange(1, 4))),
        lambda: _kv_kvlist("app.request.context", [("region", rng.choice(["eu-west-1", "us-east-2"])),
                                                   ("tenant", "t%03d" % rng.randrange(200)),
                                                   ("retries", rng.randrange(3)), ("synthetic", rng.random() < 0.1)]),
        lambda: _kv_bytes("app.payload.digest", bytes(rng.getrandbits(8) for _ in range(16))),
    ]
    weights = [8, 4, 6, 4, 6, 3, 5, 5, 3, 3, 2, 2, 1, 1]
    n_extra = max(0, 10 - len(attrs)) + rng.randrange(0, 3)
    picked = []
    while len(picked) < min(n_extra, len(extras)):  # distinct keys, as SDKs deduplicate
        i = rng.choices(range(len(extras)), weights)[0]
        if i not in picked:
            picked.append(i)
    for i in picked:
        attrs.append(extras[i]())
    if error:
        status = '"status":{"code":2,"message":%s}' % _js(rng.choice(
            ["upstream timeout", "Internal Server Error", "deadline exceeded", "connection refused"]))
        et, em = rng.choice(EXC_TYPES)
        stack = "%s: %s\n\tat %s.handler(%s:%d)\n\tat runtime.main(main:1)" % (et, em, svc, svc, rng.randrange(1, 900))
        ev = '"name":"exception","attributes":[%s,%s,%s,%s]' % (
            _kv_s("exception.type", et), _kv_s("exception.message", em),
            _kv_s("exception.stacktrace", stack), _kv_b("exception.escaped", False))
        events.append((0.97, ev))
    elif status_roll < 0.15:
        status = '"status":{"code":1}'
    elif status_roll < 0.55:
        status = '"status":{}'
    else:
        status = ''
    if rng.random() < 0.12:
        for i in range(rng.randrange(1, 4)):
            ev = '"name":%s,"attributes":[%s,%s]' % (
                _js(rng.choice(["message", "cache.miss", "retry", "acquired lock", "Processing order"])),
                _kv_s("message.type", rng.choice(["SENT", "RECEIVED"])), _kv_i("message.id", i + 1))
            events.append((0.1 + 0.2 * i, ev))
    head = '"name":%s,"kind":%d,' % (_js(name), kind)
    return SpanTemplate(head, ",".join(attrs), status, dur[0], dur[1], events, error)


def _resource_attrs(rng, svc, lang):
    ns = rng.choice(["shop-prod", "shop-staging", "shop-eu"])
    pod = "%s-%08x-%05x" % (svc, rng.getrandbits(32), rng.getrandbits(20))
    attrs = [_kv_s("service.name", svc), _kv_s("service.version", "1.%d.%d" % (rng.randrange(20), rng.randrange(10))),
             _kv_s("service.namespace", "opentelemetry-demo"),
             _kv_s("deployment.environment.name", ns.split("-")[1]),
             _kv_s("host.name", "ip-10-0-%d-%d.eu-west-1.compute.internal" % (rng.randrange(256), rng.randrange(256))),
             _kv_s("k8s.namespace.name", ns), _kv_s("k8s.pod.name", pod),
             _kv_s("k8s.node.name", "node-%d" % rng.randrange(1, 40)),
             _kv_s("telemetry.sdk.language", lang), _kv_s("telemetry.sdk.name", "opentelemetry"),
             _kv_s("telemetry.sdk.version", SDK_VERSION[lang]),
             _kv_i("process.pid", rng.randrange(1, 65535))]
    if rng.random() < 0.3:
        attrs.append(_kv_arr_s("process.command_args", ["/app/%s" % svc, "--port", "8080"]))
    return ",".join(attrs)


SNAKE_KEYS = [("resourceSpans", "resource_spans"), ("scopeSpans", "scope_spans"),
              ("schemaUrl", "schema_url"), ("traceId", "trace_id"), ("spanId", "span_id"),
              ("parentSpanId", "parent_span_id"), ("traceState", "trace_state"),
              ("startTimeUnixNano", "start_time_unix_nano"), ("endTimeUnixNano", "end_time_unix_nano"),
              ("timeUnixNano", "time_unix_nano"), ("stringValue", "string_value"),
              ("intValue", "int_value"), ("doubleValue", "double_value"), ("boolValue", "bool_value"),
              ("arrayValue", "array_value"), ("kvlistValue", "kvlist_value"), ("bytesValue", "bytes_value"),
              ("droppedAttributesCount", "dropped_attributes_count")]


def _to_snake(line):
    for camel, snake in SNAKE_KEYS:
        line = line.replace('"%s":' % camel, '"%s":' % snake)
    return line


def realistic(args):
    rng = random.Random(args.seed)
    target = int(args.size_mb * MB)
    # template pools: per service, some entry-span templates and many child templates
    pools = []
    for svc, lang, work in SERVICES:
        servers = [_make_template(rng, svc, lang, work, "server") for _ in range(40)]
        children = [_make_template(rng, svc, lang, work, "child") for _ in range(160)]
        res = [_resource_attrs(rng, svc, lang) for _ in range(6)]
        pools.append((svc, servers, children, res))
    # log-uniform duration table (ns) in [10us, 5s]
    lo, hi = math.log10(10_000), math.log10(5 * 10**9)
    out = sys.stdout.buffer
    written = 0
    lines = 0
    nspans = 0
    now = T_2026 + rng.randrange(0, 3600 * 10**9)
    getrandbits = rng.getrandbits
    rand = rng.random
    randrange = rng.randrange
    choice = rng.choice
    while written < target:
        parts = []
        for _r in range(randrange(2, 6)):
            svc, servers, children, res = choice(pools)
            scopes = []
            for _s in range(randrange(1, 4)):
                sname, sver = choice(SCOPES)
                spans = []
                n = randrange(10, 201)
                while len(spans) < n:
                    # one trace fragment: a server root plus children
                    tid = "%032x" % getrandbits(128)
                    trace_len = min(n - len(spans), randrange(1, 25))
                    root_start = now + randrange(0, 10**9)
                    stack = []  # (span_id, start, end)
                    for k in range(trace_len):
                        tmpl = choice(servers) if k == 0 else choice(children)
                        sid = "%016x" % getrandbits(64)
                        d = int(10 ** (tmpl.dur_lo + (tmpl.dur_hi - tmpl.dur_lo) * rand()))
                        d = max(10_000, min(d, 5 * 10**9))
                        if k == 0:
                            if rand() < 0.7:
                                parent = ''  # true root: no parentSpanId key
                            else:  # entry span of a remote parent
                                parent = '"parentSpanId":"%016x",' % getrandbits(64)
                            start = root_start
                            end = start + d
                        else:
                            p = stack[randrange(len(stack))]
                            parent = '"parentSpanId":"%s",' % p[0]
                            pdur = p[2] - p[1]
                            d = min(d, pdur)  # children fit inside their parent
                            start = p[1] + randrange(pdur - d + 1)
                            end = start + d
                        stack.append((sid, start, end))
                        ev = ''
                        if tmpl.events:
                            dur = end - start
                            ev = '"events":[%s],' % ",".join(
                                '{"timeUnixNano":"%d",%s}' % (start + int(dur * f), body) for f, body in tmpl.events)
                        links = ''
                        if rand() < 0.03:
                            links = '"links":[{"traceId":"%032x","spanId":"%016x","attributes":[%s]}],' % (
                                getrandbits(128), getrandbits(64), _kv_s("link.kind", "follows_from"))
                        flags = '"flags":257,' if rand() < 0.5 else ''
                        spans.append(
                            '{"traceId":"%s","spanId":"%s",%s%s%s"startTimeUnixNano":"%d","endTimeUnixNano":"%d",'
                            '"attributes":[%s,%s],%s%s"droppedAttributesCount":0%s%s}'
                            % (tid, sid, parent, flags, tmpl.head, start, end, tmpl.attrs,
                               _kv_i("app.request.seq", randrange(10**6)), ev, links,
                               "," if tmpl.status else "", tmpl.status))
                nspans += len(spans)
                scope_attrs = ''
                if rand() < 0.2:
                    scope_attrs = ',"attributes":[%s]' % _kv_s("otel.scope.kind", "auto")
                scopes.append('{"scope":{"name":%s%s%s},"spans":[%s],"schemaUrl":"https://opentelemetry.io/schemas/1.28.0"}'
                              % (_js(sname), ',"version":%s' % _js(sver) if sver else '', scope_attrs,
                                 ",".join(spans)))
            parts.append('{"resource":{"attributes":[%s]},"scopeSpans":[%s],"schemaUrl":"https://opentelemetry.io/schemas/1.28.0"}'
                         % (choice(res), ",".join(scopes)))
        line = '{"resourceSpans":[%s]}\n' % ",".join(parts)
        if args.snake_case_fraction > 0 and rand() < args.snake_case_fraction:
            line = _to_snake(line)
        data = line.encode("utf-8")
        out.write(data)
        written += len(data)
        lines += 1
        now += randrange(10**9, 10 * 10**9)
    out.flush()
    if args.summary:
        print("gen-traces: lines=%d spans=%d bytes=%d" % (lines, nspans, written), file=sys.stderr)


# ---------------------------------------------------------------------------
# realistic-logs / realistic-metrics
# ---------------------------------------------------------------------------

SNAKE_KEYS_LM = SNAKE_KEYS + [
    ("resourceLogs", "resource_logs"), ("scopeLogs", "scope_logs"), ("logRecords", "log_records"),
    ("observedTimeUnixNano", "observed_time_unix_nano"), ("severityNumber", "severity_number"),
    ("severityText", "severity_text"), ("eventName", "event_name"),
    ("resourceMetrics", "resource_metrics"), ("scopeMetrics", "scope_metrics"),
    ("dataPoints", "data_points"), ("asDouble", "as_double"), ("asInt", "as_int"),
    ("aggregationTemporality", "aggregation_temporality"), ("isMonotonic", "is_monotonic"),
    ("bucketCounts", "bucket_counts"), ("explicitBounds", "explicit_bounds"),
    ("zeroCount", "zero_count"), ("zeroThreshold", "zero_threshold"),
    ("quantileValues", "quantile_values"), ("exponentialHistogram", "exponential_histogram"),
    ("filteredAttributes", "filtered_attributes"),
]


def _to_snake_lm(line):
    for camel, snake in SNAKE_KEYS_LM:
        line = line.replace('"%s":' % camel, '"%s":' % snake)
    return line


def _u64_text(v, as_number):
    """A 64-bit integer field value: decimal string (spec) or JSON number (lenient readers)."""
    return str(v) if as_number else '"%d"' % v


LOG_SCOPES = {
    "java": ["com.shop.%s.OrderService", "org.springframework.web.servlet.DispatcherServlet",
             "io.opentelemetry.javaagent.logback-appender-1.0"],
    "go": ["github.com/shop/%s/internal/server", "go.opentelemetry.io/contrib/bridges/otelslog"],
    "python": ["opentelemetry.sdk._logs._internal", "%s.views", "gunicorn.error"],
    "nodejs": ["@opentelemetry/winston-transport", "%s-logger"],
    "dotnet": ["Microsoft.AspNetCore.Hosting.Diagnostics", "%s.Services.CartService"],
    "rust": ["%s::handlers", "tracing-opentelemetry"],
    "cpp": ["%s"], "ruby": ["%s", "Rails"], "php": ["%s", "monolog"],
}

# (severityNumber, severityText as SDKs write it)
SEVERITIES = [(9, "INFO")] * 30 + [(9, "Information"), (9, "info"), (5, "DEBUG"), (5, "Debug"),
                                   (1, "TRACE"), (13, "WARN"), (13, "Warning"), (13, "warning"),
                                   (17, "ERROR"), (17, "Error"), (18, "ERROR2"), (21, "FATAL"),
                                   (10, "INFO2"), (0, "")] + [(5, "DEBUG")] * 6 + [(13, "WARN")] * 4 + [(17, "ERROR")] * 3
SEVERITY_NAME = {0: "SEVERITY_NUMBER_UNSPECIFIED"}
for _i, _n in enumerate(["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"]):
    for _j in range(4):
        SEVERITY_NAME[1 + 4 * _i + _j] = "SEVERITY_NUMBER_%s%s" % (_n, "" if _j == 0 else str(_j + 1))

LOG_MESSAGES = [
    "Order {id} placed by user u-{hex8} total={money} EUR",
    "GET /api/products/{id} 200 {ms}ms",
    "POST /api/checkout {code} in {ms} ms",
    "cache miss for key cart:{id}, loading from postgres",
    "Retrying request to payment-provider (attempt {n}/3) after {ms}ms",
    "Connection pool exhausted: {n} active, {n} idle, waited {ms}ms",
    "User u-{hex8} logged in from 192.168.{n}.{n}",
    "Failed to charge card ****{n4}: insufficient_funds",
    "Slow query ({ms} ms): SELECT * FROM orders WHERE user_id = $1",
    "Published message {hex16} to topic orders (partition {n})",
    "Scheduled job cleanup-sessions finished, removed {n} rows",
    "héllo wörld — unicode ✓ {id} 日本語 ログ",
    "multi-line message\nwith a second line\tand a tab, id={id}",
    "quoted \"value\" and backslash \\ in {id}",
    "Health check OK",
    "Received SIGTERM, shutting down gracefully",
    "Exception in thread \"main\" java.lang.IllegalStateException: order {id} already shipped\n\tat com.shop.OrderService.ship(OrderService.java:{n})",
]
EVENT_NAMES = ["browser.page_view", "session.start", "session.end", "device.app.lifecycle", "feature_flag.evaluation"]


def _fill(rng, tmpl):
    return (tmpl.replace("{id}", str(rng.randrange(1, 10**6))).replace("{hex8}", "%08x" % rng.getrandbits(32))
            .replace("{hex16}", "%016x" % rng.getrandbits(64))
            .replace("{money}", "%.2f" % rng.uniform(1, 900)).replace("{ms}", str(rng.randrange(1, 5000)))
            .replace("{code}", str(rng.choice([200, 201, 400, 402, 500]))).replace("{n4}", "%04d" % rng.randrange(10000))
            .replace("{n}", str(rng.randrange(1, 64))))


class LogTemplate:
    __slots__ = ("sev", "body", "attrs", "error", "event")

    def __init__(self, sev, body, attrs, error, event):
        self.sev, self.body, self.attrs, self.error, self.event = sev, body, attrs, error, event


def _make_log_template(rng, svc, lang):
    sev = rng.choice(SEVERITIES)
    error = sev[0] >= 17
    attrs = []
    event = None
    r = rng.random()
    if r < 0.7:
        body = '{"stringValue":%s}' % _js(_fill(rng, rng.choice(LOG_MESSAGES)))
    elif r < 0.92:
        # structured log: kvlist body (nested, mixed types, unsorted keys, sometimes a duplicate)
        inner = [_kv_s("msg", _fill(rng, rng.choice(LOG_MESSAGES))), _kv_i("status", rng.choice([200, 404, 500])),
                 _kv_d("latency_ms", round(rng.uniform(0.1, 900), 3)), _kv_b("cached", rng.random() < 0.5),
                 _kv_kvlist("user", [("id", "u-%08x" % rng.getrandbits(32)), ("tier", rng.choice(["free", "pro"]))]),
                 _kv_arr_s("tags", rng.sample(["a", "b", "c", "<x>", "&y"], rng.randrange(0, 4)))]
        rng.shuffle(inner)
        if rng.random() < 0.1:
            inner.append(_kv_s("msg", "duplicate key: last wins"))
        body = '{"kvlistValue":{"values":[%s]}}' % ",".join(inner)
    elif r < 0.97:
        body = '{"arrayValue":{"values":[{"stringValue":"a"},{"intValue":"%d"},{"doubleValue":%r},{"boolValue":true}]}}' % (
            rng.randrange(1000), rng.uniform(0, 1))
    elif r < 0.99:
        body = ''  # no body
    else:
        body = '{"intValue":"%d"}' % rng.randrange(-10**12, 10**12)
    attrs += [_kv_s("code.function.name", "%s.%s" % (svc.replace("-", "_"), rng.choice(INTERNAL_NAMES))),
              _kv_i("thread.id", rng.randrange(1, 400))]
    if rng.random() < 0.5:
        attrs.append(_kv_s("thread.name", rng.choice(["main", "http-nio-8080-exec-3", "worker-7"])))
    if rng.random() < 0.4:
        attrs += [_kv_s("http.request.method", rng.choice(METHODS)), _kv_s("http.route", rng.choice(ROUTES)),
                  _kv_i("http.response.status_code", rng.choice([200, 200, 201, 404, 500]))]
    if rng.random() < 0.2:
        attrs.append(_kv_d("app.duration_s", rng.choice([0.001, 1e-7, 12.5, 3.0, 1e21, -0.0])))
    if rng.random() < 0.1:
        attrs.append(_kv_bytes("app.digest", bytes(rng.getrandbits(8) for _ in range(8))))
    if error:
        et, em = rng.choice(EXC_TYPES)
        attrs += [_kv_s("exception.type", et), _kv_s("exception.message", em),
                  _kv_s("exception.stacktrace", "%s: %s\n\tat %s.main(main:%d)" % (et, em, svc, rng.randrange(900)))]
    if rng.random() < 0.03:
        attrs.append(_kv_s("thread.id", "duplicate key, last wins"))
    if rng.random() < 0.03:
        event = rng.choice(EVENT_NAMES)
    rng.shuffle(attrs)
    return LogTemplate(sev, body, ",".join(attrs), error, event)


def realistic_logs(args):
    rng = random.Random(args.seed)
    target = int(args.size_mb * MB)
    pools = []
    for svc, lang, _work in SERVICES:
        tmpls = [_make_log_template(rng, svc, lang) for _ in range(150)]
        res = [_resource_attrs(rng, svc, lang) for _ in range(4)]
        scopes = [s % svc if "%s" in s else s for s in LOG_SCOPES[lang]]
        pools.append((svc, tmpls, res, scopes))
    out = sys.stdout.buffer
    written = lines = nrec = 0
    now = T_2026 + rng.randrange(0, 3600 * 10**9)
    rand, randrange, choice, getrandbits = rng.random, rng.randrange, rng.choice, rng.getrandbits
    while written < target:
        names = rand() < 0.1       # severityNumber as SEVERITY_NUMBER_* names on this line
        numbers = rand() < 0.15    # 64-bit integers as JSON numbers on this line
        parts = []
        for _r in range(randrange(1, 5)):
            svc, tmpls, res, scopes = choice(pools)
            scope_parts = []
            for _s in range(randrange(1, 4)):
                recs = []
                for _k in range(randrange(5, 120)):
                    t = choice(tmpls)
                    ts = now + randrange(0, 10**9)
                    obs = ts + randrange(0, 5 * 10**8)
                    f = []
                    roll = rand()
                    if roll < 0.03:
                        pass  # no timeUnixNano: timestamp falls back to the observed time
                    elif roll < 0.05:
                        f.append('"timeUnixNano":%s' % ('0' if numbers else '"0"'))
                    else:
                        f.append('"timeUnixNano":%s' % _u64_text(ts, numbers))
                    f.append('"observedTimeUnixNano":%s' % _u64_text(obs, numbers))
                    num, text = t.sev
                    if num:
                        f.append('"severityNumber":%s' % ('"%s"' % SEVERITY_NAME[num] if names else num))
                    if text:
                        f.append('"severityText":%s' % _js(text))
                    if t.body:
                        f.append('"body":' + t.body)
                    f.append('"attributes":[%s,%s]' % (t.attrs, _kv_i("app.seq", randrange(10**6))))
                    if rand() < 0.1:
                        f.append('"droppedAttributesCount":0')
                    if rand() < 0.6:
                        tid = "%032x" % getrandbits(128)
                        f.append('"traceId":"%s","spanId":"%016x","flags":1' % (
                            tid.upper() if rand() < 0.05 else tid, getrandbits(64)))
                    elif rand() < 0.05:
                        f.append('"traceId":"","spanId":""')
                    if t.event:
                        f.append('"eventName":%s' % _js(t.event))
                    recs.append("{" + ",".join(f) + "}")
                nrec += len(recs)
                sname = choice(scopes)
                scope = '"scope":{"name":%s}' % _js(sname) if rand() < 0.95 else '"scope":{}'
                scope_parts.append('{%s,"logRecords":[%s]}' % (scope, ",".join(recs)))
            parts.append('{"resource":{"attributes":[%s]},"scopeLogs":[%s],"schemaUrl":"https://opentelemetry.io/schemas/1.28.0"}'
                         % (choice(res), ",".join(scope_parts)))
        line = '{"resourceLogs":[%s]}\n' % ",".join(parts)
        if rand() < args.snake_case_fraction:
            line = _to_snake_lm(line)
        data = line.encode("utf-8")
        out.write(data)
        written += len(data)
        lines += 1
        now += randrange(10**9, 10 * 10**9)
    out.flush()
    if args.summary:
        print("gen-traces: lines=%d log_records=%d bytes=%d" % (lines, nrec, written), file=sys.stderr)


METRIC_SCOPES = [("io.opentelemetry.runtime-telemetry-java17", "2.11.0-alpha"),
                 ("go.opentelemetry.io/contrib/instrumentation/runtime", "0.58.0"),
                 ("io.opentelemetry.http", "2.11.0"),
                 ("@opentelemetry/instrumentation-http", "0.57.0"),
                 ("opentelemetry.instrumentation.flask", "0.50b0"),
                 ("otelcol/hostmetricsreceiver/cpu", "0.116.0"), ("manual", "")]
HTTP_BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10]
MS_BOUNDS = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000]
TEMPORALITY_NAME = {1: "AGGREGATION_TEMPORALITY_DELTA", 2: "AGGREGATION_TEMPORALITY_CUMULATIVE"}


def _dbl(x):
    return repr(float(x))


class MetricGen:
    """Renders one line's metrics; per-line switches for lenient encodings."""

    def __init__(self, rng):
        self.rng = rng
        self.numbers = False
        self.names = False
        self.points = 0

    def u(self, v):
        return _u64_text(v, self.numbers)

    def temporality(self, t):
        if self.names:
            return '"%s"' % TEMPORALITY_NAME[t]
        return str(t)

    def attrs_variants(self, kind):
        rng = self.rng
        if kind == "http":
            combos = []  # distinct attribute sets, in a deterministic order
            for _ in range(rng.randrange(1, 6)):
                t = (rng.choice(METHODS), rng.choice(ROUTES), rng.choice([200, 200, 404, 500]))
                if t not in combos:
                    combos.append(t)
            return [[_kv_s("http.request.method", m), _kv_s("http.route", r), _kv_i("http.response.status_code", c)]
                    for m, r, c in combos]
        if kind == "cpu":
            return [[_kv_s("cpu", "cpu%d" % c), _kv_s("state", s)]
                    for c in range(rng.randrange(1, 3)) for s in ("user", "system", "idle", "wait")]
        if kind == "mem":
            return [[_kv_s("jvm.memory.type", "heap"), _kv_s("jvm.memory.pool.name", p)]
                    for p in rng.sample(["G1 Eden Space", "G1 Old Gen", "G1 Survivor Space"], rng.randrange(1, 4))]
        if kind == "none":
            return [[]]
        return [[_kv_s("db.system", "postgresql"), _kv_s("pool.name", "pool-%d" % i)] for i in range(rng.randrange(1, 3))]

    def exemplar(self, ts):
        rng = self.rng
        return '{"filteredAttributes":[%s],"timeUnixNano":%s,"asDouble":%s,"spanId":"%016x","traceId":"%032x"}' % (
            _kv_s("http.route", rng.choice(ROUTES)), self.u(ts - rng.randrange(10**9)),
            _dbl(round(rng.uniform(0, 3), 4)), rng.getrandbits(64), rng.getrandbits(128))

    def point(self, attrs, start, ts, body):
        self.points += 1
        flags = ',"flags":1' if self.rng.random() < 0.01 else ''
        return '{"attributes":[%s],"startTimeUnixNano":%s,"timeUnixNano":%s%s%s}' % (
            ",".join(attrs), self.u(start), self.u(ts), body, flags)

    def metric(self, start, ts):
        rng = self.rng
        r = rng.random()
        pts = []
        if r < 0.22:  # gauge
            name, unit, desc, kind, is_int = rng.choice([
                ("jvm.memory.used", "By", "Measure of memory used.", "mem", True),
                ("system.cpu.utilization", "1", "Difference in system.cpu.time since the last measurement", "cpu", False),
                ("queue.size", "{item}", "", "none", True),
                ("process.runtime.go.goroutines", "{goroutine}", "Number of goroutines", "none", True),
                ("temperature.celsius", "Cel", "Sensor temperature", "none", False)])
            for a in self.attrs_variants(kind):
                if is_int:
                    v = rng.randrange(0, 2**40)
                    body = ',"asInt":%s' % (str(v) if self.numbers else '"%d"' % v)
                else:
                    body = ',"asDouble":%s' % _dbl(round(rng.uniform(-20, 100), rng.choice([1, 3, 6])))
                pts.append(self.point(a, 0 if rng.random() < 0.5 else start, ts, body))
            data = '"gauge":{"dataPoints":[%s]}' % ",".join(pts)
        elif r < 0.5:  # sum
            name, unit, desc, kind, is_int, mono = rng.choice([
                ("http.server.request.count", "{request}", "Number of requests", "http", True, True),
                ("system.cpu.time", "s", "Total seconds each logical CPU spent on each mode.", "cpu", False, True),
                ("db.client.connections.usage", "{connection}", "The number of connections", "db", True, False),
                ("app.orders.placed", "{order}", "", "none", True, True),
                ("app.balance.change", "EUR", "Net balance change", "none", False, False)])
            temp = 2 if rng.random() < 0.8 else 1
            for a in self.attrs_variants(kind):
                if is_int:
                    v = rng.randrange(-1000 if not mono else 0, 10**9)
                    body = ',"asInt":%s' % (str(v) if self.numbers else '"%d"' % v)
                else:
                    body = ',"asDouble":%s' % _dbl(round(rng.uniform(-50 if not mono else 0, 10**6), 3))
                if rng.random() < 0.05:
                    body += ',"exemplars":[%s]' % self.exemplar(ts)
                pts.append(self.point(a, start, ts, body))
            data = '"sum":{"dataPoints":[%s],"aggregationTemporality":%s%s}' % (
                ",".join(pts), self.temporality(temp), ',"isMonotonic":true' if mono else (',"isMonotonic":false' if rng.random() < 0.5 else ''))
        elif r < 0.72:  # histogram
            name, unit, desc, bounds = rng.choice([
                ("http.server.request.duration", "s", "Duration of HTTP server requests.", HTTP_BOUNDS),
                ("rpc.client.duration", "ms", "Measures the duration of outbound RPC.", MS_BOUNDS),
                ("db.client.operation.duration", "s", "", HTTP_BOUNDS)])
            temp = 2 if rng.random() < 0.7 else 1
            for a in self.attrs_variants("http"):
                counts = [rng.choice([0, 0, 1, 3, 10, 250, 4000]) for _ in range(len(bounds) + 1)]
                cnt = sum(counts)
                u = self.u
                body = ',"count":%s,"sum":%s,"bucketCounts":[%s],"explicitBounds":[%s]' % (
                    u(cnt), _dbl(round(rng.uniform(0, cnt * 0.3), 6)), ",".join(u(x) for x in counts),
                    ",".join(_dbl(b) for b in bounds))
                if rng.random() < 0.7:
                    body += ',"min":%s,"max":%s' % (_dbl(round(rng.uniform(0, 0.004), 6)), _dbl(round(rng.uniform(1, 20), 4)))
                if rng.random() < 0.1:
                    body += ',"exemplars":[%s,%s]' % (self.exemplar(ts), self.exemplar(ts))
                pts.append(self.point(a, start, ts, body))
            data = '"histogram":{"dataPoints":[%s],"aggregationTemporality":%s}' % (",".join(pts), self.temporality(temp))
        elif r < 0.9:  # exponential histogram
            name, unit, desc, neg = rng.choice([
                ("http.server.request.duration", "s", "Duration of HTTP server requests (exponential).", False),
                ("app.payment.amount", "EUR", "", False),
                ("app.balance.delta", "EUR", "Signed balance changes", True),
                ("sensor.temperature.delta", "Cel", "", True)])
            temp = 1 if rng.random() < 0.6 else 2
            for a in self.attrs_variants("http" if not neg else "none"):
                scale = rng.choice([-2, -1, 0, 1, 2, 3, 3, 4, 5, 8])
                u = self.u
                # bucket index i covers (base^i, base^(i+1)], base = 2^(2^-scale): values
                # between 2^lo and 2^hi use indexes lo*2^scale .. hi*2^scale
                lo = rng.randrange(-12, 8)
                hi = lo + rng.randrange(1, 12)
                first, last = math.floor(lo * 2.0 ** scale), math.ceil(hi * 2.0 ** scale)
                pos_n = rng.randrange(0, min(40, last - first) + 1)
                pos = [rng.choice([0, 1, 2, 5, 17, 300]) for _ in range(pos_n)]
                body = ',"scale":%d' % scale
                cnt = sum(pos)
                if pos_n:
                    body += ',"positive":{"offset":%d,"bucketCounts":[%s]}' % (first, ",".join(u(x) for x in pos))
                elif rng.random() < 0.5:
                    body += ',"positive":{}'
                if neg or rng.random() < 0.05:
                    negc = [rng.choice([0, 1, 3, 8, 40]) for _ in range(rng.randrange(1, min(30, last - first) + 1))]
                    cnt += sum(negc)
                    body += ',"negative":{"offset":%d,"bucketCounts":[%s]}' % (first + rng.randrange(0, 3), ",".join(u(x) for x in negc))
                zc = rng.choice([0, 0, 0, 1, 12])
                cnt += zc
                if zc:
                    body += ',"zeroCount":%s' % u(zc)
                if rng.random() < 0.3:
                    body += ',"zeroThreshold":%s' % _dbl(rng.choice([1e-9, 0.001, 2.5e-7]))
                body += ',"count":%s' % u(cnt)
                if rng.random() < 0.9:
                    body += ',"sum":%s' % _dbl(round(rng.uniform(-1000 if neg else 0, 10**5), 4))
                if rng.random() < 0.6:
                    body += ',"min":%s,"max":%s' % (_dbl(-rng.uniform(0, 50) if neg else rng.uniform(0, 0.01)), _dbl(rng.uniform(1, 5000)))
                if rng.random() < 0.05:
                    body += ',"exemplars":[%s]' % self.exemplar(ts)
                pts.append(self.point(a, start, ts, body))
            data = '"exponentialHistogram":{"dataPoints":[%s],"aggregationTemporality":%s}' % (",".join(pts), self.temporality(temp))
        else:  # summary
            name, unit, desc = rng.choice([
                ("go_gc_duration_seconds", "s", "A summary of the wall-time pause (stop-the-world) duration in garbage collection cycles."),
                ("jvm.gc.pause", "ms", "GC pause summary"),
                ("rpc_durations_seconds", "s", "RPC latency distributions.")])
            for a in self.attrs_variants("none" if rng.random() < 0.5 else "db"):
                qs = rng.choice([[0, 0.25, 0.5, 0.75, 1], [0.5, 0.9, 0.99], [0.99, 0.5]])
                vals = sorted(round(rng.uniform(0, 2), 6) for _ in qs)
                cnt = rng.randrange(0, 10**6)
                body = ',"count":%s,"sum":%s,"quantileValues":[%s]' % (
                    self.u(cnt), _dbl(round(rng.uniform(0, cnt), 3)),
                    ",".join(('{"quantile":%s,"value":%s}' % (_dbl(q), _dbl(v))) if q else ('{"value":%s}' % _dbl(v))
                             for q, v in zip(qs, vals)))
                pts.append(self.point(a, start, ts, body))
            data = '"summary":{"dataPoints":[%s]}' % ",".join(pts)
        head = '"name":%s' % _js(name)
        if desc:
            head += ',"description":%s' % _js(desc)
        if unit:
            head += ',"unit":%s' % _js(unit)
        if rng.random() < 0.05:
            head += ',"metadata":[%s]' % _kv_s("prometheus.type", "counter")
        return '{%s,%s}' % (head, data)


def _metric_resource_attrs(rng, svc, lang):
    if rng.random() < 0.15:  # a host-metrics style resource without service.name
        return ",".join([_kv_s("host.name", "ip-10-0-%d-%d" % (rng.randrange(256), rng.randrange(256))),
                         _kv_s("os.type", "linux"), _kv_s("host.arch", "amd64")])
    return _resource_attrs(rng, svc, lang)


def realistic_metrics(args):
    rng = random.Random(args.seed)
    target = int(args.size_mb * MB)
    res_pool = [_metric_resource_attrs(rng, svc, lang) for svc, lang, _w in SERVICES for _ in range(3)]
    mg = MetricGen(rng)
    out = sys.stdout.buffer
    written = lines = nmetrics = 0
    start = T_2026 - rng.randrange(0, 86400) * 10**9
    now = T_2026 + rng.randrange(0, 3600 * 10**9)
    rand, randrange, choice = rng.random, rng.randrange, rng.choice
    while written < target:
        mg.names = rand() < 0.1
        mg.numbers = rand() < 0.15
        parts = []
        for _r in range(randrange(1, 5)):
            scopes = []
            for _s in range(randrange(1, 4)):
                ms = []
                for _m in range(randrange(3, 16)):
                    ms.append(mg.metric(start, now + randrange(0, 10**9)))
                nmetrics += len(ms)
                sname, sver = choice(METRIC_SCOPES)
                scopes.append('{"scope":{"name":%s%s},"metrics":[%s]}' % (
                    _js(sname), ',"version":%s' % _js(sver) if sver else '', ",".join(ms)))
            parts.append('{"resource":{"attributes":[%s]},"scopeMetrics":[%s],"schemaUrl":"https://opentelemetry.io/schemas/1.28.0"}'
                         % (choice(res_pool), ",".join(scopes)))
        line = '{"resourceMetrics":[%s]}\n' % ",".join(parts)
        if rand() < args.snake_case_fraction:
            line = _to_snake_lm(line)
        data = line.encode("utf-8")
        out.write(data)
        written += len(data)
        lines += 1
        now += randrange(10**9, 60 * 10**9)
    out.flush()
    if args.summary:
        print("gen-traces: lines=%d metrics=%d data_points=%d bytes=%d" % (lines, nmetrics, mg.points, written),
              file=sys.stderr)


# ---------------------------------------------------------------------------
# reference model of the row rules (used for expectations)
# ---------------------------------------------------------------------------

class Reject(Exception):
    pass


def _perbyte_replace(err):
    # one U+FFFD per invalid byte (Go's utf8.DecodeRune / encoding/json behaviour)
    return ("\ufffd" * (err.end - err.start), err.end)


codecs.register_error("otelflat-perbyte", _perbyte_replace)
_SURROGATE = re.compile("[\ud800-\udfff]")


def _fix_str(s):
    return _SURROGATE.sub("\ufffd", s) if _SURROGATE.search(s) else s


def _no_constants(name):
    raise ValueError("invalid JSON literal %s" % name)


def parse_json_bytes(raw):
    """Decode one document the way the collector would see it: invalid UTF-8 bytes
    replaced per byte, lone surrogate escapes replaced, objects kept as pair lists."""
    text = raw.decode("utf-8", "otelflat-perbyte")
    try:
        return json.loads(text, object_pairs_hook=lambda pairs: ("OBJ", pairs),
                          parse_constant=_no_constants)
    except RecursionError:
        raise Reject("nesting too deep")
    except ValueError as e:
        raise Reject("invalid JSON: %s" % e)


_SNAKE_TO_CAMEL = {}
for _c in ["resourceSpans", "resourceLogs", "resourceMetrics", "scopeSpans", "schemaUrl", "traceId",
           "spanId", "parentSpanId", "traceState", "startTimeUnixNano", "endTimeUnixNano",
           "timeUnixNano", "droppedAttributesCount", "droppedEventsCount", "droppedLinksCount",
           "stringValue", "boolValue", "intValue", "doubleValue", "arrayValue", "kvlistValue",
           "bytesValue", "instrumentationLibrarySpans", "instrumentationLibrary", "entityRefs"]:
    _SNAKE_TO_CAMEL[re.sub("([A-Z])", lambda m: "_" + m.group(1).lower(), _c)] = _c


def _key(k):
    k = _fix_str(k)
    return _SNAKE_TO_CAMEL.get(k, k)


def _is_obj(v):
    return isinstance(v, tuple) and len(v) == 2 and v[0] == "OBJ"


def _pairs(v, what):
    if v is None:
        return []
    if not _is_obj(v):
        raise Reject("%s: expected object" % what)
    return [(_key(k), x) for k, x in v[1]]


def _list(v, what):
    if v is None:
        return []
    if not isinstance(v, list):
        raise Reject("%s: expected array" % what)
    return v


def _int(v, what, lo, hi):
    """An integer field as the collector reads it: a JSON number or a decimal string."""
    if v is None:
        return 0
    if isinstance(v, bool):
        raise Reject("%s: bad integer" % what)
    if isinstance(v, int):
        n = v
    elif isinstance(v, str) and re.fullmatch(r"-?[0-9]+", v):
        n = int(v)
    else:
        raise Reject("%s: bad integer %r" % (what, v))
    if not lo <= n < hi:
        raise Reject("%s: out of range" % what)
    return n


def _u64(v, what):
    return _int(v, what, 0, 2**64)


def _i64(v, what):
    return _int(v, what, -2**63, 2**63)


def _str(v, what):
    if v is None:
        return ""
    if not isinstance(v, str):
        raise Reject("%s: expected string" % what)
    return _fix_str(v)


def _double(v, what):
    if v is None:
        return 0.0
    if isinstance(v, bool):
        raise Reject("%s: bad double" % what)
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, str):
        low = v.lower()
        if low == "nan":
            return math.nan
        if low in ("inf", "+inf", "infinity", "+infinity"):
            return math.inf
        if low in ("-inf", "-infinity"):
            return -math.inf
        if re.fullmatch(r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?", v):
            return float(v)
    raise Reject("%s: bad double %r" % (what, v))


def _hexid(v, nbytes, what):
    s = _str(v, what)
    if s == "":
        return ""
    if len(s) != 2 * nbytes or not re.fullmatch(r"[0-9a-fA-F]+", s):
        raise Reject("%s: bad id %r" % (what, s))
    s = s.lower()
    return "" if s == "0" * len(s) else s


_KIND_NAMES = {"SPAN_KIND_UNSPECIFIED": 0, "SPAN_KIND_INTERNAL": 1, "SPAN_KIND_SERVER": 2,
               "SPAN_KIND_CLIENT": 3, "SPAN_KIND_PRODUCER": 4, "SPAN_KIND_CONSUMER": 5}
_STATUS_NAMES = {"STATUS_CODE_UNSET": 0, "STATUS_CODE_OK": 1, "STATUS_CODE_ERROR": 2}


def _enum(v, names, what):
    if v is None:
        return 0
    if isinstance(v, int) and not isinstance(v, bool):
        if not -2**31 <= v < 2**31:
            raise Reject("%s: out of range" % what)
        return v
    if isinstance(v, str) and v in names:
        return names[v]
    raise Reject("%s: bad enum %r" % (what, v))


# AnyValue model: ("e",) empty, ("s",str), ("b",bool), ("i",int), ("d",float), ("y",bytes),
# ("a",[AnyValue]), ("k",[(key, AnyValue)])
_B64 = re.compile(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?")


def parse_anyvalue(v, depth=0):
    val = ("e",)
    for k, x in _pairs(v, "AnyValue"):
        if x is None:
            continue
        if k == "stringValue":
            val = ("s", _str(x, k))
        elif k == "boolValue":
            if not isinstance(x, bool):
                raise Reject("boolValue: not a bool")
            val = ("b", x)
        elif k == "intValue":
            val = ("i", _i64(x, k))
        elif k == "doubleValue":
            val = ("d", _double(x, k))
        elif k == "bytesValue":
            s = _str(x, k)
            if not _B64.fullmatch(s):
                raise Reject("bytesValue: not standard padded base64")
            val = ("y", base64.b64decode(s))
        elif k == "arrayValue":
            vals = []
            for k2, x2 in _pairs(x, k):
                if k2 == "values":
                    vals += [parse_anyvalue(e, depth + 1) for e in _list(x2, "values")]
            val = ("a", vals)
        elif k == "kvlistValue":
            kvs = []
            for k2, x2 in _pairs(x, k):
                if k2 == "values":
                    kvs += parse_kvlist(x2)
            val = ("k", kvs)
    return val


def parse_kvlist(v):
    out = []
    for e in _list(v, "attributes"):
        key, val = "", ("e",)
        for k, x in _pairs(e, "KeyValue"):
            if k == "key":
                key = _str(x, "key")
            elif k == "value":
                val = parse_anyvalue(x)
        out.append((key, val))
    return out


def go_double(x):
    """pcommon.Value.AsString for a double (otlp-json.md 5.2)."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "-0" if math.copysign(1.0, x) < 0 else "0"
    neg = x < 0
    r = repr(abs(x))
    m, _, e = r.partition("e")
    ip, _, fp = m.partition(".")
    digits = ip + fp
    point = len(ip) + int(e or 0)
    while len(digits) > 1 and digits[0] == "0":
        digits = digits[1:]
        point -= 1
    digits = digits.rstrip("0") or "0"
    a = abs(x)
    if a < 1e-6 or a >= 1e21:
        e10 = point - 1
        s = digits[0] + ("." + digits[1:] if len(digits) > 1 else "") + \
            "e" + ("+" if e10 >= 0 else "-") + str(abs(e10))
    elif point <= 0:
        s = "0." + "0" * (-point) + digits
    elif point >= len(digits):
        s = digits + "0" * (point - len(digits))
    else:
        s = digits[:point] + "." + digits[point:]
    return "-" + s if neg else s


def go_json_string(s):
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\b":
            out.append("\\b")
        elif ch == "\f":
            out.append("\\f")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif o < 0x20:
            out.append("\\u%04x" % o)
        elif o in (0x2028, 0x2029):
            out.append("\\u%04x" % o)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


class _NonFinite(Exception):
    pass


def _json_tree(v):
    t = v[0]
    if t == "e":
        return "null"
    if t == "s":
        return go_json_string(v[1])
    if t == "b":
        return "true" if v[1] else "false"
    if t == "i":
        return str(v[1])
    if t == "d":
        if math.isnan(v[1]) or math.isinf(v[1]):
            raise _NonFinite()
        return go_double(v[1])
    if t == "y":
        return go_json_string(base64.b64encode(v[1]).decode()) if v[1] else "null"
    if t == "a":
        return "[" + ",".join(_json_tree(e) for e in v[1]) + "]"
    if t == "k":
        d = {}
        for k, x in v[1]:
            d[k] = x  # last wins
        return "{" + ",".join(go_json_string(k) + ":" + _json_tree(d[k])
                              for k in sorted(d, key=lambda s: s.encode("utf-8"))) + "}"
    raise AssertionError(t)


def as_string(v):
    t = v[0]
    if t == "e":
        return ""
    if t == "s":
        return v[1]
    if t == "b":
        return "true" if v[1] else "false"
    if t == "i":
        return str(v[1])
    if t == "d":
        return go_double(v[1])
    if t == "y":
        return base64.b64encode(v[1]).decode()
    try:
        return _json_tree(v)
    except _NonFinite:
        return ""


def _ts_text(us):
    return (datetime.datetime(1970, 1, 1) + datetime.timedelta(microseconds=us)).strftime("%Y-%m-%d %H:%M:%S.%f")


def _duration_ms(ns):
    q = (abs(ns) + 5000) // 10000
    return (-q if ns < 0 else q) / 100


def _row(span, service):
    tid, sid = span["trace_id"], span["span_id"]
    attrs = {}
    for k, v in span["attributes"]:
        attrs.pop(k, None)
        attrs[k] = as_string(v)
    attrs = {k: attrs[k] for k in sorted(attrs, key=lambda s: s.encode("utf-8"))}
    us = span["start"] // 1000
    code = span["status"]
    return {
        "timestamp": _ts_text(us),
        "timestamp_us": us,
        "trace_id": tid,
        "span_id": sid,
        "parent_span_id": span["parent"],
        "service_name": service,
        "span_name": span["name"],
        "duration_ms": _duration_ms(span["end"] - span["start"]),
        "status_code": {0: "UNSET", 1: "OK", 2: "ERROR"}.get(code, str(code)),
        "attributes": attrs,
        "fingerprint": hashlib.md5((tid + sid).encode()).hexdigest(),
    }


def _parse_span(v):
    sp = {"trace_id": "", "span_id": "", "parent": "", "name": "", "start": 0, "end": 0,
          "status": 0, "attributes": []}
    for k, x in _pairs(v, "Span"):
        if k == "traceId":
            sp["trace_id"] = _hexid(x, 16, "traceId")
        elif k == "spanId":
            sp["span_id"] = _hexid(x, 8, "spanId")
        elif k == "parentSpanId":
            sp["parent"] = _hexid(x, 8, "parentSpanId")
        elif k == "name":
            sp["name"] = _str(x, k)
        elif k == "kind":
            _enum(x, _KIND_NAMES, "kind")
        elif k == "startTimeUnixNano":
            sp["start"] = _u64(x, k)
        elif k == "endTimeUnixNano":
            sp["end"] = _u64(x, k)
        elif k == "attributes":
            sp["attributes"] += parse_kvlist(x)  # a repeated field given twice is appended
        elif k == "status":
            for k2, x2 in _pairs(x, "status"):
                if k2 == "code":
                    sp["status"] = _enum(x2, _STATUS_NAMES, "status.code")
                elif k2 == "message":
                    _str(x2, k2)
        elif k == "traceState":
            _str(x, k)
        elif k in ("flags", "droppedAttributesCount", "droppedEventsCount", "droppedLinksCount"):
            _u64(x, k)
        # events and links are not read by the flat schema: otelflat skips them unvalidated
        # (the collector would fail the document on a bad link id; see case 41b)
    return sp


def _parse_scope_spans(v):
    spans = []
    for k, x in _pairs(v, "ScopeSpans"):
        if k in ("scope", "instrumentationLibrary"):
            for k2, x2 in _pairs(x, k):
                if k2 == "attributes":
                    parse_kvlist(x2)
                elif k2 in ("name", "version"):
                    _str(x2, k2)
        elif k == "spans":
            spans += [_parse_span(s) for s in _list(x, k)]
    return spans


def _parse_resource_spans(v):
    res_attrs = []
    spans = []
    for k, x in _pairs(v, "ResourceSpans"):
        if k == "resource":
            for k2, x2 in _pairs(x, k):
                if k2 == "attributes":
                    res_attrs += parse_kvlist(x2)
        elif k in ("scopeSpans", "instrumentationLibrarySpans"):  # the lead accepts the pre-1.0 alias
            for ss in _list(x, k):
                spans += _parse_scope_spans(ss)
    service = ""
    for key, val in res_attrs:
        if key == "service.name":
            service = as_string(val)  # the last one wins, like every duplicated attribute key
    service = service or "unknown"
    return [_row(s, service) for s in spans]


def rows_of_document(doc):
    """-> ("rows", [row]) | ("skip", why); raises Reject."""
    if not _is_obj(doc):
        raise Reject("document is not a JSON object")
    pairs = _pairs(doc, "document")
    keys = {k for k, x in pairs if x is not None}
    if "resourceSpans" not in keys and ("resourceLogs" in keys or "resourceMetrics" in keys):
        return ("rows", [])  # converted into the logs/metrics tables: no trace rows
    if "resourceSpans" in keys:
        rows = []
        for k, x in pairs:
            if k == "resourceSpans":
                for rs in _list(x, k):
                    rows += _parse_resource_spans(rs)
        return ("rows", rows)
    if keys & {"resource", "scopeSpans", "instrumentationLibrarySpans"}:
        return ("rows", _parse_resource_spans(doc))  # bare ResourceSpans
    return ("rows", [])


def evaluate(raw):
    """Evaluate one document's bytes -> ("rows", rows) | ("skip", why) | ("reject", why)."""
    try:
        return rows_of_document(parse_json_bytes(raw))
    except Reject as e:
        return ("reject", str(e))


def split_documents(data):
    """Whitespace-separated JSON values of a well-formed file -> list of (offset, bytes)."""
    text = data.decode("utf-8", "surrogateescape")
    dec = json.JSONDecoder()
    out = []
    i, n = 0, len(text)
    ws = re.compile(r"[ \t\r\n]*")
    while True:
        i = ws.match(text, i).end()
        if i >= n:
            break
        _, j = dec.raw_decode(text, i)
        out.append(text[i:j].encode("utf-8", "surrogateescape"))
        i = j
    return out


def expect(args):
    stats = {"documents": 0, "rows_written": 0, "documents_rejected": 0, "documents_skipped": 0}
    out = sys.stdout
    for path in args.files or ["-"]:
        data = sys.stdin.buffer.read() if path == "-" else open(path, "rb").read()
        for raw in split_documents(data):
            stats["documents"] += 1
            kind, res = evaluate(raw)
            if kind == "reject":
                stats["documents_rejected"] += 1
                print("gen-traces expect: %s: rejected: %s" % (path, res), file=sys.stderr)
            elif kind == "skip":
                stats["documents_skipped"] += 1
            else:
                for r in res:
                    if args.time_format == "ticks":
                        r["timestamp"] = r["timestamp_us"]
                    del r["timestamp_us"]
                    out.write(json.dumps(r, ensure_ascii=False) + "\n")
                    stats["rows_written"] += 1
    print("gen-traces expect: " + " ".join("%s=%d" % kv for kv in stats.items()), file=sys.stderr)


# ---------------------------------------------------------------------------
# adversarial
# ---------------------------------------------------------------------------

def S(s):
    return {"stringValue": s}


def I(n, as_number=False):
    return {"intValue": n if as_number else str(n)}


def D(x):
    return {"doubleValue": x}


def Bo(b):
    return {"boolValue": b}


def Y(raw):
    return {"bytesValue": base64.b64encode(raw).decode()}


def A(*vals):
    return {"arrayValue": {"values": list(vals)}}


def K(*pairs):
    return {"kvlistValue": {"values": [kv(k, v) for k, v in pairs]}}


def kv(k, v):
    return {"key": k, "value": v}


class Ids:
    """Deterministic distinct ids."""

    def __init__(self, seed):
        self.rng = random.Random(seed)

    def trace(self):
        return "%032x" % self.rng.getrandbits(128)

    def span(self):
        return "%016x" % self.rng.getrandbits(64)


def dumps(obj, ascii_only=False, indent=None):
    if indent is None:
        return json.dumps(obj, ensure_ascii=ascii_only, separators=(",", ":"))
    return json.dumps(obj, ensure_ascii=ascii_only, indent=indent)


class Case:
    def __init__(self, name, basis, description, expectation=None):
        self.name = name
        self.basis = basis
        self.description = description
        self.chunks = []        # list of bytes (documents or garbage)
        self.seps = []          # separator written after each chunk
        self.raw = None         # whole-file bytes override
        self.unchecked = {}     # chunk index -> list of unchecked fields
        self.expect_kind = {}   # chunk index -> forced ("reject"|"rows"|"skip")
        self.expectation = expectation
        self.skipped_checked = True
        self.rows_checked = True
        self.rejected_checked = True
        self.wrap = None        # bytes -> bytes applied to the whole file (compression)

    def add(self, doc, sep=b"\n", unchecked=None, force=None, **dump_kw):
        data = doc if isinstance(doc, bytes) else dumps(doc, **dump_kw).encode("utf-8")
        if unchecked:
            self.unchecked[len(self.chunks)] = unchecked
        if force:
            self.expect_kind[len(self.chunks)] = force
        self.chunks.append(data)
        self.seps.append(sep)
        return self


def doc_of(spans, service="adv-svc", res_attrs=None, scope=None, extra_res=None):
    attrs = [] if service is None else [kv("service.name", S(service))]
    attrs += res_attrs or []
    rs = {"resource": {"attributes": attrs}, "scopeSpans": [{"scope": scope or {"name": "adv", "version": "1.0"}, "spans": spans}]}
    if extra_res:
        rs.update(extra_res)
    return {"resourceSpans": [rs]}


def build_cases(seed):
    ids = Ids(seed)
    t = T_2026 + 123_456_789  # 2026-01-01 00:00:00.123456789

    def sp(name, attrs=None, start=None, end=None, **kw):
        st = t if start is None else start
        s = {"traceId": ids.trace(), "spanId": ids.span(), "parentSpanId": ids.span(), "name": name,
             "kind": 2, "startTimeUnixNano": str(st), "endTimeUnixNano": str(st + 1_500_000 if end is None else end),
             "attributes": attrs if attrs is not None else [kv("k", S("v"))], "status": {}}
        s.update(kw)
        return s

    def good(n=1, tag="good"):
        return doc_of([sp("%s-%d" % (tag, i)) for i in range(n)])

    cases = []

    # --- ids ---------------------------------------------------------------
    c = Case("01-ids-uppercase.jsonl", "contract", "upper-case and mixed-case hex ids are lower-cased")
    a, b, p = ids.trace().upper(), ids.span().upper(), ids.span().upper()
    c.add(doc_of([sp("upper", traceId=a, spanId=b, parentSpanId=p),
                  sp("mixed", traceId="AbCdEf0123456789aBcDeF0123456789", spanId="DeadBEEFcafe0001",
                     parentSpanId="0000000000000001")]))
    cases.append(c)

    c = Case("02-ids-empty-zero-absent.jsonl", "contract",
             "empty, all-zero, absent and null ids give \"\"; fingerprint is md5 of the normalised ids")
    spans = [sp("empty", traceId="", spanId="", parentSpanId=""),
             sp("zero", traceId="0" * 32, spanId="0" * 16, parentSpanId="0" * 16),
             sp("zero-upper-free-parent", parentSpanId="0" * 16),
             sp("null", traceId=None, spanId=None, parentSpanId=None)]
    absent = sp("absent")
    del absent["traceId"], absent["spanId"], absent["parentSpanId"]
    spans.append(absent)
    root = sp("root-no-parent")
    del root["parentSpanId"]
    spans.append(root)
    c.add(doc_of(spans))
    cases.append(c)

    c = Case("03-ids-wrong-length.jsonl", "contract",
             "ids of wrong length reject the whole document (even when the bad span is not the first); neighbours convert")
    c.add(good(2))
    c.add(doc_of([sp("t30", traceId="0123456789abcdef0123456789abcd")]))
    c.add(doc_of([sp("s15", spanId="0123456789abcde")]))
    c.add(doc_of([sp("ok-first"), sp("p32", parentSpanId="0123456789abcdef0123456789abcdef")]))
    c.add(doc_of([sp("t34", traceId="0123456789abcdef0123456789abcdef01")]))
    c.add(doc_of([sp("s1", spanId="1")]))
    c.add(good(1, "good-last"))
    cases.append(c)

    c = Case("04-ids-non-hex.jsonl", "contract", "non-hex ids reject the whole document")
    c.add(good(1))
    c.add(doc_of([sp("g", traceId="0123456789abcdef0123456789abcdeg")]))
    c.add(doc_of([sp("0x", spanId="0x0123456789abcd")]))
    c.add(doc_of([sp("space", parentSpanId="01234567 9abcdef")]))
    c.add(doc_of([sp("non-ascii", traceId="0123456789abcdef0123456789abcde\u00e9")]))
    c.add(doc_of([sp("number", spanId=1234567890123456)]))
    c.add(good(1, "good-last"))
    cases.append(c)

    # --- 64-bit integers and times ------------------------------------------------
    c = Case("05-int64-number-and-string.jsonl", "contract",
             "64-bit fields (times, intValue, flags, counts) as JSON numbers and as strings")
    s1 = sp("times-as-numbers", start=0, end=0)
    s1["startTimeUnixNano"], s1["endTimeUnixNano"] = t, t + 2_345_678
    s2 = sp("times-mixed", start=t, end=t + 999_999)
    s2["endTimeUnixNano"] = t + 999_999
    s3 = sp("ints", attrs=[kv("i.str", I(123)), kv("i.num", I(123, True)),
                           kv("i.max", I(2**63 - 1)), kv("i.min", I(-2**63)),
                           kv("i.max.num", I(2**63 - 1, True)), kv("i.min.num", I(-2**63, True)),
                           kv("i.2p53p1.num", I(2**53 + 1, True)), kv("i.neg", I(-42)), kv("i.zero", I(0, True))],
            flags=257, droppedAttributesCount="3", droppedEventsCount=0, droppedLinksCount="0")
    s4 = sp("flags-as-string", flags="1")
    c.add(doc_of([s1, s2, s3, s4]))
    cases.append(c)

    c = Case("06-times-above-2p63.jsonl", "contract",
             "start/end times >= 2^63 are u64: timestamp = ns/1000 (year 2262..2554), duration from u64 difference")
    m = 2**64 - 1
    c.add(doc_of([sp("u64-max", start=m, end=m),
                  sp("2p63-number", start=0, end=0),
                  sp("across-2p63", start=2**63 - 1, end=2**63 + 4_999_999)]))
    d = json.loads(c.chunks[-1])
    spn = d["resourceSpans"][0]["scopeSpans"][0]["spans"]
    spn[1]["startTimeUnixNano"], spn[1]["endTimeUnixNano"] = 2**63, 2**63 + 1_234_567
    c.chunks[-1] = dumps(d).encode()
    cases.append(c)

    c = Case("07-durations.jsonl", "contract",
             "end before start (negative), rounding half away from zero to 2 decimals from integer ns")
    durs = [("neg-1.234567", -1_234_567), ("neg-1.235", -1_235_000), ("pos-1.235", 1_235_000),
            ("pos-0.005", 5_000), ("pos-0.004999", 4_999), ("neg-0.005", -5_000), ("neg-0.004999", -4_999),
            ("zero", 0), ("pos-5s", 5_000_000_000), ("pos-10us", 10_000), ("pos-2.675", 2_675_000),
            ("pos-1.005", 1_005_000), ("neg-1hour", -3_600_000_000_000), ("big", 123_456_789_012_345)]
    c.add(doc_of([sp(n, start=t, end=t + dd) for n, dd in durs]))
    cases.append(c)

    c = Case("08-missing-times.jsonl", "contract",
             "missing/null end time = 0 (large negative duration); missing start = 1970-01-01")
    s1 = sp("no-end")
    del s1["endTimeUnixNano"]
    s2 = sp("no-start")
    del s2["startTimeUnixNano"]
    s3 = sp("no-times")
    del s3["startTimeUnixNano"], s3["endTimeUnixNano"]
    s4 = sp("null-end", endTimeUnixNano=None)
    c.add(doc_of([s1, s2, s3, s4]))
    cases.append(c)

    # --- enums ------------------------------------------------------------------
    c = Case("09-status-codes.jsonl", "contract",
             "status code numbers, STATUS_CODE_* names, unknown numbers (7, -1) as decimal text, absent/{}/null -> UNSET; kind as name")
    st = [("num-0", {"code": 0}), ("num-1", {"code": 1}), ("num-2", {"code": 2}), ("num-7", {"code": 7}),
          ("num-minus-1", {"code": -1}), ("name-unset", {"code": "STATUS_CODE_UNSET"}),
          ("name-ok", {"code": "STATUS_CODE_OK"}), ("name-error", {"code": "STATUS_CODE_ERROR", "message": "boom"}),
          ("empty-object", {}), ("null-code", {"code": None}), ("message-only", {"message": "only a message"}),
          ("null-status", None)]
    spans = [sp(n, status=s) for n, s in st]
    nost = sp("absent-status")
    del nost["status"]
    spans.append(nost)
    spans.append(sp("kind-name", kind="SPAN_KIND_CLIENT", status={"code": "STATUS_CODE_OK"}))
    nokind = sp("kind-absent", status={"code": 2})
    del nokind["kind"]
    spans.append(nokind)
    c.add(doc_of(spans))
    cases.append(c)

    c = Case("10-status-numeric-string.jsonl", "contract",
             "status.code as a numeric string (\"2\", \"0\") rejects the document, as the collector does")
    c.add(good(1))
    c.add(doc_of([sp("status-str-2", status={"code": "2"})]))
    c.add(doc_of([sp("status-str-0", status={"code": "0"})]))
    c.add(good(1, "good-last"))
    cases.append(c)

    c = Case("10b-enum-bad-values.jsonl", "collector",
             "unknown status name, lower-case name, kind as numeric string and unknown kind name reject the document; a valid kind name does not")
    c.add(good(1))
    c.add(doc_of([sp("status-bogus", status={"code": "STATUS_CODE_BOGUS"})]))
    c.add(doc_of([sp("status-lower", status={"code": "error"})]))
    c.add(doc_of([sp("kind-str-2", kind="2")]))
    c.add(doc_of([sp("kind-bogus", kind="SPAN_KIND_BOGUS")]))
    c.add(doc_of([sp("kind-ok", kind="SPAN_KIND_SERVER")]))
    cases.append(c)

    # --- key spellings, unknown fields, nulls -------------------------------------
    c = Case("11-snake-case.jsonl", "contract", "snake_case keys at every level, and a document mixing both spellings")
    tid, sid, pid = ids.trace(), ids.span(), ids.span()
    snake = {"resource_spans": [{"resource": {"attributes": [{"key": "service.name", "value": {"string_value": "snake-svc"}}],
                                              "dropped_attributes_count": 0},
                                 "scope_spans": [{"scope": {"name": "s", "version": "1"}, "schema_url": "x",
                                                  "spans": [{"trace_id": tid, "span_id": sid, "parent_span_id": pid,
                                                             "trace_state": "a=b", "name": "snake-span", "kind": 3,
                                                             "start_time_unix_nano": str(t), "end_time_unix_nano": str(t + 7_770_000),
                                                             "attributes": [
                                                                 {"key": "s", "value": {"string_value": "x"}},
                                                                 {"key": "i", "value": {"int_value": "5"}},
                                                                 {"key": "d", "value": {"double_value": 2.5}},
                                                                 {"key": "b", "value": {"bool_value": True}},
                                                                 {"key": "y", "value": {"bytes_value": "AQI="}},
                                                                 {"key": "a", "value": {"array_value": {"values": [{"int_value": 1}, {"string_value": "two"}]}}},
                                                                 {"key": "k", "value": {"kvlist_value": {"values": [{"key": "z", "value": {"bool_value": False}}, {"key": "a", "value": {"double_value": 0.5}}]}}}],
                                                             "dropped_attributes_count": 1, "dropped_events_count": 0,
                                                             "dropped_links_count": 0,
                                                             "events": [{"time_unix_nano": str(t + 5), "name": "e"}],
                                                             "status": {"code": "STATUS_CODE_ERROR", "message": "m"}}]}],
                                 "schema_url": "x"}]}
    c.add(snake)
    mixed = doc_of([sp("mixed-spelling")])
    s0 = mixed["resourceSpans"][0]["scopeSpans"][0]["spans"][0]
    s0["start_time_unix_nano"] = s0.pop("startTimeUnixNano")
    s0["trace_id"] = s0.pop("traceId")
    s0["attributes"] = [kv("m", {"string_value": "snake-value"})]
    mixed["resourceSpans"][0]["scope_spans"] = mixed["resourceSpans"][0].pop("scopeSpans")
    c.add(mixed)
    cases.append(c)

    c = Case("12-unknown-fields.jsonl", "contract", "unknown fields (scalars, objects, arrays, tricky strings) at every level are ignored")
    u = {"zz": [1, {"a": "}]{[\"\\"}], "yy": {"nested": {"deep": [True, False, None, -1.5e-3]}}}
    spn = sp("unknown-fields", attrs=[dict(kv("k", dict(S("v"), unknownInValue=u)), unknownInKv="x"),
                                      kv("only-unknown", {"fooValue": "bar"})],
             unknownInSpan=u, status={"code": 1, "unknownInStatus": u},
             events=[{"name": "e", "timeUnixNano": str(t), "unknownInEvent": u}],
             links=[{"traceId": ids.trace(), "spanId": ids.span(), "unknownInLink": u}])
    d = doc_of([spn], scope={"name": "s", "unknownInScope": u}, extra_res={"unknownInResourceSpans": u})
    d["resourceSpans"][0]["resource"]["unknownInResource"] = u
    d["resourceSpans"][0]["resource"]["entityRefs"] = [{"type": "service", "idKeys": ["service.name"]}]
    d["resourceSpans"][0]["scopeSpans"][0]["unknownInScopeSpans"] = u
    d["unknownTopLevel"] = u
    d2 = {"unknownBefore": u}
    d2.update(good(1, "unknown-before-resourceSpans"))
    c.add(d).add(d2)
    cases.append(c)

    c = Case("13-nulls.jsonl", "contract", "JSON null anywhere means absent")
    spans = [sp("null-parent", parentSpanId=None),
             sp("null-attrs", attributes=None),
             sp("null-value", attrs=[kv("k", None), kv("k2", {"stringValue": None}), kv("k3", {"intValue": None}),
                                     {"key": "k4", "value": None}]),
             sp("null-events-links", events=None, links=None, traceState=None, flags=None, kind=None)]
    nn = sp("x")
    nn["name"] = None
    spans.append(nn)
    d = doc_of(spans)
    d["resourceSpans"].append({"resource": None, "scopeSpans": [{"scope": None, "spans": [sp("null-resource")]}]})
    d["resourceSpans"].append({"resource": {"attributes": None}, "scopeSpans": None})
    d["resourceSpans"].append({"resource": {"attributes": [kv("service.name", None)]},
                               "scopeSpans": [{"spans": None}, {"spans": [sp("null-service-value")]}]})
    c.add(d)
    cases.append(c)

    # --- doubles --------------------------------------------------------------------
    c = Case("14-doubles-nan-inf.jsonl", "contract",
             "NaN/Infinity/-Infinity strings: top level -> NaN/Infinity/-Infinity; anywhere inside an array or kvlist -> \"\"")
    c.add(doc_of([sp("nan-inf", attrs=[
        kv("top.nan", D("NaN")), kv("top.inf", D("Infinity")), kv("top.ninf", D("-Infinity")),
        kv("arr.nan", A(D(1.0), D("NaN"))), kv("arr.inf", A(S("a"), D("Infinity"))),
        kv("arr.ninf.nested", A(A(A(D("-Infinity"))))), kv("kv.inf", K(("a", D(1.5)), ("b", D("Infinity")))),
        kv("kv.in.arr.nan", A(K(("x", A(D("NaN")))))), kv("arr.finite", A(D(1.0), D(-0.0))),
        kv("kv.nan.overwritten", K(("a", D("NaN")), ("a", D(2.0)))),
    ])]), unchecked=["attributes.kv.nan.overwritten"])
    cases.append(c)

    c = Case("15-doubles-format.jsonl", "contract",
             "double rendering: shortest round-trip, 1e-6/1e21 exponent rule, no .0, -0, e-7 not e-07, 2^60 padded with zeros")
    vals = [("one", 1.0), ("neg-zero", -0.0), ("zero", 0.0), ("tenth", 0.1), ("sum", 0.1 + 0.2), ("third", 1 / 3),
            ("int-like", 123456789.0), ("neg-2.5", -2.5), ("2p53p1", 9007199254740993), ("small", 0.000123),
            ("1e-6", 1e-6), ("1e-7", 1e-7), ("1.5e-7", 1.5e-7), ("1e-10", 1e-10), ("denormal", 5e-324),
            ("1e20", 1e20), ("1e21", 1e21), ("1.2345e22", 1.2345e22), ("max", 1.7976931348623157e308),
            ("2p60", float(2**60)), ("big-int-literal", 123456789012345678901), ("neg-1e-7", -1e-7),
            ("neg-1e21", -1e21), ("9.999e20", 9.999e20), ("json-int", 100), ("exp-literal", None)]
    attrs = [kv(k, D(v)) for k, v in vals if v is not None]
    attrs.append(kv("arr", A(D(1.0), D(-0.0), D(1e21), D(1e-7), D(2.0**60), D(0.1), I(-3), I(2**63 - 1))))
    attrs.append(kv("kv", K(("n", D(-0.0)), ("m", D(1e-7)))))
    raw = dumps(doc_of([sp("doubles", attrs=attrs + [kv("exp-literal", D(0.0))])]))
    # literal spellings the JSON writer would not produce
    raw = raw.replace('{"key":"exp-literal","value":{"doubleValue":0.0}}',
                      '{"key":"exp-literal","value":{"doubleValue":1E+2}},'
                      '{"key":"exp-literal-2","value":{"doubleValue":-0.000001e-1}},'
                      '{"key":"long-literal","value":{"doubleValue":0.1000000000000000055511151231257827}}')
    c.add(raw.encode())
    cases.append(c)

    c = Case("15b-doubles-as-strings.jsonl", "collector",
             "doubleValue given as a JSON string: decimal text and case-insensitive inf/nan spellings")
    c.add(doc_of([sp("double-strings", attrs=[kv("s1.5", D("1.5")), kv("s-0", D("-0")), kv("s1e21", D("1e21")),
                                               kv("inf", D("inf")), kv("ninf", D("-Inf")), kv("nan-lower", D("nan"))])]))
    cases.append(c)

    # --- arrays, kvlists, strings -----------------------------------------------------
    c = Case("16-kvlist-array.jsonl", "contract",
             "arrays and kvlists as compact JSON: sorted keys by byte, nested dedup last-wins, empty values null, bytes base64, int64 exact")
    c.add(doc_of([sp("kvlist-array", attrs=[
        kv("ref.array", A(S("a"), I(1), D(1.5), Bo(True), {}, Y(b"\x01\x02"))),
        kv("ref.kvlist", K(("b", I(1)), ("a", K(("y", S("z")))), ("b", I(2)))),
        kv("empty.array", A()), kv("empty.kvlist", K()),
        kv("ref.lt-gt-amp", A(S("<a&b>"))), kv("ref.neg-zero", K(("k", D(-0.0)))),
        kv("empty.bytes.in.array", A({"bytesValue": ""}, Y(b"\xff"))),
        kv("ints", A(I(2**63 - 1), I(-2**63), I(2**53 + 1, True))),
        kv("byte.order", K(("z", I(1)), ("\u00e9", I(2)), ("B", I(3)), ("a", I(4)), ("\ufffd", I(5)),
                           ("\U0001F600", I(6)), ("", I(7)), ("a\u0000", I(8)), ("aa", I(9)))),
        kv("nested", K(("outer", K(("d", I(1)), ("c", A(K(("y", I(1)), ("x", A()), ("y", I(2))))), ("d", S("last")))))),
        kv("escaped.keys", K(("q\"k", S("v")), ("nl\nk", S("v")), ("\u2028", S("v")))),
        kv("key.missing.in.kvlist", {"kvlistValue": {"values": [{"value": S("no key")}, {"key": "nv"}]}}),
        kv("array.of.empty", A({}, {"stringValue": None})),
    ])]))
    cases.append(c)

    c = Case("17-strings-escapes.jsonl", "contract",
             "control chars, quotes, backslashes, U+2028/2029, <>&, emoji (raw and as surrogate escapes), \\u0000: raw at top level, escaped inside arrays")
    nasty = "q\"b\\s/\b\f\n\r\t\u0001\u001f\u0000<>&\u2028\u2029\U0001F600\u00e9\u007f end"
    attrs = [kv("nasty", S(nasty)), kv("nasty.arr", A(S(nasty))), kv("nasty.kv", K((nasty, S(nasty)))),
             kv(nasty, S("key with nasty chars")), kv("empty", S("")), kv("emoji", S("\U0001F600\U0001F680"))]
    c.add(doc_of([sp("str\"ing\n\u0000\u2028\U0001F600", attrs=attrs)], service="svc-\U0001F600-\"q\""))
    c.add(doc_of([sp("ascii-escaped \U0001F600", attrs=attrs)], service="svc-\U0001F600-\"q\""), ascii_only=True)
    cases.append(c)

    c = Case("18-invalid-utf8.jsonl", "contract",
             "isolated invalid UTF-8 bytes (0xff, 0xfe, lone continuation 0x80, 0xc3 before ASCII) become U+FFFD; document kept")
    d = doc_of([sp("name-@B1@-x", attrs=[kv("v", S("a@B1@b@B2@c@B3@d@B4@e")), kv("key-@B1@", S("k")),
                                         kv("arr", A(S("x@B1@y")))])], service="svc-@B3@")
    raw = dumps(d).encode()
    for tag, bad in ((b"@B1@", b"\xff"), (b"@B2@", b"\xfe"), (b"@B3@", b"\x80"), (b"@B4@", b"\xc3")):
        raw = raw.replace(tag, bad)
    c.add(raw)
    cases.append(c)

    c = Case("18b-invalid-utf8-multibyte.jsonl", "assumed",
             "truncated/overlong/surrogate UTF-8 sequences: document kept; expected text assumes one U+FFFD per bad byte (Go)")
    d = doc_of([sp("multibyte", attrs=[kv("trunc3", S("a@T@b")), kv("overlong", S("a@O@b")), kv("surrogate", S("a@S@b")),
                                        kv("trunc4-at-end", S("z@E@"))])])
    raw = dumps(d).encode()
    for tag, bad in ((b"@T@", b"\xe2\x82"), (b"@O@", b"\xc0\xaf"), (b"@S@", b"\xed\xa0\x80"), (b"@E@", b"\xf0\x9f\x98")):
        raw = raw.replace(tag, bad)
    c.add(raw)
    cases.append(c)

    c = Case("18c-lone-surrogate-escape.jsonl", "collector",
             "\\ud800 lone surrogate escape in a string: document kept, U+FFFD")
    raw = dumps(doc_of([sp("lone-surrogate", attrs=[kv("lone", S("a@L@b")), kv("lone.arr", A(S("@L@")))])])).replace("@L@", "\\ud800")
    c.add(raw.encode())
    cases.append(c)

    c = Case("19-duplicate-attr-keys.jsonl", "contract", "duplicated attribute keys keep the LAST value; keys sorted")
    c.add(doc_of([sp("dups", attrs=[kv("k", I(1)), kv("a", S("x")), kv("k", S("2")), kv("b", Bo(True)), kv("k", S("last")),
                                    kv("a", S("y"))])]))
    cases.append(c)

    c = Case("19b-duplicate-json-keys.jsonl", "collector",
             "same JSON key twice: \"attributes\" lists are appended, scalar fields last wins, AnyValue with two members last wins")
    t1, s1_ = ids.trace(), ids.span()
    raw = ('{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"dupjson"}}]},'
           '"scopeSpans":[{"spans":[{"traceId":"%s","spanId":"%s","name":"first-name","name":"dup-json-keys",'
           '"startTimeUnixNano":"%d","endTimeUnixNano":"%d",'
           '"attributes":[{"key":"a","value":{"stringValue":"1"}},{"key":"b","value":{"stringValue":"b1"}}],'
           '"attributes":[{"key":"c","value":{"intValue":"3"}},{"key":"b","value":{"stringValue":"b2"}}],'
           '"status":{"code":2},"status":{"code":1}},'
           '{"traceId":"%s","spanId":"%s","name":"two-members","startTimeUnixNano":"%d","endTimeUnixNano":"%d",'
           '"attributes":[{"key":"sv-then-iv","value":{"stringValue":"s","intValue":"7"}},'
           '{"key":"iv-then-sv","value":{"intValue":"7","stringValue":"s"}}]}]}]}]}'
           % (t1, s1_, t, t + 1000, ids.trace(), ids.span(), t, t + 1000))
    c.add(raw.encode())
    cases.append(c)

    c = Case("20-huge-string.jsonl", "contract", "a 10 MB string attribute value (with escapes spread through it) between normal documents")
    rng = random.Random(seed + 20)
    piece = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789 ") for _ in range(997)) + "\n\u00e9\""
    big = (piece * (10 * MB // len(piece.encode()) + 1))[: 10 * MB // 1]  # ~10.0 M characters
    c.add(good(1))
    c.add(doc_of([sp("huge-string", attrs=[kv("big", S(big)), kv("small", S("s"))])]))
    c.add(good(1, "good-last"))
    cases.append(c)

    c = Case("21-deep-nesting.jsonl", "contract",
             "arrayValue nested 10 levels converts; 5000 levels of arrayValue or kvlistValue reject the document")

    def nest_array(n):
        v = I(1)
        for _ in range(n):
            v = A(v)
        return v

    def nest_kv(n):
        v = S("leaf")
        for _ in range(n):
            v = K(("k", v))
        return v

    def deep_doc(name, v):
        # built as text: json.dumps would hit Python's recursion limit
        return dumps(doc_of([sp(name, attrs=[kv("deep", S("@DEEP@"))])])).replace('{"stringValue":"@DEEP@"}', v).encode()

    c.add(good(1))
    c.add(doc_of([sp("nest-10", attrs=[kv("deep", nest_array(10))])]))
    c.add(deep_doc("nest-5000-array", '{"arrayValue":{"values":[' * 5000 + '{"intValue":"1"}' + ']}}' * 5000))
    c.add(deep_doc("nest-5000-kvlist", '{"kvlistValue":{"values":[{"key":"k","value":' * 5000 + '{"stringValue":"x"}' + '}]}}' * 5000))
    c.add(good(1, "good-last"))
    cases.append(c)

    c = Case("21b-deep-unknown-field.jsonl", "assumed",
             "an unknown field nested 100000 levels deep is skipped like any unknown field (must not crash); the collector's depth limit would reject it")
    c.add(good(1))
    c.add(b'{"unknown":' + b"[" * 100000 + b"]" * 100000 + b"," + dumps(good(1, "deep-unknown"))[1:].encode(),
          force="rows")
    c.add(good(1, "good-last"))
    cases.append(c)

    # --- framing ---------------------------------------------------------------------
    c = Case("22-truncated-middle.jsonl", "contract",
             "two truncated documents in the middle of a JSONL file (cut inside a string, cut after '{'): each rejected, neighbours fine")
    c.add(good(1, "line1")).add(good(2, "line2"))
    full = dumps(good(3, "truncated"))
    c.add(full[: full.index('"name":"truncated-1"') + 15].encode())  # ends inside a string
    c.add(good(1, "line4"))
    c.add(full[: full.index('"spans":[') + 10].encode())  # ends right after '{'
    c.add(good(1, "line6"))
    cases.append(c)

    c = Case("22b-truncated-at-eof.jsonl", "contract", "last document cut off at EOF without newline: rejected; the others convert")
    c.add(good(1, "line1")).add(good(1, "line2"))
    full = dumps(good(2, "cut"))
    c.add(full[: len(full) // 2].encode(), sep=b"")
    cases.append(c)

    c = Case("23-binary-garbage.bin", "assumed",
             "64 KiB of random bytes without any newline: one rejected document, exit 1 (not an I/O error)")
    rng = random.Random(seed + 23)
    garbage = bytearray([0x01])
    while len(garbage) < 65536:
        bt = rng.getrandbits(8)
        if bt != 0x0A:
            garbage.append(bt)
    c.add(bytes(garbage), sep=b"", force="reject")
    cases.append(c)

    c = Case("24-empty.jsonl", "contract", "empty file: nothing, exit 0")
    c.raw = b""
    cases.append(c)

    c = Case("25-whitespace-only.jsonl", "contract", "whitespace-only file: nothing, exit 0")
    c.raw = b" \n\t\r\n   \n\n\t"
    cases.append(c)

    c = Case("26-pretty-multi.json", "contract", "three pretty-printed documents, one after another (blank line, none, tabs between)")
    c.add(good(2, "pretty-a"), indent=2, sep=b"\n\n")
    c.add(good(1, "pretty-b"), indent=4, sep=b"")
    c.add(good(3, "pretty-c"), indent="\t", sep=b"\n")
    cases.append(c)

    c = Case("27-concatenated.jsonl", "contract", "documents concatenated on one line: '}{', '} {', '}\\t{' and a CRLF")
    c.add(good(1, "c1"), sep=b"").add(good(2, "c2"), sep=b" ").add(good(1, "c3"), sep=b"\t")
    c.add(good(1, "c4"), sep=b"\r\n").add(good(1, "c5"), sep=b"")
    cases.append(c)

    c = Case("28-not-an-object.jsonl", "contract",
             "top-level JSON array, number, string and true are rejected; each is followed by a good document line")
    c.add(good(1))
    c.add(b"[" + dumps(good(1, "in-array")).encode() + b"]").add(good(1, "after-array"))
    c.add(b"42").add(good(1, "after-number"))
    c.add(b'"resourceSpans"').add(good(1, "after-string"))
    c.add(b"true").add(good(1, "after-true"))
    cases.append(c)

    c = Case("29-other-signals.jsonl", "contract", "resourceLogs and resourceMetrics documents convert into their own tables; the traces in the same file give the trace rows")
    logs = {"resourceLogs": [{"resource": {"attributes": [kv("service.name", S("logsvc"))]},
                              "scopeLogs": [{"logRecords": [{"timeUnixNano": str(t), "body": S("hello"), "severityNumber": 9}]}]}]}
    metrics = {"resourceMetrics": [{"resource": {}, "scopeMetrics": [{"metrics": [{"name": "m", "gauge": {"dataPoints": [{"asInt": "1", "timeUnixNano": str(t)}]}}]}]}]}
    c.add(logs).add(good(2, "traces")).add(metrics)
    c.add({"resource_logs": [{"scope_logs": [{"log_records": [{"body": S("snake")}]}]}]})
    cases.append(c)

    c = Case("29b-logs-only.jsonl", "contract", "a file with only resourceLogs: no trace rows, converted, exit 0")
    c.add(logs)
    cases.append(c)

    c = Case("30-bare-resourcespans.jsonl", "lead", "each line a bare ResourceSpans object (Java logging exporter style): rows from it")
    for i in range(3):
        c.add(good(i + 1, "bare%d" % i)["resourceSpans"][0])
    cases.append(c)

    c = Case("31-instrumentation-library.jsonl", "lead",
             "pre-1.0 instrumentationLibrarySpans/instrumentationLibrary keys accepted as aliases (the collector would give 0 rows)")
    d = good(2, "ils")
    rs = d["resourceSpans"][0]
    ss = rs.pop("scopeSpans")[0]
    ss["instrumentationLibrary"] = ss.pop("scope")
    rs["instrumentationLibrarySpans"] = [ss]
    c.add(d)
    cases.append(c)

    # --- values and resources ----------------------------------------------------------
    c = Case("32-attr-value-types.jsonl", "contract", "every AnyValue kind at top level: string, int, double, bool, bytes, empty, missing value")
    c.add(doc_of([sp("types", attrs=[kv("s", S("text")), kv("i", I(-7)), kv("d", D(3.25)), kv("t", Bo(True)),
                                     kv("f", Bo(False)), kv("y", Y(b"\x01\x02")), kv("y.hello", Y(b"Hello World")),
                                     kv("y.empty", {"bytesValue": ""}), kv("empty", {}), {"key": "no-value"},
                                     kv("y.padded2", Y(b"\xff\xfe\xfd\xfc"))])]))
    cases.append(c)

    c = Case("33-bytes-invalid.jsonl", "collector", "bytesValue must be standard padded base64: url-safe, unpadded and non-base64 reject the document")
    c.add(good(1))
    c.add(doc_of([sp("urlsafe", attrs=[kv("y", {"bytesValue": "-_8="})])]))
    c.add(doc_of([sp("unpadded", attrs=[kv("y", {"bytesValue": "AQI"})])]))
    c.add(doc_of([sp("garbage", attrs=[kv("y", {"bytesValue": "!!!!"})])]))
    c.add(good(1, "good-last"))
    cases.append(c)

    c = Case("34-service-name.jsonl", "contract",
             "service_name: absent or empty -> unknown; non-string values rendered as strings; not first attribute")
    rsl = []
    for label, attrs in [("absent", [kv("host.name", S("h"))]), ("empty", [kv("service.name", S(""))]),
                         ("int", [kv("service.name", I(42))]), ("bool", [kv("service.name", Bo(True))]),
                         ("double", [kv("service.name", D(1.5))]), ("array", [kv("service.name", A(S("a"), S("b")))]),
                         ("later", [kv("host.name", S("h")), kv("k8s.pod.name", S("p")), kv("service.name", S("later-svc"))]),
                         ("no-resource", None)]:
        r = {"scopeSpans": [{"spans": [sp("svc-" + label)]}]}
        if attrs is not None:
            r["resource"] = {"attributes": attrs}
        rsl.append(r)
    c.add({"resourceSpans": rsl})
    cases.append(c)

    c = Case("34b-service-name-duplicate.jsonl", "lead", "service.name given twice in one resource: the last wins, as for every attribute (the collector's exporter takes the first)")
    c.add(doc_of([sp("dup-service")], service="first", res_attrs=[kv("service.name", S("second"))]))
    cases.append(c)

    c = Case("35-many-lines.jsonl", "contract", "1000 small JSONL documents of one span each")
    for i in range(1000):
        c.add(doc_of([sp("many-%d" % i, start=t + i * 1000, end=t + i * 1000 + 1_000_000)]))
    cases.append(c)

    c = Case("36-crlf.jsonl", "contract", "CRLF line endings")
    for i in range(3):
        c.add(good(1, "crlf%d" % i), sep=b"\r\n")
    cases.append(c)

    c = Case("37-empty-containers.jsonl", "contract", "empty resourceSpans/scopeSpans/spans lists and empty resource/scope objects")
    c.add({"resourceSpans": []}).add({"resourceSpans": [{}]}).add({"resourceSpans": [{"resource": {}, "scopeSpans": []}]})
    c.add({"resourceSpans": [{"scopeSpans": [{"spans": []}, {}]}]})
    c.add({"resourceSpans": [{"scopeSpans": [{"spans": [{}]}]}]})  # one span with every field default
    cases.append(c)

    c = Case("37b-empty-object.jsonl", "assumed", "documents {} and {\"resourceSpans\":null} (no signal): 0 rows, not rejected; skipped count not checked")
    c.add({})
    c.add({"resourceSpans": None, "unknown": 1})
    c.skipped_checked = False
    cases.append(c)

    c = Case("38-int-field-invalid.jsonl", "collector",
             "integer fields with fraction, exponent, sign or overflow reject the document")
    c.add(good(1))
    for name, field, val in [("frac-num", "startTimeUnixNano", 1.5), ("exp-str", "startTimeUnixNano", "1e18"),
                             ("neg-str", "endTimeUnixNano", "-1"), ("u64-overflow", "startTimeUnixNano", 2**64),
                             ("u64-overflow-str", "endTimeUnixNano", str(2**64)), ("bool", "startTimeUnixNano", True)]:
        c.add(doc_of([sp(name, **{field: val})]))
    for name, val in [("int-overflow", I(2**63)), ("int-frac", I(1.5, True)), ("int-empty-str", {"intValue": ""})]:
        c.add(doc_of([sp(name, attrs=[kv("i", val)])]))
    c.add(good(1, "good-last"))
    cases.append(c)

    c = Case("39-escaped-keys.jsonl", "collector", "object keys written with \\u escapes (\\u0074raceId == traceId) are the same keys")
    raw = dumps(doc_of([sp("escaped-keys", attrs=[kv("k", S("v"))])]))
    raw = raw.replace('"traceId"', '"\\u0074raceId"').replace('"stringValue"', '"string\\u0056alue"').replace('"name"', '"n\\u0061me"')
    c.add(raw.encode())
    cases.append(c)

    c = Case("40-big-numbers-unknown-field.jsonl", "collector",
             "unknown fields holding numbers no parser can represent (1e400, 40 digits, -0): ignored")
    d = good(1, "big-numbers")
    raw = dumps(d)[:-1] + ',"u1":1e400,"u2":1234567890123456789012345678901234567890,"u3":-0,"u4":[-1e-400]}'
    c.add(raw.encode())
    cases.append(c)

    c = Case("41-events-links.jsonl", "contract", "events and links (with odd but valid contents) are parsed and ignored")
    c.add(doc_of([sp("with-events", events=[{"timeUnixNano": str(2**64 - 1), "name": "", "attributes": [kv("n", D("NaN")), kv("a", A(D("Infinity")))]},
                                             {"timeUnixNano": 0}, {}],
                     links=[{"traceId": "", "spanId": ""}, {"traceId": ids.trace().upper(), "spanId": ids.span(), "flags": 1,
                                                           "traceState": "k=v", "attributes": [kv("x", K(("a", I(1))))]}],
                     droppedEventsCount=5, droppedLinksCount="2")]))
    cases.append(c)

    c = Case("41b-link-bad-id.jsonl", "lead", "a link with a wrong-length traceId: links are not read by the flat schema, so the document converts (the collector would fail it)")
    c.add(good(1))
    c.add(doc_of([sp("bad-link", links=[{"traceId": "abc", "spanId": ids.span()}])]))
    cases.append(c)

    # --- compressed input (detected by magic bytes) ------------------------------------
    c = Case("50-zstd-frames.jsonl.zst", "contract",
             "zstd: two frames (split inside a document) with raw and RLE blocks and a skippable frame between them")
    for i in range(4):
        c.add(good(i + 1, "zstd%d" % i))
    c.wrap = lambda data: (zstd_frame(data[: len(data) // 2 + 7], rle_tail=b" " * 300)
                           + zstd_skippable(b"skip me") + zstd_frame(data[len(data) // 2 + 7:]))
    cases.append(c)

    c = Case("51-snappy-framed.jsonl.sz", "contract",
             "snappy framing: compressed and uncompressed chunks, a 200 KB document across chunks, padding, skippable chunk, repeated stream identifier")
    c.add(good(2, "sz-a"))
    c.add(doc_of([sp("sz-big", attrs=[kv("blob", S("0123456789abcdef" * 12500))])]))
    c.add(good(3, "sz-b"))
    c.wrap = snappy_framed
    cases.append(c)

    c = Case("52-zstd-with-bad-document.jsonl.zst", "contract",
             "rejection inside a zstd stream: the bad document is rejected, the others convert")
    c.add(good(1)).add(doc_of([sp("bad", traceId="xyz")])).add(good(2, "good-last"))
    c.wrap = zstd_frame
    cases.append(c)

    c = Case("53-zstd-truncated.jsonl.zst", "assumed",
             "zstd stream cut inside its last block: an input (I/O) error, exit 3; stats not checked", expectation="exit:3")
    c.add(good(3, "ztrunc"))
    c.wrap = lambda data: zstd_frame(data)[:-40]
    c.rows_checked = c.skipped_checked = c.rejected_checked = False
    cases.append(c)

    c = Case("54-snappy-bad-crc.jsonl.sz", "assumed",
             "snappy framed stream whose data chunk has a wrong CRC-32C: an input (I/O) error, exit 3; stats not checked",
             expectation="exit:3")
    c.add(good(2, "szcrc"))
    c.wrap = lambda data: snappy_framed(data, corrupt_crc=True)
    c.rows_checked = c.skipped_checked = c.rejected_checked = False
    cases.append(c)

    return cases


# zstd frames made of raw/RLE blocks and the snappy framing format, written by hand (stdlib only)

def zstd_frame(data, rle_tail=b""):
    """One zstd frame holding data (raw blocks of <= 128 KiB) and, if given, a trailing RLE block
    of a repeated byte."""
    content = len(data) + len(rle_tail)
    out = bytearray(b"\x28\xb5\x2f\xfd")
    out.append(0xE0)  # FCS field 8 bytes, single segment, no checksum, no dictionary
    out += content.to_bytes(8, "little")
    blocks = [(0, data[i:i + 131072]) for i in range(0, len(data), 131072)] or [(0, b"")]
    if rle_tail:
        assert rle_tail == rle_tail[:1] * len(rle_tail)
        blocks.append((1, rle_tail))
    for n, (btype, payload) in enumerate(blocks):
        last = 1 if n == len(blocks) - 1 else 0
        out += (last | btype << 1 | len(payload) << 3).to_bytes(3, "little")
        out += payload if btype == 0 else payload[:1]
    return bytes(out)


def zstd_skippable(payload):
    return (0x184D2A53).to_bytes(4, "little") + len(payload).to_bytes(4, "little") + payload


def _crc32c_table():
    table = []
    for i in range(256):
        crc = i
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
        table.append(crc)
    return table


_CRC32C = _crc32c_table()


def crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc = _CRC32C[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def _masked_crc(data):
    crc = crc32c(data)
    return ((((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF).to_bytes(4, "little")


def snappy_compress(data):
    """Valid (if naive) raw snappy: greedy 4-byte matches as 2-byte-offset copies, else literals."""
    out = bytearray()
    n = len(data)
    v = n
    while True:  # varint length preamble
        if v < 0x80:
            out.append(v)
            break
        out.append(v & 0x7F | 0x80)
        v >>= 7
    table = {}
    i = lit = 0

    def literal(a, b):
        while a < b:
            m = min(b - a, 65536)
            if m <= 60:
                out.append((m - 1) << 2)
            else:
                out.append(61 << 2)
                out.extend((m - 1).to_bytes(2, "little"))
            out.extend(data[a:a + m])
            a += m

    while i + 4 <= n:
        key = data[i:i + 4]
        j = table.get(key)
        table[key] = i
        if j is not None and 0 < i - j < 65536:
            literal(lit, i)
            length = 4
            while i + length < n and length < 64 and data[j + length] == data[i + length]:
                length += 1
            out.append(((length - 1) << 2) | 2)
            out += (i - j).to_bytes(2, "little")
            i += length
            lit = i
        else:
            i += 1
    literal(lit, n)
    return bytes(out)


def snappy_framed(data, corrupt_crc=False):
    ident = b"\xff\x06\x00\x00sNaPpY"

    def chunk(ctype, payload):
        return bytes([ctype]) + len(payload).to_bytes(3, "little") + payload

    out = bytearray(ident)
    pieces = [data[i:i + 65536] for i in range(0, len(data), 65536)]
    for n, piece in enumerate(pieces):
        crc = _masked_crc(piece)
        if corrupt_crc and n == len(pieces) - 1:
            crc = bytes([crc[0] ^ 0x55]) + crc[1:]
        if n % 2 == 0:
            out += chunk(0x00, crc + snappy_compress(piece))
        else:
            out += chunk(0x01, crc + piece)
        if n == 0:
            out += chunk(0xFE, b"\x00" * 10)          # padding
            out += chunk(0x80, b"skippable chunk")   # reserved skippable
            out += ident                             # the identifier may repeat
    return bytes(out)


def _shallow_unknown(raw):
    """Replace a leading huge nested unknown field by an empty one, for the reference model."""
    m = re.match(rb'\{"unknown":(\[+)(\]+),', raw)
    assert m and len(m.group(1)) == len(m.group(2))
    return b'{"unknown":[],' + raw[m.end():]


def adversarial(args):
    os.makedirs(args.out_dir, exist_ok=True)
    cases = build_cases(args.seed)
    manifest = []
    expected_lines = []
    total = 0
    for c in cases:
        if c.raw is not None:
            data = c.raw
            chunks = []
        else:
            data = b"".join(ch + sep for ch, sep in zip(c.chunks, c.seps))
            chunks = c.chunks
        stored = c.wrap(data) if c.wrap else data
        with open(os.path.join(args.out_dir, c.name), "wb") as f:
            f.write(stored)
        total += len(stored)
        rows = rejected = skipped = 0
        offset = 0
        for i, (ch, sep) in enumerate(zip(chunks, c.seps)):
            line = data.count(b"\n", 0, offset) + 1
            kind, res = evaluate(ch)
            if i in c.expect_kind and c.expect_kind[i] != kind:
                if c.expect_kind[i] == "rows":  # the reference model's own depth limit is not the contract's
                    kind, res = evaluate(_shallow_unknown(ch))
                else:
                    kind, res = c.expect_kind[i], "forced"
            if kind == "reject":
                rejected += 1
                expected_lines.append({"file": c.name, "kind": "reject", "line": line, "offset": offset, "why": res})
            elif kind == "skip":
                skipped += 1
                expected_lines.append({"file": c.name, "kind": "skip", "line": line, "offset": offset, "why": res})
            else:
                for r in res:
                    for k, v in list(r["attributes"].items()):
                        if len(v.encode()) > 4096:
                            r["attributes"][k] = {"$md5": hashlib.md5(v.encode()).hexdigest(), "$bytes": len(v.encode())}
                    expected_lines.append({"file": c.name, "kind": "row", "index": rows, "row": r,
                                           "unchecked": c.unchecked.get(i, [])})
                    rows += 1
            offset += len(ch) + len(sep)
        if c.expectation:
            expectation = c.expectation
        elif rejected:
            expectation = "reject:%d" % rejected
        else:
            expectation = "rows:%d" % rows
        manifest.append("\t".join([c.name, expectation, str(rows) if c.rows_checked else "-",
                                   str(rejected) if c.rejected_checked else "-",
                                   str(skipped) if c.skipped_checked else "-", c.basis, c.description]))
    with open(os.path.join(args.out_dir, "MANIFEST.tsv"), "w", encoding="utf-8") as f:
        f.write("# otelflat adversarial inputs, generated by scripts/gen-traces.py adversarial --seed %d\n" % args.seed)
        f.write("# expectation: rows:N (exit 0, 0 rejected, N rows) | reject:N (exit 1 with default --max-errors 0, N rejected)"
                " | ok (exit 0, rows unchecked) | exit:N (exit code N, stats unchecked)\n")
        f.write("# compressed files (.zst, .sz): EXPECTED.jsonl lines/offsets refer to the decompressed stream\n")
        f.write("# rows/rejected/skipped: exact --stats rows_written/documents_rejected/documents_skipped ('-' = unchecked)\n")
        f.write("# basis: contract | lead | collector (contract silent, collector behaviour) | assumed (a guess)\n")
        f.write("# per-row expected values: EXPECTED.jsonl (see gen-traces.py --help)\n")
        f.write("file\texpectation\trows\trejected\tskipped\tbasis\tdescription\n")
        for line in manifest:
            f.write(line + "\n")
    with open(os.path.join(args.out_dir, "EXPECTED.jsonl"), "w", encoding="utf-8") as f:
        for e in expected_lines:
            f.write(json.dumps(e, ensure_ascii=False) + "\n")
    print("gen-traces: wrote %d files (%d bytes) + MANIFEST.tsv + EXPECTED.jsonl to %s" % (len(cases), total, args.out_dir),
          file=sys.stderr)


# ---------------------------------------------------------------------------
# selftest of the reference model against otlp-json.md section 5
# ---------------------------------------------------------------------------

def selftest(_args):
    doubles = [(1.0, "1"), (-0.0, "-0"), (0.1, "0.1"), (0.1 + 0.2, "0.30000000000000004"), (1 / 3, "0.3333333333333333"),
               (123456789.0, "123456789"), (-2.5, "-2.5"), (float(9007199254740993), "9007199254740992"),
               (0.000123, "0.000123"), (1e-6, "0.000001"), (1e-7, "1e-7"), (1.5e-7, "1.5e-7"), (1e-10, "1e-10"),
               (5e-324, "5e-324"), (1e20, "100000000000000000000"), (1e21, "1e+21"), (1.2345e22, "1.2345e+22"),
               (1.7976931348623157e308, "1.7976931348623157e+308"), (float(2**60), "1152921504606847000"),
               (float(123456789012345678901), "123456789012345680000"), (0.0, "0"),
               (math.nan, "NaN"), (math.inf, "Infinity"), (-math.inf, "-Infinity")]
    bad = 0
    for x, want in doubles:
        got = go_double(x)
        if got != want:
            print("double %r: got %s want %s" % (x, got, want))
            bad += 1
    values = [(("a", [("s", "a"), ("i", 1), ("d", 1.5), ("b", True), ("e",), ("y", b"\x01\x02")]), '["a",1,1.5,true,null,"AQI="]'),
              (("k", [("b", ("i", 1)), ("a", ("k", [("y", ("s", "z"))])), ("b", ("i", 2))]), '{"a":{"y":"z"},"b":2}'),
              (("a", []), "[]"), (("k", []), "{}"), (("a", [("s", "<a&b>")]), '["<a&b>"]'),
              (("a", [("d", 1.0), ("d", math.nan)]), ""), (("k", [("k", ("d", -0.0))]), '{"k":-0}'),
              (("a", [("s", "\x1f\b\u2028\"\\")]), '["\\u001f\\b\\u2028\\"\\\\"]'),
              (("y", b"\x01\x02"), "AQI="), (("y", b""), ""), (("e",), ""), (("i", -42), "-42"),
              (("i", 2**63 - 1), "9223372036854775807"), (("d", math.nan), "NaN")]
    for v, want in values:
        got = as_string(v)
        if got != want:
            print("value %r: got %r want %r" % (v, got, want))
            bad += 1
    for ns, want in [(1_234_567, 1.23), (-1_235_000, -1.24), (1_235_000, 1.24), (5000, 0.01), (4999, 0.0), (-5000, -0.01)]:
        if _duration_ms(ns) != want:
            print("duration %d: got %r want %r" % (ns, _duration_ms(ns), want))
            bad += 1
    print("selftest: %d passed, %d failed" % (len(doubles) + len(values) + 6 - bad, bad))
    return 1 if bad else 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("realistic", help="JSON lines of realistic ExportTraceServiceRequests to stdout")
    r.add_argument("--size-mb", type=float, required=True, help="stop once at least this many MB (10^6 bytes) are written")
    r.add_argument("--seed", type=int, default=1)
    r.add_argument("--snake-case-fraction", type=float, default=0.0, help="fraction of lines with snake_case keys (0..1)")
    r.add_argument("--summary", action="store_true", help="print lines/spans/bytes on stderr at the end")
    for mode, what in (("realistic-logs", "ExportLogsServiceRequests"),
                       ("realistic-metrics", "ExportMetricsServiceRequests")):
        lm = sub.add_parser(mode, help="JSON lines of realistic %s to stdout" % what)
        lm.add_argument("--size-mb", type=float, required=True, help="stop once at least this many MB (10^6 bytes) are written")
        lm.add_argument("--seed", type=int, default=1)
        lm.add_argument("--snake-case-fraction", type=float, default=0.1, help="fraction of lines with snake_case keys (0..1)")
        lm.add_argument("--summary", action="store_true", help="print lines/records/bytes on stderr at the end")
    a = sub.add_parser("adversarial", help="edge-case files + MANIFEST.tsv + EXPECTED.jsonl")
    a.add_argument("--out-dir", required=True)
    a.add_argument("--seed", type=int, default=1)
    e = sub.add_parser("expect", help="expected rows of well-formed input files (reference model)")
    e.add_argument("--time-format", choices=["text", "ticks"], default="text")
    e.add_argument("files", nargs="*")
    sub.add_parser("selftest", help="check the reference model against otlp-json.md tables")
    args = ap.parse_args(argv)
    if args.cmd == "realistic":
        if args.size_mb < 0 or not 0 <= args.snake_case_fraction <= 1:
            ap.error("--size-mb must be >= 0 and --snake-case-fraction in [0, 1]")
        try:
            realistic(args)
        except BrokenPipeError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
        return 0
    if args.cmd in ("realistic-logs", "realistic-metrics"):
        if args.size_mb < 0 or not 0 <= args.snake_case_fraction <= 1:
            ap.error("--size-mb must be >= 0 and --snake-case-fraction in [0, 1]")
        try:
            (realistic_logs if args.cmd == "realistic-logs" else realistic_metrics)(args)
        except BrokenPipeError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
        return 0
    if args.cmd == "adversarial":
        adversarial(args)
        return 0
    if args.cmd == "expect":
        expect(args)
        return 0
    return selftest(args)


if __name__ == "__main__":
    sys.exit(main())
