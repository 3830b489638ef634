#!/usr/bin/env node
// End-to-end test of otelflat through a real ClickHouse engine (chDB 3.4.0 =
// ClickHouse 26.7 in-process) against an independent Python oracle, for all three
// flat tables: otel_traces_processed, otel_logs_processed, otel_metrics_processed.
//
//   node tests/e2e/run.js [--otelflat PATH] [--work DIR] [--generated]
//                         [--no-fixtures] [--keep] [--verbose] [INPUT...]
//
// Default inputs (when no INPUT is given and --generated is absent):
//   every data file under ../shared/corpus/public (relative to the repo; SOURCES.md
//   excluded), every file in tests/e2e/fixtures, and a synthetic file built here
//   (70,000 spans with 70,000 distinct span names: LowCardinality dictionaries
//   with UInt16 and UInt32 indexes, multi-block Native streams).
// --generated: runs scripts/gen-traces.py realistic --size-mb 20 --seed 7,
//   realistic-logs --size-mb 4 --seed 7 and realistic-metrics --size-mb 4 --seed 7,
//   plus a file interleaving lines of all three signals, and checks those (plus any
//   INPUTs given).
// Extra global cases: --ddl / --ddl NAME / --ddl all, the --stats line, all Native
// outputs concatenated (`cat a.native b.native ...`) per table, and all inputs in
// one otelflat invocation.
//
// Per input file, otelflat runs with `--table otel_traces_processed --out
// otel_logs_processed=F --out otel_metrics_processed=F` in every variant (formats,
// block sizes, stdin, compression), plus routing variants (logs to stdout and the
// others to files; --table metrics alone, the others unrouted; no --table at all,
// the default table). A fresh chDB Session in WORK/<case>/db gets each table
// created from `otelflat --ddl all`. The comparison tables have their ENGINE
// rewritten from ReplacingMergeTree(version) to plain MergeTree: a
// ReplacingMergeTree collapses rows with equal sorting keys at insert time
// (optimize_on_insert=1) and in background merges, so reading it without FINAL is
// not a stable multiset and reading it with FINAL hides duplicates. Plain MergeTree
// keeps every row written. The unmodified DDL (and, for traces, the issue's
// original DDL with DateTime64(6) without 'UTC') are tested separately, with
// FINAL, against the oracle rows deduplicated the way ReplacingMergeTree does it.
//
// Exit 0 only if every case passed. Last line: `e2e: N passed, M failed`.

'use strict';

const fs = require('fs');
const path = require('path');
const os = require('os');
const crypto = require('crypto');
const { spawnSync } = require('child_process');

const HERE = __dirname;
const REPO = path.resolve(HERE, '..', '..');
const CORPUS = path.resolve(REPO, '..', 'shared', 'corpus', 'public');
const FIXTURES = path.join(HERE, 'fixtures');
const ORACLE = path.join(HERE, 'oracle.py');
const SNAPPY = path.join(HERE, 'snappy_frame.py');

// ---------------------------------------------------------------------------
// the three tables

// Float64 scalars / arrays and 64-bit integers need care when read back: doubles
// are compared by their shortest round-trip text (NaN, Infinity, -Infinity, -0
// kept), 64-bit integers as decimal strings.
const TABLES = {
  traces: {
    name: 'otel_traces_processed',
    short: 'traces',
    columns: ['timestamp', 'trace_id', 'span_id', 'parent_span_id', 'service_name',
      'span_name', 'duration_ms', 'status_code', 'attributes', 'fingerprint'],
    types: {
      timestamp: "DateTime64(6, 'UTC')", trace_id: 'String', span_id: 'String',
      parent_span_id: 'String', service_name: 'LowCardinality(String)',
      span_name: 'LowCardinality(String)', duration_ms: 'Float64',
      status_code: 'LowCardinality(String)', attributes: 'Map(String, String)',
      fingerprint: 'String',
    },
    times: ['timestamp'],
    version: 'timestamp',
    partition: 'toDate(timestamp)',
    sorting: ['service_name', 'fingerprint'],
    floats: ['duration_ms'],
    maps: { attributes: 'attr' },
    partners: [['trace_id', 'span_id', 'span_name'], ['trace_id', 'span_id'], ['span_name']],
  },
  logs: {
    name: 'otel_logs_processed',
    short: 'logs',
    columns: ['timestamp', 'observed_timestamp', 'trace_id', 'span_id', 'service_name',
      'severity_text', 'severity_number', 'body', 'attributes', 'resource_attributes',
      'scope_name', 'event_name', 'fingerprint'],
    types: {
      timestamp: "DateTime64(6, 'UTC')", observed_timestamp: "DateTime64(6, 'UTC')",
      trace_id: 'String', span_id: 'String', service_name: 'LowCardinality(String)',
      severity_text: 'LowCardinality(String)', severity_number: 'UInt8', body: 'String',
      attributes: 'Map(String, String)', resource_attributes: 'Map(String, String)',
      scope_name: 'LowCardinality(String)', event_name: 'LowCardinality(String)',
      fingerprint: 'String',
    },
    times: ['timestamp', 'observed_timestamp'],
    version: 'observed_timestamp',
    partition: 'toDate(timestamp)',
    sorting: ['service_name', 'timestamp', 'fingerprint'],
    floats: [],
    maps: { attributes: 'attr', resource_attributes: 'res' },
    partners: [['timestamp_us', 'trace_id', 'span_id', 'body'], ['timestamp_us', 'body'],
      ['fingerprint'], ['body']],
  },
  metrics: {
    name: 'otel_metrics_processed',
    short: 'metrics',
    columns: ['time', 'start_time', 'service_name', 'metric_name', 'metric_type', 'unit',
      'description', 'value', 'count', 'sum', 'min', 'max', 'bucket_bounds', 'bucket_counts',
      'quantiles', 'quantile_values', 'temporality', 'is_monotonic', 'exp_scale',
      'exp_zero_count', 'exp_zero_threshold', 'exp_positive_offset', 'exp_positive_counts',
      'exp_negative_offset', 'exp_negative_counts', 'flags', 'attributes',
      'resource_attributes', 'scope_name', 'fingerprint'],
    types: {
      time: "DateTime64(6, 'UTC')", start_time: "DateTime64(6, 'UTC')",
      service_name: 'LowCardinality(String)', metric_name: 'LowCardinality(String)',
      metric_type: 'LowCardinality(String)', unit: 'LowCardinality(String)',
      description: 'String', value: 'Float64', count: 'UInt64', sum: 'Float64',
      min: 'Float64', max: 'Float64', bucket_bounds: 'Array(Float64)',
      bucket_counts: 'Array(UInt64)', quantiles: 'Array(Float64)',
      quantile_values: 'Array(Float64)', temporality: 'LowCardinality(String)',
      is_monotonic: 'Bool', exp_scale: 'Int32', exp_zero_count: 'UInt64',
      exp_zero_threshold: 'Float64', exp_positive_offset: 'Int32',
      exp_positive_counts: 'Array(UInt64)', exp_negative_offset: 'Int32',
      exp_negative_counts: 'Array(UInt64)', flags: 'UInt32',
      attributes: 'Map(String, String)', resource_attributes: 'Map(String, String)',
      scope_name: 'LowCardinality(String)', fingerprint: 'String',
    },
    times: ['time', 'start_time'],
    version: 'time',
    partition: 'toDate(time)',
    sorting: ['service_name', 'metric_name', 'time', 'fingerprint'],
    floats: ['value', 'sum', 'min', 'max', 'exp_zero_threshold'],
    floatArrays: ['bucket_bounds', 'quantiles', 'quantile_values'],
    maps: { attributes: 'attr', resource_attributes: 'res' },
    partners: [['metric_name', 'time_us', 'start_time_us', 'attr_keys', 'attr_values'],
      ['metric_name', 'time_us', 'start_time_us'], ['fingerprint'], ['metric_name']],
  },
};
const KINDS = ['traces', 'logs', 'metrics'];
const KIND_OF = Object.fromEntries(KINDS.map((k) => [TABLES[k].name, k]));

// The table DDL as given in the original issue: the same as the contract's, but
// the timestamp column has no time zone.
const ISSUE_DDL = `CREATE TABLE otel_traces_processed (
    timestamp DateTime64(6) CODEC(Delta, ZSTD(1)),
    trace_id String CODEC(ZSTD(1)),
    span_id String CODEC(ZSTD(1)),
    parent_span_id String CODEC(ZSTD(1)),
    service_name LowCardinality(String),
    span_name LowCardinality(String),
    duration_ms Float64 CODEC(ZSTD(1)),
    status_code LowCardinality(String),
    attributes Map(String, String) CODEC(ZSTD(1)),
    fingerprint String CODEC(ZSTD(1))
) ENGINE = ReplacingMergeTree(timestamp)
PARTITION BY toDate(timestamp)
ORDER BY (service_name, fingerprint)`;

const STRICT_NATIVE = 'SETTINGS input_format_skip_unknown_fields = 0, ' +
  'input_format_native_allow_types_conversion = 0';
const STRICT_JSON = 'SETTINGS input_format_skip_unknown_fields = 0';
// Reading rows back: NaN/Inf as strings, 64-bit integers as strings.
const READ_SETTINGS = 'SETTINGS output_format_json_quote_denormals = 1, ' +
  'output_format_json_quote_64bit_integers = 1';

// ---------------------------------------------------------------------------
// command line

function usage(msg) {
  if (msg) process.stderr.write(`run.js: ${msg}\n`);
  process.stderr.write('usage: node tests/e2e/run.js [--otelflat PATH] [--work DIR] ' +
    '[--generated] [--no-fixtures] [--keep] [--verbose] [INPUT...]\n');
  process.exit(2);
}

const opt = {
  otelflat: path.join(REPO, 'build', 'otelflat'),
  work: null, generated: false, fixtures: true, keep: false, verbose: false, inputs: [],
};
{
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i++) {
    switch (a[i]) {
      case '--otelflat': opt.otelflat = a[++i]; break;
      case '--work': opt.work = a[++i]; break;
      case '--generated': opt.generated = true; break;
      case '--no-fixtures': opt.fixtures = false; break;
      case '--keep': opt.keep = true; break;
      case '--verbose': case '-v': opt.verbose = true; break;
      case '-h': case '--help': usage();
      // falls through
      default:
        if (a[i].startsWith('--')) usage(`unknown option ${a[i]}`);
        opt.inputs.push(a[i]);
    }
  }
  if (opt.otelflat === undefined || opt.work === undefined) usage('missing option value');
}
opt.otelflat = path.resolve(opt.otelflat);
if (!fs.existsSync(opt.otelflat)) usage(`otelflat binary not found: ${opt.otelflat}`);
const userWork = opt.work !== null;
opt.work = path.resolve(opt.work || fs.mkdtempSync(path.join(os.tmpdir(), 'otelflat-e2e-')));
fs.mkdirSync(opt.work, { recursive: true });
// Test a private copy: a rebuild during the run must not swap the binary mid-way.
{
  const copy = path.join(opt.work, 'otelflat-under-test');
  fs.copyFileSync(opt.otelflat, copy);
  fs.chmodSync(copy, 0o755);
  opt.binarySource = opt.otelflat;
  opt.otelflat = copy;
}
{
  const r = spawnSync(opt.otelflat, ['--help'], { encoding: 'utf8' });
  const help = `${r.stdout || ''}${r.stderr || ''}`;
  if (!/--out\b/.test(help) || !/--table\b/.test(help)) {
    usage(`${opt.binarySource} has no --table/--out (an otelflat without logs and metrics)`);
  }
}

let chdb;
try {
  chdb = require('chdb');
} catch (e) {
  process.stderr.write(`run.js: cannot load chdb (run "npm ci" in ${HERE}): ${e.message}\n`);
  process.exit(2);
}

// ---------------------------------------------------------------------------
// helpers

function listFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p));
    else if (e.isFile()) out.push(p);
  }
  return out.sort();
}

function sqlStr(s) {
  return "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'";
}

function run(cmd, args, { input, stdinFile, stdoutFile, env } = {}) {
  const o = { maxBuffer: 1 << 30, env: env || process.env };
  let fdIn = null; let fdOut = null;
  if (stdinFile !== undefined) { fdIn = fs.openSync(stdinFile, 'r'); }
  if (stdoutFile !== undefined) { fdOut = fs.openSync(stdoutFile, 'w'); }
  o.stdio = [fdIn !== null ? fdIn : 'pipe', fdOut !== null ? fdOut : 'pipe', 'pipe'];
  if (input !== undefined) o.input = input;
  const r = spawnSync(cmd, args, o);
  if (fdIn !== null) fs.closeSync(fdIn);
  if (fdOut !== null) fs.closeSync(fdOut);
  // EPIPE: the child exited before reading all of its input (reported by its exit status)
  if (r.error && r.error.code !== 'EPIPE') throw new Error(`${cmd}: ${r.error.message}`);
  return {
    status: r.status, signal: r.signal,
    stdout: r.stdout || Buffer.alloc(0), stderr: (r.stderr || Buffer.alloc(0)).toString(),
  };
}

function utf8Compare(a, b) {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function numText(x) {
  if (typeof x !== 'number') return JSON.stringify(x);
  if (Object.is(x, -0)) return '-0';
  return String(x);
}

// A Float64 read back from ClickHouse (number, or "nan"/"inf"/"-inf" strings) or
// from the oracle (number, or "NaN"/"Infinity"/"-Infinity") -> canonical text.
function fnum(x) {
  if (typeof x === 'string') {
    const l = x.toLowerCase();
    if (l.includes('nan')) return 'NaN';
    if (/^-inf/.test(l)) return '-Infinity';
    if (/^\+?inf/.test(l)) return 'Infinity';
    return numText(Number(x));
  }
  return numText(x);
}

const UINT64_ARRAYS = new Set(['bucket_counts', 'exp_positive_counts', 'exp_negative_counts']);

// Canonical row: a plain object with fixed key order. Times as decimal microsecond
// strings (<c>_us); maps as ordered key and value arrays (<prefix>_keys,
// <prefix>_values); doubles as text; 64-bit integers as decimal strings.
function canonical(kind, r) {
  const T = TABLES[kind];
  const o = {};
  for (const c of T.columns) {
    if (T.times.includes(c)) o[`${c}_us`] = String(r[`${c}_us`]);
    else if (T.maps[c]) {
      const p = T.maps[c];
      o[`${p}_keys`] = r[`${p}_keys`];
      o[`${p}_values`] = r[`${p}_values`];
    } else if (T.floats.includes(c)) o[c] = fnum(r[c]);
    else if (T.floatArrays && T.floatArrays.includes(c)) o[c] = r[c].map(fnum);
    else if (UINT64_ARRAYS.has(c)) o[c] = r[c].map(String);
    else if (typeof r[c] === 'number') o[c] = String(r[c]);
    else o[c] = r[c];
  }
  return o;
}

function keyOf(c) { return JSON.stringify(c); }

// Oracle line -> canonical row. The traces' timestamp_us may exceed 2^53: keep its
// digits (logs and metrics times are strings already).
function parseOracleLine(kind, line) {
  const fixed = kind === 'traces'
    ? line.replace(/^\{"timestamp_us":(-?\d+),/, '{"timestamp_us":"$1",') : line;
  const o = JSON.parse(fixed);
  for (const [c, p] of Object.entries(TABLES[kind].maps)) {
    const keys = Object.keys(o[c]).sort(utf8Compare);
    o[`${p}_keys`] = keys;
    o[`${p}_values`] = keys.map((k) => o[c][k]);
  }
  return canonical(kind, o);
}

function readLines(file) {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.length);
}

// Runs the oracle on FILE; rows per table kind and the summary.
function runOracle(file, dir, extra = [], tag = 'oracle') {
  const lf = path.join(dir, `${tag}.logs.jsonl`);
  const mf = path.join(dir, `${tag}.metrics.jsonl`);
  const r = run('python3', [ORACLE, '--summary', '--logs-out', lf, '--metrics-out', mf, ...extra, file]);
  if (r.status !== 0) throw new Error(`oracle failed on ${file}: ${r.stderr.slice(-2000)}`);
  const rows = {
    traces: r.stdout.toString('utf8').split('\n').filter((l) => l.length)
      .map((l) => parseOracleLine('traces', l)),
    logs: readLines(lf).map((l) => parseOracleLine('logs', l)),
    metrics: readLines(mf).map((l) => parseOracleLine('metrics', l)),
  };
  const summaryLine = r.stderr.trim().split('\n').pop();
  return { rows, summary: JSON.parse(summaryLine) };
}

function lowCard(kind, c) { return /^LowCardinality/.test(TABLES[kind].types[c]); }

function fetchCols(kind) {
  const T = TABLES[kind];
  const cols = [];
  for (const c of T.columns) {
    const t = T.types[c];
    if (T.times.includes(c)) cols.push(`toString(toUnixTimestamp64Micro(${c})) AS ${c}_us`);
    else if (T.maps[c]) cols.push(`mapKeys(${c}) AS ${T.maps[c]}_keys, mapValues(${c}) AS ${T.maps[c]}_values`);
    else if (lowCard(kind, c) || t === 'UInt64') cols.push(`toString(${c}) AS ${c}`);
    else if (t === 'Array(UInt64)') cols.push(`arrayMap(x -> toString(x), ${c}) AS ${c}`);
    else cols.push(c);
  }
  return cols.join(', ');
}

function fetchRows(sess, kind, table) {
  const txt = sess.query(`SELECT ${fetchCols(kind)} FROM ${table} ${READ_SETTINGS}`, 'JSONEachRow');
  return txt.split('\n').filter((l) => l.length).map((l) => canonical(kind, JSON.parse(l)));
}

function scalar(sess, sql) {
  return sess.query(sql, 'TSVRaw').trim();
}

// Multiset comparison; returns null when equal, else a description.
function diffRows(kind, expected, actual, label, names = ['oracle', 'otelflat']) {
  const count = new Map();
  for (const r of expected) { const k = keyOf(r); count.set(k, (count.get(k) || 0) + 1); }
  const extra = [];
  for (const r of actual) {
    const k = keyOf(r);
    const c = count.get(k) || 0;
    if (c > 0) count.set(k, c - 1); else extra.push(r);
  }
  const missing = [];
  for (const r of expected) {
    const k = keyOf(r);
    const c = count.get(k) || 0;
    if (c > 0) { missing.push(r); count.set(k, c - 1); }
  }
  if (!missing.length && !extra.length) return null;
  const out = [`${label}: expected ${expected.length} rows, got ${actual.length}; ` +
    `${missing.length} expected rows missing, ${extra.length} unexpected rows`];
  if (!actual.length) {
    // nothing arrived at all (the run failed; reported above): no row dump
  } else if (missing.length) {
    const m = missing[0];
    let partner;
    for (const fields of TABLES[kind].partners) {
      partner = extra.find((x) => fields.every((f) => JSON.stringify(x[f]) === JSON.stringify(m[f])));
      if (partner) break;
    }
    out.push(`  first missing row (${names[0]}): ${JSON.stringify(m)}`);
    if (partner) {
      out.push(`  closest actual row (${names[1]}): ${JSON.stringify(partner)}`);
      out.push(...fieldDiff(kind, m, partner).map((l) => '    ' + l));
    }
  } else {
    out.push(`  first unexpected row (${names[1]}): ${JSON.stringify(extra[0])}`);
  }
  return out.join('\n');
}

function fieldDiff(kind, exp, act) {
  const lines = [];
  const mapCols = Object.entries(TABLES[kind].maps);
  const skip = new Set(mapCols.flatMap(([, p]) => [`${p}_keys`, `${p}_values`]));
  for (const k of Object.keys(exp)) {
    if (skip.has(k)) continue;
    if (JSON.stringify(exp[k]) !== JSON.stringify(act[k])) {
      lines.push(`${k}: expected ${JSON.stringify(exp[k])}, got ${JSON.stringify(act[k])}`);
    }
  }
  for (const [col, p] of mapCols) {
    const ek = exp[`${p}_keys`]; const ak = act[`${p}_keys`];
    if (JSON.stringify(ek) !== JSON.stringify(ak)) {
      lines.push(`${col} keys (in map order): expected ${JSON.stringify(ek)}, got ${JSON.stringify(ak)}`);
    }
    const em = new Map(ek.map((k, i) => [k, exp[`${p}_values`][i]]));
    const am = new Map(ak.map((k, i) => [k, act[`${p}_values`][i]]));
    for (const [k, v] of em) {
      if (!am.has(k)) lines.push(`${col}[${JSON.stringify(k)}]: expected ${JSON.stringify(v)}, missing`);
      else if (am.get(k) !== v) {
        lines.push(`${col}[${JSON.stringify(k)}]: expected ${JSON.stringify(v)}, got ${JSON.stringify(am.get(k))}`);
      }
    }
    for (const [k, v] of am) {
      if (!em.has(k)) lines.push(`${col}[${JSON.stringify(k)}]: unexpected, got ${JSON.stringify(v)}`);
    }
  }
  return lines;
}

// What ReplacingMergeTree(version) ORDER BY (sorting key) keeps after FINAL: one row
// per sorting key with the largest version.
function canonName(kind, c) { return TABLES[kind].times.includes(c) ? `${c}_us` : c; }

function dedupExpected(kind, rows) {
  const T = TABLES[kind];
  const m = new Map();
  for (const r of rows) {
    const k = JSON.stringify(T.sorting.map((c) => r[canonName(kind, c)]));
    const v = BigInt(r[`${T.version}_us`]);
    if (!m.has(k) || m.get(k) < v) m.set(k, v);
  }
  return [...m.entries()].map(([k, v]) => `${k} ${v}`).sort();
}

function dedupActual(sess, kind, table) {
  const T = TABLES[kind];
  const sel = T.sorting.map((c, i) => (T.times.includes(c)
    ? `toString(toUnixTimestamp64Micro(${c})) AS k${i}` : `toString(${c}) AS k${i}`));
  const txt = sess.query(`SELECT ${sel.join(', ')},
    toString(toUnixTimestamp64Micro(${T.version})) AS v FROM ${table} FINAL`, 'JSONEachRow');
  return txt.split('\n').filter((l) => l.length).map((l) => {
    const o = JSON.parse(l);
    return `${JSON.stringify(T.sorting.map((c, i) => o[`k${i}`]))} ${o.v}`;
  }).sort();
}

function setDiff(expected, actual, label) {
  if (expected.length === actual.length && expected.every((x, i) => x === actual[i])) return null;
  const as = new Set(actual); const es = new Set(expected);
  const miss = expected.filter((x) => !as.has(x));
  const extra = actual.filter((x) => !es.has(x));
  return `${label}: expected ${expected.length} keys, got ${actual.length}` +
    (miss.length ? `; first missing ${miss[0]}` : '') +
    (extra.length ? `; first unexpected ${extra[0]}` : '');
}

function parseStats(stderr) {
  const lines = stderr.split('\n').filter((l) => l.startsWith('otelflat: stats: '));
  if (lines.length !== 1) return null;
  const o = {};
  for (const kv of lines[0].slice('otelflat: stats: '.length).trim().split(/\s+/)) {
    const i = kv.indexOf('=');
    o[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return o;
}

// ---------------------------------------------------------------------------
// DDL

const ddlCache = new Map();
function ddlOut(args) {
  const key = args.join(' ');
  if (!ddlCache.has(key)) {
    const r = run(opt.otelflat, args);
    if (r.status !== 0) throw new Error(`otelflat ${key} exited ${r.status}: ${r.stderr}`);
    ddlCache.set(key, r.stdout.toString('utf8'));
  }
  return ddlCache.get(key);
}
// The DDL of one table kind, from `otelflat --ddl NAME`.
function ddl(kind) { return ddlOut(['--ddl', TABLES[kind].name]); }

// Split a multi-statement DDL text into statements (no ';' occurs inside them).
function splitStatements(text) {
  return text.split(/;\s*(?:\n|$)/).map((s) => s.trim()).filter((s) => s.length);
}

function tableNameOf(stmt) {
  const m = /CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?[`"]?([\w.]+)/i.exec(stmt);
  return m ? m[1] : null;
}

function renameTable(text, name) {
  const re = /CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?[`"\w.]+/i;
  if (!re.test(text)) throw new Error('DDL has no CREATE TABLE <name>');
  return text.replace(re, `CREATE TABLE ${name}`).replace(/;\s*$/, '');
}

function plainMergeTree(text) {
  const re = /ENGINE\s*=\s*ReplacingMergeTree\s*\(\s*\w+\s*\)/i;
  if (!re.test(text)) throw new Error('DDL has no ENGINE = ReplacingMergeTree(<version>)');
  return text.replace(re, 'ENGINE = MergeTree');
}

// ---------------------------------------------------------------------------
// one case

class Case {
  constructor(name) { this.name = name; this.failures = []; this.notes = []; this.info = []; }
  fail(msg) { this.failures.push(msg); }
  note(msg) { this.notes.push(msg); }
  check(cond, msg) { if (!cond) this.fail(msg); return cond; }
}

let caseCounter = 0;
function caseDir(label) {
  caseCounter++;
  const d = path.join(opt.work, `${String(caseCounter).padStart(3, '0')}-` +
    path.basename(label).replace(/[^\w.-]+/g, '_').slice(0, 60));
  fs.rmSync(d, { recursive: true, force: true });
  fs.mkdirSync(d, { recursive: true });
  return d;
}

function openSession(dir) {
  return new chdb.Session(path.join(dir, 'db'));
}

// Insert a file; 0-byte files are skipped (an empty output means zero rows).
function insertFile(c, sess, table, file, format) {
  if (!fs.existsSync(file)) {
    c.fail(`INSERT INTO ${table}: ${path.basename(file)} was not written`);
    return -1;
  }
  const size = fs.statSync(file).size;
  if (size === 0) return 0;
  const settings = format === 'Native' ? STRICT_NATIVE : STRICT_JSON;
  try {
    sess.query(`INSERT INTO ${table} FROM INFILE ${sqlStr(file)} ${settings} FORMAT ${format}`);
  } catch (e) {
    c.fail(`INSERT INTO ${table} (${format}, ${path.basename(file)}) failed: ` +
      String(e.message || e).split('\n')[0].slice(0, 600));
    return -1;
  }
  return size;
}

function checkNativeHeader(c, sess, kind, file, label) {
  if (!fs.existsSync(file) || fs.statSync(file).size === 0) return;
  let txt;
  try {
    txt = sess.query(`DESCRIBE file(${sqlStr(file)}, Native)`, 'JSONEachRow');
  } catch (e) {
    c.fail(`${label}: DESCRIBE file(Native) failed: ${String(e.message || e).split('\n')[0]}`);
    return;
  }
  const T = TABLES[kind];
  const cols = txt.split('\n').filter((l) => l).map((l) => JSON.parse(l));
  const got = cols.map((x) => `${x.name} ${x.type}`).join(', ');
  const want = T.columns.map((n) => `${n} ${T.types[n]}`).join(', ');
  c.check(got === want, `${label}: Native columns are [${got}], expected [${want}]`);
}

// JSONEachRow lines: keys in table order; times as text or integer ticks; value
// shapes of the non-string columns (numbers, booleans, arrays of numbers).
function checkJsonLines(c, kind, file, ticks, label) {
  if (!fs.existsSync(file)) { c.fail(`${label}: not written`); return; }
  const T = TABLES[kind];
  const txt = fs.readFileSync(file, 'utf8');
  if (txt.length && !txt.endsWith('\n')) c.fail(`${label}: output does not end with a newline`);
  const want = T.columns.join(',');
  let n = 0;
  const isNum = (v) => typeof v === 'number';
  const isDouble = (v) => isNum(v) || v === 'NaN' || v === 'Infinity' || v === '-Infinity';
  for (const line of txt.split('\n')) {
    if (!line.length) continue;
    n++;
    let o;
    try { o = JSON.parse(line); } catch (e) {
      // bare NaN / Infinity / -Infinity (the double text rule) are not JSON but
      // ClickHouse reads them: accept them in number positions
      try { o = JSON.parse(line.replace(/(?<=[:,[])(-?Infinity|NaN)(?=[,\]}])/g, '"$1"')); } catch (e2) {
        c.fail(`${label}: line ${n} is not JSON: ${line.slice(0, 200)}`);
        return;
      }
    }
    if (Object.keys(o).join(',') !== want) {
      c.fail(`${label}: line ${n} keys are ${Object.keys(o).join(',')}, expected ${want}`);
      return;
    }
    for (const col of T.times) {
      const ok = ticks ? new RegExp(`"${col}":\\d+[,}]`).test(line)
        : typeof o[col] === 'string' && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/.test(o[col]);
      if (!ok) {
        c.fail(`${label}: line ${n} ${col} ${JSON.stringify(o[col])} is not ` +
          (ticks ? 'an integer' : '"YYYY-MM-DD HH:MM:SS.ffffff"'));
        return;
      }
    }
    for (const col of T.columns) {
      const t = T.types[col];
      const v = o[col];
      let bad = null;
      if (t === 'Bool') { if (typeof v !== 'boolean') bad = 'true or false'; } else if (/^U?Int\d+$/.test(t)) {
        if (!isNum(v) || !new RegExp(`"${col}":-?\\d+[,}]`).test(line)) bad = 'an integer';
      } else if (t === 'Float64') {
        if (!isDouble(v)) bad = 'a number (or NaN, Infinity, -Infinity)';
      } else if (t === 'Array(UInt64)') {
        if (!Array.isArray(v) || !v.every(isNum)) bad = 'an array of integers';
      } else if (t === 'Array(Float64)') {
        if (!Array.isArray(v) || !v.every(isDouble)) bad = 'an array of numbers (or NaN, Infinity, -Infinity)';
      } else if (/^Map/.test(t)) {
        if (typeof v !== 'object' || v === null || Array.isArray(v) ||
          !Object.values(v).every((x) => typeof x === 'string')) bad = 'an object of strings';
      } else if (/^(LowCardinality\()?String\)?$/.test(t)) {
        if (typeof v !== 'string') bad = 'a string';
      }
      if (bad) {
        c.fail(`${label}: line ${n} ${col} is ${JSON.stringify(v)}, expected ${bad}: ${line.slice(0, 300)}`);
        return;
      }
    }
  }
}

function sameBytes(a, b) {
  if (!fs.existsSync(a) || !fs.existsSync(b)) return false;
  return Buffer.compare(fs.readFileSync(a), fs.readFileSync(b)) === 0;
}

// Which table a JSONEachRow output holds (by its first line's keys); null if empty.
function jsonTableOf(file) {
  const txt = fs.readFileSync(file, 'utf8');
  const nl = txt.indexOf('\n');
  if (!txt.length) return null;
  let o;
  try { o = JSON.parse(nl < 0 ? txt : txt.slice(0, nl)); } catch (e) { return 'unparseable'; }
  const keys = Object.keys(o).join(',');
  for (const k of KINDS) if (TABLES[k].columns.join(',') === keys) return k;
  return `unknown columns ${keys}`;
}

// Arguments that route all three tables: traces to stdout, logs and metrics to files.
function routeAll(vfile) {
  return ['--table', TABLES.traces.name,
    '--out', `${TABLES.logs.name}=${vfile('logs')}`,
    '--out', `${TABLES.metrics.name}=${vfile('metrics')}`];
}

function sumRows(rows) { return KINDS.reduce((s, k) => s + rows[k].length, 0); }

// Run the full set of checks for one input file.
function checkFile(label, file, { countCheck = false } = {}) {
  const c = new Case(label);
  const dir = caseDir(label);
  const t0 = Date.now();
  let oracle;
  try {
    oracle = runOracle(file, dir);
  } catch (e) {
    c.fail(String(e.message || e));
    return c;
  }
  const expected = oracle.rows;
  const total = sumRows(expected);
  const rejected = oracle.summary.rejected;
  const expExit = rejected > 0 ? 1 : 0;
  const nmax = Math.max(...KINDS.map((k) => expected[k].length));
  const blockSmall = nmax < 1000 ? 3 : 1009;

  const out = (n) => path.join(dir, n);
  // output file of variant v for table kind k
  const vf = (v, k) => out(`out.${v}.${k}`);
  let exitFailures = 0;
  const runVariant = (v, args, { io = {}, route = 'all', stdoutKind = 'traces', exit = expExit } = {}) => {
    const vfile = (k) => vf(v, k);
    const full = route === 'all' ? [...routeAll(vfile), ...args] : args;
    const r = run(opt.otelflat, full, { ...io, stdoutFile: vf(v, stdoutKind) });
    let msg = null;
    if (r.signal) msg = `otelflat ${full.join(' ')} killed by ${r.signal}`;
    else if (exit !== null && r.status !== exit) {
      msg = `otelflat ${full.join(' ')}: exit ${r.status}, expected ${exit} ` +
        `(oracle: ${rejected} rejected documents); stderr: ` +
        r.stderr.trim().split('\n').slice(0, 3).join(' | ');
    }
    if (msg) {
      // the same failure in every variant: report the first two in full, then count
      exitFailures++;
      if (exitFailures <= 2) c.fail(msg);
      else if (exitFailures === 3) c.fail('(more variants exited the same way; see the case directory)');
    }
    return r;
  };

  const rj = runVariant('json', ['--stats', file]);
  runVariant('native', ['-f', 'native', file]);
  runVariant('ticks', ['--time-format', 'ticks', file]);
  runVariant('small', ['-f', 'native', '--block-rows', String(blockSmall), file]);
  runVariant('huge', ['--schema', 'flat', '-f', 'native', '--block-rows', '1000000', file]);
  runVariant('stdin', ['-f', 'native'], { io: { input: fs.readFileSync(file) } });
  runVariant('dash', ['-'], { io: { stdinFile: file } });
  runVariant('mindur', ['--min-duration', '50us', file]);

  // compressed copies of the input
  const zst = out('input.zst');
  const zr = run('zstd', ['-q', '-c', file], { stdoutFile: zst });
  if (zr.status !== 0) c.fail(`zstd failed: ${zr.stderr}`);
  else runVariant('zstd', ['-f', 'native', zst]);
  const sz = out('input.sz');
  const sr = run('/usr/bin/python3', [SNAPPY, file, sz]);
  if (sr.status !== 0) c.fail(`snappy_frame.py failed: ${sr.stderr}`);
  else runVariant('snappy', ['-f', 'native'], { io: { stdinFile: sz } });
  const sz2 = out('input.raw.sz');
  const sr2 = run('/usr/bin/python3', [SNAPPY, '--mode', 'uncompressed', '--chunk', '4096', file, sz2]);
  if (sr2.status !== 0) c.fail(`snappy_frame.py failed: ${sr2.stderr}`);
  else runVariant('snappyraw', [sz2]);

  // routing: logs to stdout, the others to files (Native)
  runVariant('routelogs', ['-f', 'native', '--table', TABLES.logs.name,
    '--out', `${TABLES.traces.name}=${vf('routelogs', 'traces')}`,
    '--out', `${TABLES.metrics.name}=${vf('routelogs', 'metrics')}`, file],
  { route: 'none', stdoutKind: 'logs' });
  // routing: --table metrics alone; traces and logs rows are unrouted (exit 0: --table given)
  const unroutedM = expected.traces.length + expected.logs.length;
  const rm = runVariant('routemetrics', ['--stats', '--table', TABLES.metrics.name, file],
    { route: 'none', stdoutKind: 'metrics' });
  // routing: no --table, no --out: the default table (the table of the first rows
  // seen; traces when there are none), the others unrouted (exit 1 when any are)
  const cands = oracle.summary.first_tables ? oracle.summary.first_tables.map((t) => KIND_OF[t]) : ['traces'];
  const defKind = cands[0];
  const rd = runVariant('default', ['--stats', file], { route: 'none', stdoutKind: 'stdout', exit: null });

  // byte-level equalities between input paths / routings
  for (const k of KINDS) {
    for (const [a, b] of [['stdin', 'native'], ['zstd', 'native'], ['snappy', 'native'],
      ['routelogs', 'native'], ['dash', 'json'], ['snappyraw', 'json']].concat(
      k === 'traces' ? [] : [['mindur', 'json']]).concat(k === 'metrics' ? [['routemetrics', 'json']] : [])) {
      if (fs.existsSync(vf(a, k)) && !sameBytes(vf(a, k), vf(b, k))) {
        c.fail(`${TABLES[k].short}: out.${a} differs from out.${b} (same input, different input path/compression/routing)`);
      }
    }
  }

  // --stats of the fully routed JSONEachRow run
  const st = parseStats(rj.stderr);
  const strictCounts = rejected === 0;
  if (!st) c.fail(`--stats: expected exactly one "otelflat: stats: ..." line on stderr, got: ${rj.stderr.trim().slice(0, 300)}`);
  else {
    for (const k of ['documents', 'spans', 'rows_written', 'rows_filtered', 'rows_unrouted',
      'documents_rejected', 'documents_skipped', 'bytes_in', 'seconds', 'rows_per_second']) {
      if (!(k in st)) c.fail(`--stats line has no ${k}=`);
    }
    c.check(st.rows_written === String(total),
      `--stats rows_written=${st.rows_written}, oracle rows=${total} (` +
      KINDS.map((k) => `${k} ${expected[k].length}`).join(', ') + ')');
    c.check(st.rows_unrouted === '0', `--stats rows_unrouted=${st.rows_unrouted} with every table routed`);
    c.check(st.documents_rejected === String(rejected),
      `--stats documents_rejected=${st.documents_rejected}, oracle rejected=${rejected}`);
    c.check(st.bytes_in === String(fs.statSync(file).size),
      `--stats bytes_in=${st.bytes_in}, file size ${fs.statSync(file).size}`);
    if (st.rows_filtered !== '0') c.fail(`--stats rows_filtered=${st.rows_filtered} without --min-duration`);
    if (st.documents !== String(oracle.summary.documents)) {
      c.note(`--stats documents=${st.documents}, oracle counted ${oracle.summary.documents} top-level JSON values`);
    }
    if (st.documents_skipped !== String(oracle.summary.skipped)) {
      c.note(`--stats documents_skipped=${st.documents_skipped}, oracle skipped=${oracle.summary.skipped}`);
    }
    if ('documents_converted' in st && st.documents_converted !== String(oracle.summary.converted)) {
      c.note(`--stats documents_converted=${st.documents_converted}, oracle converted=${oracle.summary.converted}`);
    }
    // input counters (otelflat(1)): exact when no document was rejected
    for (const [key, want] of [['spans', oracle.summary.spans], ['log_records', oracle.summary.log_records],
      ['data_points', oracle.summary.data_points], ['metrics_without_data', oracle.summary.metrics_without_data]]) {
      if (!(key in st)) { if (key !== 'spans') c.note(`--stats has no ${key}=`); continue; }
      if (st[key] !== String(want)) {
        const msg = `--stats ${key}=${st[key]}, oracle ${key} (in accepted documents)=${want}`;
        if (strictCounts) c.fail(msg); else c.note(msg);
      }
    }
  }
  // routing variants: stdout table, counters, notes
  {
    const s2 = parseStats(rm.stderr);
    if (s2) {
      c.check(s2.rows_written === String(expected.metrics.length) && s2.rows_unrouted === String(unroutedM),
        `--table ${TABLES.metrics.name} alone: rows_written=${s2.rows_written} rows_unrouted=${s2.rows_unrouted}, ` +
        `expected ${expected.metrics.length} and ${unroutedM}`);
    } else c.fail(`--table ${TABLES.metrics.name} --stats: no stats line`);
    for (const k of ['traces', 'logs']) {
      if (expected[k].length && !rm.stderr.includes(TABLES[k].name)) {
        c.fail(`--table ${TABLES.metrics.name} alone: ${expected[k].length} ${k} rows unrouted, but no ` +
          `message names ${TABLES[k].name}; stderr: ${rm.stderr.trim().split('\n').slice(0, 4).join(' | ')}`);
      }
    }
    const dfile = vf('default', 'stdout');
    const got = jsonTableOf(dfile);
    const gotKind = got === null ? null : got;
    const ambiguous = cands.length > 1;
    let routed = null;
    if (gotKind === null) {
      // empty stdout: fine when the default table has no rows
      if (expected[defKind].length) {
        c.fail(`no --table: stdout is empty, expected the ${TABLES[defKind].name} rows (the first rows seen)`);
      }
      routed = defKind;
    } else if (!KINDS.includes(gotKind)) {
      c.fail(`no --table: stdout holds ${gotKind}`);
    } else if (!cands.includes(gotKind)) {
      c.fail(`no --table: stdout holds ${TABLES[gotKind].name}, expected ${TABLES[defKind].name} ` +
        '(the table of the first rows seen)');
    } else routed = gotKind;
    if (routed) {
      if (gotKind && !sameBytes(dfile, vf('json', routed))) {
        c.fail(`no --table: stdout differs from the ${TABLES[routed].name} output of the routed run`);
      }
      const unrouted = total - expected[routed].length;
      const wantExit = (rejected > 0 || unrouted > 0) ? 1 : 0;
      c.check(rd.status === wantExit, `no --table: exit ${rd.status}, expected ${wantExit} ` +
        `(${unrouted} rows unrouted, ${rejected} documents rejected)`);
      const s3 = parseStats(rd.stderr);
      if (s3) {
        c.check(s3.rows_unrouted === String(unrouted) && s3.rows_written === String(expected[routed].length),
          `no --table: rows_written=${s3.rows_written} rows_unrouted=${s3.rows_unrouted}, ` +
          `expected ${expected[routed].length} and ${unrouted}`);
      } else c.fail('no --table --stats: no stats line');
      for (const k of KINDS) {
        if (k !== routed && expected[k].length && !rd.stderr.includes(TABLES[k].name)) {
          c.fail(`no --table: ${expected[k].length} ${k} rows unrouted, but no message names ` +
            `${TABLES[k].name}; stderr: ${rd.stderr.trim().split('\n').slice(0, 4).join(' | ')}`);
        }
      }
      if (ambiguous) c.info.push(`no --table: the first document with rows has ${cands.join('+')} rows; stdout got ${routed}`);
    }
  }
  // rejected-document messages
  {
    const re = /^otelflat: (.*):(\d+) \(byte (\d+)\): (.+)$/;
    const rejLines = rj.stderr.split('\n').filter((l) => {
      const m = re.exec(l);
      return m && !/^(note|warning):/.test(m[4]);
    });
    if (c.check(rejLines.length === rejected,
      `stderr has ${rejLines.length} "otelflat: FILE:LINE (byte OFFSET): REASON" lines, ` +
      `oracle rejected ${rejected} documents` +
      (rejLines.length ? `: ${rejLines.slice(0, 3).join(' | ')}` : '') +
      (oracle.summary.rejects.length ? `; oracle: ${oracle.summary.rejects.slice(0, 3).map((o) => `${o.line}: ${o.reason}`).join(' | ')}` : ''))) {
      oracle.summary.rejects.forEach((o, i) => {
        const m = re.exec(rejLines[i]);
        const want = `${o.file}:${o.line} (byte ${o.byte})`;
        const got = `${m[1]}:${m[2]} (byte ${m[3]})`;
        c.check(want === got, `rejected document #${i + 1}: otelflat says "${got}", ` +
          `oracle: the document starts at "${want}" (${o.reason.slice(0, 160)})`);
      });
    }
    if (opt.verbose) for (const l of rejLines) c.info.push(l);
  }

  for (const k of KINDS) {
    checkJsonLines(c, k, vf('json', k), false, `${TABLES[k].short} JSONEachRow`);
    checkJsonLines(c, k, vf('ticks', k), true, `${TABLES[k].short} JSONEachRow --time-format ticks`);
  }

  // ClickHouse
  let sess;
  let oracleMin = null;
  try {
    sess = openSession(dir);
    for (const k of KINDS) {
      const T = TABLES[k];
      const d = ddl(k);
      const tn = (v) => `${k}_${v}`;
      const variants = ['json', 'native', 'ticks', 'small', 'huge'].concat(k === 'traces' ? ['mindur'] : []);
      for (const v of variants) sess.query(plainMergeTree(renameTable(d, tn(v))));
      sess.query(renameTable(d, tn('r')));
      if (k === 'traces') sess.query(renameTable(ISSUE_DDL, tn('o')));

      checkNativeHeader(c, sess, k, vf('native', k), `${T.short} Native`);
      checkNativeHeader(c, sess, k, vf('small', k), `${T.short} Native --block-rows ${blockSmall}`);

      for (const v of variants) {
        insertFile(c, sess, tn(v), vf(v, k), ['native', 'small', 'huge'].includes(v) ? 'Native' : 'JSONEachRow');
      }
      insertFile(c, sess, tn('r'), vf('native', k), 'Native');
      if (k === 'traces') insertFile(c, sess, tn('o'), vf('native', k), 'Native');

      const exp = expected[k];
      const j = fetchRows(sess, k, tn('json'));
      const n = fetchRows(sess, k, tn('native'));
      // 1. JSONEachRow and Native give the same multiset of rows
      const dn = diffRows(k, j, n, `${T.short}: Native vs JSONEachRow`, ['JSONEachRow', 'Native']);
      if (dn) c.fail(dn);
      // 2. both equal the oracle
      const dj = diffRows(k, exp, j, `${T.short}: JSONEachRow vs oracle`);
      if (dj) c.fail(dj);
      if (dn) {
        const d2 = diffRows(k, exp, n, `${T.short}: Native vs oracle`);
        if (d2) c.fail(d2);
      }
      for (const [v, lab] of [['ticks', 'JSONEachRow --time-format ticks'],
        ['small', `Native --block-rows ${blockSmall}`], ['huge', 'Native --block-rows 1000000']]) {
        const dd = diffRows(k, exp, fetchRows(sess, k, tn(v)), `${T.short}: ${lab} vs oracle`);
        if (dd) c.fail(dd);
      }
      if (k === 'traces') {
        oracleMin = runOracle(file, dir, ['--min-duration', '50us'], 'oracle-mindur');
        const dm = diffRows(k, oracleMin.rows.traces, fetchRows(sess, k, tn('mindur')), 'traces: --min-duration 50us vs oracle');
        if (dm) c.fail(dm);
      }
      // valid UTF-8 everywhere
      const strCols = T.columns.filter((x) => /^(LowCardinality\()?String\)?$/.test(T.types[x]));
      const mapCols = T.columns.filter((x) => /^Map/.test(T.types[x]));
      const cond = strCols.map((x) => `isValidUTF8(${x})`).concat(mapCols.flatMap((x) =>
        [`arrayAll(x -> isValidUTF8(x), mapKeys(${x}))`, `arrayAll(x -> isValidUTF8(x), mapValues(${x}))`])).join(' AND ');
      for (const v of ['json', 'native']) {
        const bad = scalar(sess, `SELECT count() FROM ${tn(v)} WHERE NOT (${cond})`);
        c.check(bad === '0', `${T.short} ${v}: ${bad} rows hold invalid UTF-8`);
      }
      // 3. the DDL as given (ReplacingMergeTree) and, for traces, the issue's original DDL
      const de = dedupExpected(k, exp);
      const dr = setDiff(de, dedupActual(sess, k, tn('r')), `${T.short}: otelflat --ddl table (ReplacingMergeTree(${T.version}), FINAL)`);
      if (dr) c.fail(dr);
      if (k === 'traces') {
        const dO = setDiff(de, dedupActual(sess, k, tn('o')), "traces: issue DDL table (DateTime64(6) without 'UTC', FINAL)");
        if (dO) c.fail(dO);
      }
    }
    if (countCheck) {
      const s = oracle.summary;
      const inputs = { traces: s.spans, logs: s.log_records, metrics: s.data_points };
      for (const k of KINDS) {
        c.check(expected[k].length === inputs[k] || (k === 'traces' && expected[k].length + s.filtered === inputs[k]),
          `count: ${k}: oracle ${expected[k].length} rows, ${inputs[k]} input items`);
      }
      c.info.push(`count: ${KINDS.map((k) => `${k} ${expected[k].length}`).join(', ')} rows; oracle saw ` +
        `${s.spans} spans, ${s.log_records} log records, ${s.data_points} data points` +
        (st ? `; otelflat stats spans=${st.spans} log_records=${st.log_records} data_points=${st.data_points} rows_written=${st.rows_written}` : ''));
    }
  } catch (e) {
    c.fail(`ClickHouse step failed: ${String(e.stack || e).split('\n').slice(0, 3).join(' | ')}`);
  } finally {
    if (sess) sess.close();
  }
  c.rows = total;
  c.rowsByKind = Object.fromEntries(KINDS.map((k) => [k, expected[k].length]));
  c.expectedRows = expected;
  c.nativeFiles = Object.fromEntries(KINDS.map((k) => [k, vf('native', k)]));
  c.rejected = rejected;
  c.ms = Date.now() - t0;
  return c;
}

// ---------------------------------------------------------------------------
// global cases

const TRACES_CODECS = 'timestamp:CODEC(Delta(8), ZSTD(1)) trace_id:CODEC(ZSTD(1)) ' +
  'span_id:CODEC(ZSTD(1)) parent_span_id:CODEC(ZSTD(1)) service_name: span_name: ' +
  'duration_ms:CODEC(ZSTD(1)) status_code: attributes:CODEC(ZSTD(1)) fingerprint:CODEC(ZSTD(1))';

function normDdl(s) { return s.trim().replace(/;\s*$/, '').trim(); }

function checkDdl() {
  const c = new Case('[otelflat --ddl, --ddl NAME, --ddl all]');
  const dir = caseDir('ddl');
  let sess;
  try {
    const all = splitStatements(ddlOut(['--ddl', 'all']));
    const names = all.map(tableNameOf);
    c.check(JSON.stringify(names) === JSON.stringify(KINDS.map((k) => TABLES[k].name)),
      `--ddl all creates tables [${names.join(', ')}], expected [${KINDS.map((k) => TABLES[k].name).join(', ')}]`);
    c.check(normDdl(ddlOut(['--ddl'])) === normDdl(ddl('traces')),
      '--ddl (no table) differs from --ddl otel_traces_processed');
    {
      const r = run(opt.otelflat, ['--table', TABLES.logs.name, '--ddl']);
      c.check(r.status === 0 && normDdl(r.stdout.toString()) === normDdl(ddl('logs')),
        `--table ${TABLES.logs.name} --ddl: exit ${r.status}, not the logs table's DDL`);
    }
    sess = openSession(dir);
    // the --ddl all text as given, statement by statement
    for (const stmt of all) {
      try { sess.query(stmt); } catch (e) { c.fail(`--ddl all statement failed: ${String(e.message || e).split('\n')[0]}`); }
    }
    for (const k of KINDS) {
      const T = TABLES[k];
      const one = ddl(k);
      const fromAll = all.find((s) => tableNameOf(s) === T.name);
      if (fromAll !== undefined) {
        c.check(normDdl(fromAll) === normDdl(one), `--ddl all's ${T.name} differs from --ddl ${T.name}`);
      }
      c.check(tableNameOf(one) === T.name, `--ddl ${T.name} creates ${tableNameOf(one)}`);
      const x = `x_${k}`;
      sess.query(renameTable(one, x));
      for (const t of [x, T.name]) {
        const cols = sess.query(`SELECT name, type, compression_codec FROM system.columns
          WHERE database = currentDatabase() AND table = '${t}' ORDER BY position`, 'JSONEachRow')
          .split('\n').filter((l) => l).map((l) => JSON.parse(l));
        const got = cols.map((y) => `${y.name} ${y.type}`).join(', ');
        const want = T.columns.map((n) => `${n} ${T.types[n]}`).join(', ');
        c.check(got === want, `${t}: columns [${got}], expected [${want}]`);
        if (k === 'traces') {
          const codecs = cols.map((y) => `${y.name}:${y.compression_codec}`).join(' ');
          c.check(codecs === TRACES_CODECS, `${t}: codecs "${codecs}", expected "${TRACES_CODECS}"`);
        }
        const tt = sess.query(`SELECT engine_full, partition_key, sorting_key
          FROM system.tables WHERE database = currentDatabase() AND name = '${t}'`, 'JSONEachRow').trim();
        if (!tt) { c.fail(`${t}: table not created`); continue; }
        const ti = JSON.parse(tt);
        c.check(new RegExp(`^ReplacingMergeTree\\(${T.version}\\)`).test(ti.engine_full), `${t}: engine ${ti.engine_full}`);
        c.check(ti.partition_key === T.partition, `${t}: partition key ${ti.partition_key}, expected ${T.partition}`);
        c.check(ti.sorting_key === T.sorting.join(', '), `${t}: sorting key ${ti.sorting_key}, expected ${T.sorting.join(', ')}`);
      }
    }
  } catch (e) {
    c.fail(`failed: ${String(e.message || e).split('\n')[0]}`);
  } finally {
    if (sess) sess.close();
  }
  return c;
}

// The --stats line: the contracts' keys, number formats.
function checkStatsFormat() {
  const c = new Case('[--stats line format]');
  const f = path.join(opt.work, 'stats-probe.json');
  fs.writeFileSync(f, '{"resourceSpans":[]}\n');
  const r = run(opt.otelflat, ['--table', TABLES.traces.name, '--stats', f]);
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('otelflat: stats: '));
  if (lines.length !== 1) c.fail(`expected one stats line, stderr: ${r.stderr.trim()}`);
  else {
    const keys = lines[0].slice(17).trim().split(/\s+/).map((kv) => kv.split('=')[0]);
    const want = ['documents', 'spans', 'rows_written', 'rows_filtered', 'rows_unrouted',
      'documents_rejected', 'documents_skipped', 'bytes_in', 'seconds', 'rows_per_second'];
    const missing = want.filter((k) => !keys.includes(k));
    c.check(missing.length === 0, `keys "${keys.join(' ')}" lack ${missing.join(' ')}`);
    c.check(/^otelflat: stats: documents=\d+ /.test(lines[0]) &&
      /seconds=\d+(\.\d+)? rows_per_second=\d+(\.\d+)?$/.test(lines[0]),
    `unexpected number formats: ${lines[0]}`);
  }
  return c;
}

// Usage errors of the routing flags: exit 2, nothing on stdout.
function checkUsageErrors() {
  const c = new Case('[routing flags: usage errors]');
  const f = path.join(opt.work, 'usage-probe.json');
  fs.writeFileSync(f, '{"resourceLogs":[]}\n');
  const outFile = path.join(opt.work, 'usage-probe.out');
  for (const args of [['--table', 'bogus', f], ['--out', `bogus=${outFile}`, f],
    ['--out', TABLES.logs.name, f], ['--out', `${TABLES.logs.name}=`, f], ['--ddl', 'bogus'],
    ['--schema', 'bogus', f]]) {
    const r = run(opt.otelflat, args);
    c.check(r.status === 2 && r.stdout.length === 0,
      `otelflat ${args.join(' ')}: exit ${r.status}${r.stdout.length ? `, ${r.stdout.length} bytes on stdout` : ''}, expected 2 (usage error)`);
  }
  return c;
}

function checkConcat(cases) {
  const c = new Case(`[cat of ${cases.length} Native outputs, per table]`);
  const dir = caseDir('concat-native');
  let sess;
  let rows = 0;
  try {
    sess = openSession(dir);
    for (const k of KINDS) {
      const file = path.join(dir, `all.${k}.native`);
      fs.writeFileSync(file, Buffer.concat(cases.map((x) => fs.readFileSync(x.nativeFiles[k]))));
      const expected = cases.flatMap((x) => x.expectedRows[k]);
      rows += expected.length;
      sess.query(plainMergeTree(renameTable(ddl(k), `${k}_n`)));
      insertFile(c, sess, `${k}_n`, file, 'Native');
      const dn = diffRows(k, expected, fetchRows(sess, k, `${k}_n`), `${TABLES[k].short}: concatenated Native vs oracle`);
      if (dn) c.fail(dn);
      if (k === 'traces') {
        sess.query(renameTable(ISSUE_DDL, 'o'));
        insertFile(c, sess, 'o', file, 'Native');
        const dO = setDiff(dedupExpected(k, expected), dedupActual(sess, k, 'o'), 'traces: issue DDL table, FINAL');
        if (dO) c.fail(dO);
      } else {
        sess.query(renameTable(ddl(k), `${k}_r`));
        insertFile(c, sess, `${k}_r`, file, 'Native');
        const dr = setDiff(dedupExpected(k, expected), dedupActual(sess, k, `${k}_r`), `${TABLES[k].short}: --ddl table, FINAL`);
        if (dr) c.fail(dr);
      }
    }
  } catch (e) {
    c.fail(`failed: ${String(e.message || e).split('\n')[0]}`);
  } finally {
    if (sess) sess.close();
  }
  c.rows = rows;
  return c;
}

function checkMultiFile(cases, files) {
  const c = new Case(`[${files.length} inputs in one otelflat invocation]`);
  const dir = caseDir('multi-file');
  const expected = Object.fromEntries(KINDS.map((k) => [k, cases.flatMap((x) => x.expectedRows[k])]));
  const total = sumRows(expected);
  const rejected = cases.reduce((s, x) => s + x.rejected, 0);
  const expExit = rejected > 0 ? 1 : 0;
  const vf = (v, k) => path.join(dir, `out.${v}.${k}`);
  const rj = run(opt.otelflat, [...routeAll((k) => vf('json', k)), '--stats', ...files], { stdoutFile: vf('json', 'traces') });
  const rn = run(opt.otelflat, [...routeAll((k) => vf('native', k)), '-f', 'native', '--max-errors', String(rejected), ...files],
    { stdoutFile: vf('native', 'traces') });
  c.check(rj.status === expExit, `otelflat FILE...: exit ${rj.status}, expected ${expExit}`);
  c.check(rn.status === 0, `otelflat --max-errors ${rejected} FILE...: exit ${rn.status}, expected 0`);
  const st = parseStats(rj.stderr);
  if (st) {
    c.check(st.rows_written === String(total), `stats rows_written=${st.rows_written}, expected ${total}`);
    c.check(st.documents_rejected === String(rejected), `stats documents_rejected=${st.documents_rejected}, expected ${rejected}`);
    const size = files.reduce((s, f) => s + fs.statSync(f).size, 0);
    c.check(st.bytes_in === String(size), `stats bytes_in=${st.bytes_in}, expected ${size}`);
  } else c.fail('no stats line');
  let sess;
  try {
    sess = openSession(dir);
    for (const k of KINDS) {
      sess.query(plainMergeTree(renameTable(ddl(k), `${k}_j`)));
      sess.query(plainMergeTree(renameTable(ddl(k), `${k}_n`)));
      insertFile(c, sess, `${k}_j`, vf('json', k), 'JSONEachRow');
      insertFile(c, sess, `${k}_n`, vf('native', k), 'Native');
      const dj = diffRows(k, expected[k], fetchRows(sess, k, `${k}_j`), `${TABLES[k].short}: JSONEachRow vs oracle`);
      if (dj) c.fail(dj);
      const dn = diffRows(k, expected[k], fetchRows(sess, k, `${k}_n`), `${TABLES[k].short}: Native vs oracle`);
      if (dn) c.fail(dn);
    }
  } catch (e) {
    c.fail(`failed: ${String(e.message || e).split('\n')[0]}`);
  } finally {
    if (sess) sess.close();
  }
  c.rows = total;
  return c;
}

// 70,000 spans, all span names distinct (LowCardinality dictionary > 65,536
// entries when written as one block), 300 services.
function writeSynthetic(file) {
  const lines = [];
  const base = 1700000000000000000n;
  let i = 0;
  for (let d = 0; d < 70; d++) { // 70 documents x 4 resources x 250 spans
    const resourceSpans = [];
    for (let r = 0; r < 4; r++) {
      const spans = [];
      for (let k = 0; k < 250; k++, i++) {
        const h = crypto.createHash('md5').update(String(i)).digest('hex');
        const start = base + BigInt(i) * 1234567n;
        const dur = BigInt((i * 7919) % 5000000);
        spans.push({
          traceId: h, spanId: h.slice(0, 16), parentSpanId: i % 3 ? h.slice(16) : '',
          name: `op-${i}`, kind: 1 + (i % 5),
          startTimeUnixNano: String(start), endTimeUnixNano: String(start + dur),
          attributes: [
            { key: 'http.status_code', value: { intValue: String(200 + (i % 5) * 100) } },
            { key: 'ratio', value: { doubleValue: (i % 97) / 7 } },
            { key: 'user', value: { stringValue: `u${i % 1000}` } },
          ],
          status: { code: i % 11 === 0 ? 2 : (i % 3 === 0 ? 1 : 0) },
        });
      }
      resourceSpans.push({
        resource: { attributes: [{ key: 'service.name', value: { stringValue: `svc-${(d * 4 + r) % 300}` } }] },
        scopeSpans: [{ scope: { name: 'synthetic' }, spans }],
      });
    }
    lines.push(JSON.stringify({ resourceSpans }));
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

// Interleave the lines of several JSONL files (round robin) into one file of at
// most maxBytes: one input mixing every signal.
function writeMixed(file, sources, maxBytes) {
  const lists = sources.map((f) => fs.readFileSync(f, 'utf8').split('\n').filter((l) => l.length));
  const out = [];
  let size = 0;
  for (let i = 0; ; i++) {
    let any = false;
    for (const l of lists) {
      if (i < l.length && size + l[i].length + 1 <= maxBytes) { out.push(l[i]); size += l[i].length + 1; any = true; }
    }
    if (!any) break;
  }
  fs.writeFileSync(file, out.join('\n') + '\n');
}

// ---------------------------------------------------------------------------
// main

function printCase(c) {
  const status = c.failures.length ? 'FAIL' : 'PASS';
  let extra = '';
  if (c.rows !== undefined) {
    const parts = c.rowsByKind ? KINDS.filter((k) => c.rowsByKind[k]).map((k) => `${c.rowsByKind[k]} ${k}`) : [];
    extra = ` (${c.rows} rows${parts.length ? `: ${parts.join(', ')}` : ''}` +
      `${c.ms !== undefined ? `, ${(c.ms / 1000).toFixed(1)}s` : ''})`;
  }
  process.stdout.write(`${status}  ${c.name}${extra}\n`);
  for (const f of c.failures) process.stdout.write(f.split('\n').map((l) => `      ${l}`).join('\n') + '\n');
  for (const n of c.notes) process.stdout.write(`      note: ${n}\n`);
  for (const n of c.info) process.stdout.write(`      ${n}\n`);
}

// gen-traces.py's --summary line -> {lines, <count key>: N, bytes}
function genSummary(stderr) {
  const m = /gen-traces: (.*)/.exec(stderr);
  if (!m) return null;
  const o = {};
  for (const kv of m[1].trim().split(/\s+/)) { const [k, v] = kv.split('='); o[k] = Number(v); }
  return o;
}

function main() {
  const results = [];
  const st = fs.statSync(opt.binarySource);
  process.stdout.write(`otelflat under test: ${opt.binarySource} (${st.size} bytes, ` +
    `modified ${st.mtime.toISOString()}); work directory ${opt.work}\n`);
  const record = (c) => { results.push(c); printCase(c); return c; };

  const inputs = [];
  if (opt.generated) {
    const gen = path.join(REPO, 'scripts', 'gen-traces.py');
    const made = [];
    for (const [mode, mb, countKey, kind] of [['realistic', 20, 'spans', 'traces'],
      ['realistic-logs', 4, 'log_records', 'logs'], ['realistic-metrics', 4, 'data_points', 'metrics']]) {
      const gfile = path.join(opt.work, `generated-${mode}-${mb}mb-seed7.jsonl`);
      const c = new Case(`[generated: gen-traces.py ${mode} --size-mb ${mb} --seed 7]`);
      if (!fs.existsSync(gen)) { c.fail(`${gen} does not exist`); record(c); continue; }
      const r = run('python3', [gen, mode, '--size-mb', String(mb), '--seed', '7', '--summary'], { stdoutFile: gfile });
      if (r.status !== 0) { c.fail(`gen-traces.py exited ${r.status}: ${r.stderr.slice(0, 500)}`); record(c); continue; }
      const size = fs.statSync(gfile).size;
      const gs = genSummary(r.stderr);
      made.push(gfile);
      inputs.push({ label: `generated ${mode} (${(size / 1e6).toFixed(1)} MB)`, file: gfile, countCheck: true, gen: gs, countKey, kind });
    }
    if (made.length === 3) {
      const mixed = path.join(opt.work, 'generated-mixed.jsonl');
      writeMixed(mixed, made, 3e6);
      inputs.push({ label: 'generated: traces, logs and metrics lines interleaved (3 MB)', file: mixed, countCheck: true });
    }
  }
  if (opt.inputs.length) {
    for (const f of opt.inputs) inputs.push({ label: f, file: path.resolve(f) });
  } else if (!opt.generated) {
    for (const f of listFiles(CORPUS)) {
      if (path.basename(f) === 'SOURCES.md') continue;
      inputs.push({ label: path.relative(path.resolve(REPO, '..'), f), file: f });
    }
    if (opt.fixtures) {
      for (const f of listFiles(FIXTURES)) inputs.push({ label: path.relative(REPO, f), file: f });
      const syn = path.join(opt.work, 'synthetic-70000-distinct-names.jsonl');
      writeSynthetic(syn);
      inputs.push({ label: 'synthetic: 70000 spans, 70000 distinct span names, 280 services', file: syn, countCheck: true });
    }
  }

  record(checkDdl());
  record(checkStatsFormat());
  record(checkUsageErrors());
  const fileCases = [];
  for (const inp of inputs) {
    let c;
    try {
      c = checkFile(inp.label, inp.file, { countCheck: inp.countCheck });
    } catch (e) {
      c = new Case(inp.label);
      c.fail(`harness error: ${String(e.stack || e).split('\n').slice(0, 3).join(' | ')}`);
    }
    if (inp.gen !== undefined) {
      const g = inp.gen;
      if (!g) c.fail('gen-traces.py printed no summary line');
      else if (c.rowsByKind) {
        c.check(g[inp.countKey] === c.rowsByKind[inp.kind],
          `gen-traces.py reports ${inp.countKey}=${g[inp.countKey]}, the ${inp.kind} table holds ${c.rowsByKind[inp.kind]} rows`);
        c.check(g.bytes === fs.statSync(inp.file).size, `gen-traces.py reports bytes=${g.bytes}, file has ${fs.statSync(inp.file).size}`);
        c.info.push(`gen-traces.py: ${Object.entries(g).map(([k, v]) => `${k}=${v}`).join(' ')}`);
      }
    }
    record(c);
    fileCases.push(c);
  }
  const usable = fileCases.filter((c) => c.nativeFiles && KINDS.every((k) => fs.existsSync(c.nativeFiles[k])));
  if (usable.length > 1) {
    record(checkConcat(usable));
    const small = inputs.filter((i) => fs.statSync(i.file).size < 5e6);
    const smallCases = fileCases.filter((c, i) => fs.statSync(inputs[i].file).size < 5e6 && c.expectedRows);
    if (small.length > 1 && smallCases.length === small.length) {
      record(checkMultiFile(smallCases, small.map((i) => i.file)));
    }
  }

  const failed = results.filter((c) => c.failures.length).length;
  const passed = results.length - failed;
  if (!opt.keep && !userWork && failed === 0) fs.rmSync(opt.work, { recursive: true, force: true });
  else process.stdout.write(`work directory: ${opt.work}\n`);
  process.stdout.write(`e2e: ${passed} passed, ${failed} failed\n`);
  process.exit(failed ? 1 : 0);
}

main();
