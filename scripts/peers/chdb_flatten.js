#!/usr/bin/env node
// The flat span table written as ClickHouse SQL over file(..., JSONAsString) with ARRAY JOIN
// and JSONExtract*, run in chDB (ClickHouse in-process): what a ClickHouse expert would do
// instead of otelflat. A peer for scripts/bench; builds every column as JSONEachRow (so nothing is
// optimised away) and prints the output's size.
//   node chdb_flatten.js FILE.jsonl
'use strict';
const path = require('path');
const { query } = require(path.join(__dirname, '..', '..', 'tests', 'e2e', 'node_modules', 'chdb'));

const file = path.resolve(process.argv[2]);
const sql = `
  SELECT
    toDateTime64(intDiv(toUInt64(JSONExtractString(span, 'startTimeUnixNano')), 1000) / 1e6, 6, 'UTC') AS timestamp,
    lower(JSONExtractString(span, 'traceId')) AS trace_id,
    lower(JSONExtractString(span, 'spanId')) AS span_id,
    lower(JSONExtractString(span, 'parentSpanId')) AS parent_span_id,
    arrayFirst(a -> JSONExtractString(a, 'key') = 'service.name', JSONExtractArrayRaw(rs, 'resource', 'attributes')) AS svc_attr,
    if(svc_attr = '', 'unknown', JSONExtractString(svc_attr, 'value', 'stringValue')) AS service_name,
    JSONExtractString(span, 'name') AS span_name,
    round((toInt64(JSONExtractString(span, 'endTimeUnixNano')) - toInt64(JSONExtractString(span, 'startTimeUnixNano'))) / 1e6, 2) AS duration_ms,
    JSONExtractInt(span, 'status', 'code') AS status_code,
    mapFromArrays(
      arrayMap(a -> JSONExtractString(a, 'key'), JSONExtractArrayRaw(span, 'attributes')),
      arrayMap(a -> JSONExtractRaw(JSONExtractRaw(a, 'value')), JSONExtractArrayRaw(span, 'attributes'))) AS attributes,
    lower(hex(MD5(concat(trace_id, span_id)))) AS fingerprint
  FROM file('${file}', 'JSONAsString', 'json String')
  ARRAY JOIN JSONExtractArrayRaw(json, 'resourceSpans') AS rs
  ARRAY JOIN JSONExtractArrayRaw(rs, 'scopeSpans') AS ss
  ARRAY JOIN JSONExtractArrayRaw(ss, 'spans') AS span
SETTINGS max_threads = 1`;
// max_threads stays at 1 here for the one-thread comparison; the bench runs it once more with
// every core (CHDB_THREADS=0).
const threads = process.env.CHDB_THREADS ?? '1';
const out = query(sql.replace('max_threads = 1', `max_threads = ${threads}`), 'JSONEachRow');
process.stdout.write(`rows=${out.split('\n').length - 1} bytes=${out.length}\n`);
