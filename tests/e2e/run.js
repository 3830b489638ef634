#!/usr/bin/env node
// End-to-end test of otelflat through a real ClickHouse engine (chDB 3.4.0 =
// ClickHouse 26.7 in-process) against an independent Python oracle.
//
//   node tests/e2e/run.js [--otelflat PATH] [--work DIR] [--generated]
//                         [--no-fixtures] [--keep] [--verbose] [INPUT...]
//
// Default inputs (when no INPUT is given and --generated is absent):
//   every data file under ../shared/corpus/public (relative to the repo; SOURCES.md
//   excluded), every file in tests/e2e/fixtures, and a synthetic file built here
//   (70,000 spans with 70,000 distinct span names: LowCardinality dictionaries
//   with UInt16 and UInt32 indexes, multi-block Native streams).
// --generated: runs scripts/gen-traces.py realistic --size-mb 20 --seed 7 and checks
//   that output (plus any INPUTs given).
// Extra global cases: all Native outputs concatenated (`cat a.native b.native ...`)
// and all inputs in one otelflat invocation.
//
// Per input file, a fresh chDB Session in WORK/<case>/db gets tables created from
// `otelflat --ddl`. The comparison tables have their ENGINE rewritten from
// ReplacingMergeTree(timestamp) to plain MergeTree: a ReplacingMergeTree collapses
// rows with equal (service_name, fingerprint) at insert time (optimize_on_insert=1)
// and in background merges, so reading it without FINAL is not a stable multiset
// and reading it with FINAL hides duplicates. Plain MergeTree keeps every row
// written. The unmodified DDL (and the issue's original DDL with DateTime64(6)
// without 'UTC') are tested separately, with FINAL, against the oracle rows
// deduplicated the way ReplacingMergeTree(timestamp) does it.
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

const COLUMNS = ['timestamp', 'trace_id', 'span_id', 'parent_span_id', 'service_name',
  'span_name', 'duration_ms', 'status_code', 'attributes', 'fingerprint'];
const COLUMN_TYPES = {
  timestamp: "DateTime64(6, 'UTC')",
  trace_id: 'String',
  span_id: 'String',
  parent_span_id: 'String',
  service_name: 'LowCardinality(String)',
  span_name: 'LowCardinality(String)',
  duration_ms: 'Float64',
  status_code: 'LowCardinality(String)',
  attributes: 'Map(String, String)',
  fingerprint: 'String',
};

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

// otelflat builds that also convert logs and metrics write one table to stdout; select
// the span table explicitly (its rows are what this harness checks). Older builds
// without --table get no extra arguments.
const TABLE = 'otel_traces_processed';
const TABLE_ARGS = /--table\b/.test(spawnSyncText(opt.otelflat, ['--help'])) ? ['--table', TABLE] : [];
const DDL_ARGS = /--ddl \[TABLE/.test(spawnSyncText(opt.otelflat, ['--help'])) ? ['--ddl', TABLE] : ['--ddl'];

function spawnSyncText(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return `${r.stdout || ''}${r.stderr || ''}`;
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
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
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

// Canonical row: a plain object with fixed key order; attributes as ordered arrays.
function canonical(r) {
  return {
    timestamp_us: String(r.timestamp_us),
    trace_id: r.trace_id,
    span_id: r.span_id,
    parent_span_id: r.parent_span_id,
    service_name: r.service_name,
    span_name: r.span_name,
    duration_ms: numText(r.duration_ms),
    status_code: r.status_code,
    attr_keys: r.attr_keys,
    attr_values: r.attr_values,
    fingerprint: r.fingerprint,
  };
}

function keyOf(c) { return JSON.stringify(c); }

// Oracle line -> canonical row. timestamp_us may exceed 2^53: keep its digits.
function parseOracleLine(line) {
  const fixed = line.replace(/^\{"timestamp_us":(-?\d+),/, '{"timestamp_us":"$1",');
  const o = JSON.parse(fixed);
  const keys = Object.keys(o.attributes).sort(utf8Compare);
  return canonical({ ...o, attr_keys: keys, attr_values: keys.map((k) => o.attributes[k]) });
}

function runOracle(file, extra = []) {
  const r = run('python3', [ORACLE, '--summary', ...extra, file]);
  if (r.status !== 0) throw new Error(`oracle failed on ${file}: ${r.stderr}`);
  const lines = r.stdout.toString('utf8').split('\n').filter((l) => l.length);
  const summaryLine = r.stderr.trim().split('\n').pop();
  return { rows: lines.map(parseOracleLine), summary: JSON.parse(summaryLine) };
}

const FETCH_COLS = `toString(toUnixTimestamp64Micro(timestamp)) AS timestamp_us, trace_id,
  span_id, parent_span_id, toString(service_name) AS service_name,
  toString(span_name) AS span_name, duration_ms, toString(status_code) AS status_code,
  mapKeys(attributes) AS attr_keys, mapValues(attributes) AS attr_values, fingerprint`;

function fetchRows(sess, table) {
  const txt = sess.query(`SELECT ${FETCH_COLS} FROM ${table}`, 'JSONEachRow');
  return txt.split('\n').filter((l) => l.length).map((l) => canonical(JSON.parse(l)));
}

function scalar(sess, sql) {
  return sess.query(sql, 'TSVRaw').trim();
}

// Multiset comparison; returns null when equal, else a description.
function diffRows(expected, actual, label) {
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
  if (missing.length) {
    const m = missing[0];
    const partner = extra.find((x) => x.trace_id === m.trace_id && x.span_id === m.span_id &&
      x.span_name === m.span_name) ||
      extra.find((x) => x.trace_id === m.trace_id && x.span_id === m.span_id) ||
      extra.find((x) => x.span_name === m.span_name);
    out.push(`  first missing row (oracle): ${JSON.stringify(m)}`);
    if (partner) {
      out.push(`  closest actual row (otelflat): ${JSON.stringify(partner)}`);
      out.push(...fieldDiff(m, partner).map((l) => '    ' + l));
    }
  } else {
    out.push(`  first unexpected row (otelflat): ${JSON.stringify(extra[0])}`);
  }
  return out.join('\n');
}

function fieldDiff(exp, act) {
  const lines = [];
  for (const k of Object.keys(exp)) {
    if (k === 'attr_keys' || k === 'attr_values') continue;
    if (JSON.stringify(exp[k]) !== JSON.stringify(act[k])) {
      lines.push(`${k}: expected ${JSON.stringify(exp[k])}, got ${JSON.stringify(act[k])}`);
    }
  }
  if (JSON.stringify(exp.attr_keys) !== JSON.stringify(act.attr_keys)) {
    lines.push(`attribute keys (in map order): expected ${JSON.stringify(exp.attr_keys)}, ` +
      `got ${JSON.stringify(act.attr_keys)}`);
  }
  const em = new Map(exp.attr_keys.map((k, i) => [k, exp.attr_values[i]]));
  const am = new Map(act.attr_keys.map((k, i) => [k, act.attr_values[i]]));
  for (const [k, v] of em) {
    if (!am.has(k)) lines.push(`attributes[${JSON.stringify(k)}]: expected ${JSON.stringify(v)}, missing`);
    else if (am.get(k) !== v) {
      lines.push(`attributes[${JSON.stringify(k)}]: expected ${JSON.stringify(v)}, got ${JSON.stringify(am.get(k))}`);
    }
  }
  for (const [k, v] of am) {
    if (!em.has(k)) lines.push(`attributes[${JSON.stringify(k)}]: unexpected, got ${JSON.stringify(v)}`);
  }
  return lines;
}

// What ReplacingMergeTree(timestamp) ORDER BY (service_name, fingerprint) keeps
// after FINAL: one row per key with the largest timestamp.
function dedupExpected(rows) {
  const m = new Map();
  for (const r of rows) {
    const k = JSON.stringify([r.service_name, r.fingerprint]);
    const ts = BigInt(r.timestamp_us);
    if (!m.has(k) || m.get(k) < ts) m.set(k, ts);
  }
  return [...m.entries()].map(([k, ts]) => `${k} ${ts}`).sort();
}

function dedupActual(sess, table) {
  const txt = sess.query(`SELECT toString(service_name) AS s, fingerprint AS f,
    toString(toUnixTimestamp64Micro(timestamp)) AS t FROM ${table} FINAL`, 'JSONEachRow');
  return txt.split('\n').filter((l) => l.length).map((l) => {
    const o = JSON.parse(l);
    return `${JSON.stringify([o.s, o.f])} ${o.t}`;
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

let ddlText = null;
function ddl() {
  if (ddlText === null) {
    const r = run(opt.otelflat, DDL_ARGS);
    if (r.status !== 0) throw new Error(`otelflat --ddl exited ${r.status}: ${r.stderr}`);
    ddlText = r.stdout.toString('utf8');
  }
  return ddlText;
}

function renameTable(text, name) {
  const re = /CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?[`"\w.]+/i;
  if (!re.test(text)) throw new Error('DDL has no CREATE TABLE <name>');
  return text.replace(re, `CREATE TABLE ${name}`).replace(/;\s*$/, '');
}

function plainMergeTree(text) {
  const re = /ENGINE\s*=\s*ReplacingMergeTree\s*\(\s*timestamp\s*\)/i;
  if (!re.test(text)) throw new Error('DDL has no ENGINE = ReplacingMergeTree(timestamp)');
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

function checkNativeHeader(c, sess, file, label) {
  if (fs.statSync(file).size === 0) return;
  let txt;
  try {
    txt = sess.query(`DESCRIBE file(${sqlStr(file)}, Native)`, 'JSONEachRow');
  } catch (e) {
    c.fail(`${label}: DESCRIBE file(Native) failed: ${String(e.message || e).split('\n')[0]}`);
    return;
  }
  const cols = txt.split('\n').filter((l) => l).map((l) => JSON.parse(l));
  const got = cols.map((x) => `${x.name} ${x.type}`).join(', ');
  const want = COLUMNS.map((n) => `${n} ${COLUMN_TYPES[n]}`).join(', ');
  c.check(got === want, `${label}: Native columns are [${got}], expected [${want}]`);
}

function checkJsonLines(c, file, ticks, label) {
  const txt = fs.readFileSync(file, 'utf8');
  if (txt.length && !txt.endsWith('\n')) c.fail(`${label}: output does not end with a newline`);
  const want = COLUMNS.join(',');
  let n = 0;
  for (const line of txt.split('\n')) {
    if (!line.length) continue;
    n++;
    let o;
    try { o = JSON.parse(line); } catch (e) {
      c.fail(`${label}: line ${n} is not JSON: ${line.slice(0, 200)}`);
      return;
    }
    if (Object.keys(o).join(',') !== want) {
      c.fail(`${label}: line ${n} keys are ${Object.keys(o).join(',')}, expected ${want}`);
      return;
    }
    const okTs = ticks ? /^\{"timestamp":\d+,/.test(line)
      : /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/.test(o.timestamp);
    if (!okTs) {
      c.fail(`${label}: line ${n} timestamp ${JSON.stringify(o.timestamp)} is not ` +
        (ticks ? 'an integer' : '"YYYY-MM-DD HH:MM:SS.ffffff"'));
      return;
    }
  }
}

function sameBytes(a, b) {
  return Buffer.compare(fs.readFileSync(a), fs.readFileSync(b)) === 0;
}

// Run the full set of checks for one input file.
function checkFile(label, file, { countCheck = false } = {}) {
  const c = new Case(label);
  const dir = caseDir(label);
  const t0 = Date.now();
  let oracle;
  try {
    oracle = runOracle(file);
  } catch (e) {
    c.fail(String(e.message || e));
    return c;
  }
  const expected = oracle.rows;
  const expExit = oracle.summary.rejected > 0 ? 1 : 0;
  const blockSmall = expected.length < 1000 ? 3 : 1009;

  const out = (n) => path.join(dir, n);
  const variants = [];
  const runVariant = (name, args, io = {}) => {
    const r = run(opt.otelflat, [...TABLE_ARGS, ...args], { ...io, stdoutFile: out(name) });
    variants.push({ name, args, r });
    if (r.signal) c.fail(`otelflat ${args.join(' ')} killed by ${r.signal}`);
    else if (r.status !== expExit) {
      c.fail(`otelflat ${args.join(' ')}: exit ${r.status}, expected ${expExit} ` +
        `(oracle: ${oracle.summary.rejected} rejected documents); stderr: ` +
        r.stderr.trim().split('\n').slice(0, 3).join(' | '));
    }
    return r;
  };

  const rj = runVariant('out.jsonl', ['--stats', file]);
  runVariant('out.native', ['-f', 'native', file]);
  runVariant('out.ticks.jsonl', ['--time-format', 'ticks', file]);
  runVariant('out.small.native', ['-f', 'native', '--block-rows', String(blockSmall), file]);
  runVariant('out.huge.native', ['-f', 'native', '--block-rows', '1000000', file]);
  runVariant('out.stdin.native', ['-f', 'native'], { input: fs.readFileSync(file) });
  runVariant('out.dash.jsonl', ['-'], { stdinFile: file });
  runVariant('out.mindur.jsonl', ['--min-duration', '50us', file]);

  // compressed copies of the input
  const zst = out('input.zst');
  const zr = run('zstd', ['-q', '-c', file], { stdoutFile: zst });
  if (zr.status !== 0) c.fail(`zstd failed: ${zr.stderr}`);
  else runVariant('out.zstd.native', ['-f', 'native', zst]);
  const sz = out('input.sz');
  const sr = run('/usr/bin/python3', [SNAPPY, file, sz]);
  if (sr.status !== 0) c.fail(`snappy_frame.py failed: ${sr.stderr}`);
  else runVariant('out.snappy.native', ['-f', 'native'], { stdinFile: sz });
  const sz2 = out('input.raw.sz');
  const sr2 = run('/usr/bin/python3', [SNAPPY, '--mode', 'uncompressed', '--chunk', '4096', file, sz2]);
  if (sr2.status !== 0) c.fail(`snappy_frame.py failed: ${sr2.stderr}`);
  else runVariant('out.snappy-raw.jsonl', [sz2]);

  // byte-level equalities between input paths
  for (const [a, b] of [['out.stdin.native', 'out.native'], ['out.zstd.native', 'out.native'],
    ['out.snappy.native', 'out.native'], ['out.dash.jsonl', 'out.jsonl'],
    ['out.snappy-raw.jsonl', 'out.jsonl']]) {
    if (fs.existsSync(out(a)) && !sameBytes(out(a), out(b))) {
      c.fail(`${a} differs from ${b} (same input, different input path/compression)`);
    }
  }

  // --stats
  const st = parseStats(rj.stderr);
  if (!st) c.fail(`--stats: expected exactly one "otelflat: stats: ..." line on stderr, got: ${rj.stderr.trim().slice(0, 300)}`);
  else {
    for (const k of ['documents', 'spans', 'rows_written', 'rows_filtered', 'documents_rejected',
      'documents_skipped', 'bytes_in', 'seconds', 'rows_per_second']) {
      if (!(k in st)) c.fail(`--stats line has no ${k}=`);
    }
    c.check(st.rows_written === String(expected.length),
      `--stats rows_written=${st.rows_written}, oracle rows=${expected.length}`);
    c.check(st.documents_rejected === String(oracle.summary.rejected),
      `--stats documents_rejected=${st.documents_rejected}, oracle rejected=${oracle.summary.rejected}`);
    c.check(st.bytes_in === String(fs.statSync(file).size),
      `--stats bytes_in=${st.bytes_in}, file size ${fs.statSync(file).size}`);
    if (st.documents !== String(oracle.summary.documents)) {
      c.note(`--stats documents=${st.documents}, oracle counted ${oracle.summary.documents} top-level JSON values`);
    }
    // documents_skipped is not compared: builds that convert logs and metrics no longer
    // skip those documents, while the oracle (spans only) counts them as skipped.
    if (st.spans !== String(oracle.summary.spans)) {
      c.note(`--stats spans=${st.spans}, oracle spans (in accepted documents)=${oracle.summary.spans}`);
    }
    if (st.rows_filtered !== '0') c.fail(`--stats rows_filtered=${st.rows_filtered} without --min-duration`);
  }
  // rejected-document messages
  {
    const re = /^otelflat: (.*):(\d+) \(byte (\d+)\): (.+)$/;
    const rejLines = rj.stderr.split('\n').filter((l) => {
      const m = re.exec(l);
      return m && !/^(note|warning):/.test(m[4]);
    });
    if (c.check(rejLines.length === oracle.summary.rejected,
      `stderr has ${rejLines.length} "otelflat: FILE:LINE (byte OFFSET): REASON" lines, ` +
      `oracle rejected ${oracle.summary.rejected} documents` +
      (rejLines.length ? `: ${rejLines.slice(0, 3).join(' | ')}` : ''))) {
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

  checkJsonLines(c, out('out.jsonl'), false, 'JSONEachRow');
  checkJsonLines(c, out('out.ticks.jsonl'), true, 'JSONEachRow --time-format ticks');

  // ClickHouse
  let sess;
  try {
    sess = openSession(dir);
    const d = ddl();
    for (const t of ['j', 'n', 't', 'bs', 'bh', 'm']) sess.query(plainMergeTree(renameTable(d, t)));
    sess.query(renameTable(d, 'r'));
    sess.query(renameTable(ISSUE_DDL, 'o'));

    checkNativeHeader(c, sess, out('out.native'), 'Native');
    checkNativeHeader(c, sess, out('out.small.native'), `Native --block-rows ${blockSmall}`);

    insertFile(c, sess, 'j', out('out.jsonl'), 'JSONEachRow');
    insertFile(c, sess, 'n', out('out.native'), 'Native');
    insertFile(c, sess, 't', out('out.ticks.jsonl'), 'JSONEachRow');
    insertFile(c, sess, 'bs', out('out.small.native'), 'Native');
    insertFile(c, sess, 'bh', out('out.huge.native'), 'Native');
    insertFile(c, sess, 'm', out('out.mindur.jsonl'), 'JSONEachRow');
    insertFile(c, sess, 'r', out('out.native'), 'Native');
    insertFile(c, sess, 'o', out('out.native'), 'Native');

    const j = fetchRows(sess, 'j');
    const n = fetchRows(sess, 'n');
    // 1. JSONEachRow and Native give the same multiset of rows
    const dn = diffRows(j, n, 'Native vs JSONEachRow (j = expected)');
    if (dn) c.fail(dn);
    // 2. both equal the oracle
    const dj = diffRows(expected, j, 'JSONEachRow vs oracle');
    if (dj) c.fail(dj);
    if (dn && !dj) {
      const d2 = diffRows(expected, n, 'Native vs oracle');
      if (d2) c.fail(d2);
    }
    for (const [tbl, lab] of [['t', 'JSONEachRow --time-format ticks'],
      ['bs', `Native --block-rows ${blockSmall}`], ['bh', 'Native --block-rows 1000000']]) {
      const dd = diffRows(expected, fetchRows(sess, tbl), `${lab} vs oracle`);
      if (dd) c.fail(dd);
    }
    // --min-duration 50us
    const om = runOracle(file, ['--min-duration', '50us']);
    const dm = diffRows(om.rows, fetchRows(sess, 'm'), '--min-duration 50us vs oracle');
    if (dm) c.fail(dm);
    {
      const vm = variants.find((v) => v.name === 'out.mindur.jsonl');
      if (vm && fs.statSync(out('out.mindur.jsonl')).size === 0 && om.rows.length) {
        c.fail('--min-duration produced no output');
      }
    }
    // valid UTF-8 everywhere
    const bad = scalar(sess, `SELECT count() FROM j WHERE NOT (isValidUTF8(trace_id) AND
      isValidUTF8(span_id) AND isValidUTF8(parent_span_id) AND isValidUTF8(service_name) AND
      isValidUTF8(span_name) AND isValidUTF8(status_code) AND isValidUTF8(fingerprint) AND
      arrayAll(x -> isValidUTF8(x), mapKeys(attributes)) AND
      arrayAll(x -> isValidUTF8(x), mapValues(attributes)))`);
    c.check(bad === '0', `${bad} rows hold invalid UTF-8`);
    const badN = scalar(sess, `SELECT count() FROM n WHERE NOT (isValidUTF8(span_name) AND
      arrayAll(x -> isValidUTF8(x), mapKeys(attributes)) AND
      arrayAll(x -> isValidUTF8(x), mapValues(attributes)))`);
    c.check(badN === '0', `Native: ${badN} rows hold invalid UTF-8`);
    // 3. the DDL as given (ReplacingMergeTree) and the issue's original DDL
    const de = dedupExpected(expected);
    const dr = setDiff(de, dedupActual(sess, 'r'), 'otelflat --ddl table (ReplacingMergeTree, FINAL)');
    if (dr) c.fail(dr);
    const dO = setDiff(de, dedupActual(sess, 'o'), "issue DDL table (DateTime64(6) without 'UTC', FINAL)");
    if (dO) c.fail(dO);
    if (countCheck) {
      c.check(j.length === oracle.summary.spans && j.length === expected.length,
        `count: table has ${j.length} rows, oracle saw ${oracle.summary.spans} spans`);
      c.info.push(`count: ${j.length} rows = ${oracle.summary.spans} spans` +
        (st ? `, otelflat stats spans=${st.spans} rows_written=${st.rows_written}` : ''));
    }
  } catch (e) {
    c.fail(`ClickHouse step failed: ${String(e.stack || e).split('\n').slice(0, 3).join(' | ')}`);
  } finally {
    if (sess) sess.close();
  }
  c.rows = expected.length;
  c.expectedRows = expected;
  c.nativeFile = out('out.native');
  c.jsonFile = out('out.jsonl');
  c.rejected = oracle.summary.rejected;
  c.ms = Date.now() - t0;
  return c;
}

// ---------------------------------------------------------------------------
// global cases

function checkDdl() {
  const c = new Case('[otelflat --ddl]');
  const dir = caseDir('ddl');
  let sess;
  try {
    const d = ddl();
    sess = openSession(dir);
    sess.query(renameTable(d, 'x'));
    const cols = sess.query(`SELECT name, type, compression_codec FROM system.columns
      WHERE database = currentDatabase() AND table = 'x' ORDER BY position`, 'JSONEachRow')
      .split('\n').filter((l) => l).map((l) => JSON.parse(l));
    const got = cols.map((x) => `${x.name} ${x.type}`).join(', ');
    const want = COLUMNS.map((n) => `${n} ${COLUMN_TYPES[n]}`).join(', ');
    c.check(got === want, `columns [${got}], expected [${want}]`);
    const codecs = cols.map((x) => `${x.name}:${x.compression_codec}`).join(' ');
    const wantCodecs = 'timestamp:CODEC(Delta(8), ZSTD(1)) trace_id:CODEC(ZSTD(1)) ' +
      'span_id:CODEC(ZSTD(1)) parent_span_id:CODEC(ZSTD(1)) service_name: span_name: ' +
      'duration_ms:CODEC(ZSTD(1)) status_code: attributes:CODEC(ZSTD(1)) fingerprint:CODEC(ZSTD(1))';
    c.check(codecs === wantCodecs, `codecs "${codecs}", expected "${wantCodecs}"`);
    const t = JSON.parse(sess.query(`SELECT engine_full, partition_key, sorting_key
      FROM system.tables WHERE database = currentDatabase() AND name = 'x'`, 'JSONEachRow'));
    c.check(/^ReplacingMergeTree\(timestamp\)/.test(t.engine_full), `engine ${t.engine_full}`);
    c.check(t.partition_key === 'toDate(timestamp)', `partition key ${t.partition_key}`);
    c.check(t.sorting_key === 'service_name, fingerprint', `sorting key ${t.sorting_key}`);
    c.check(/CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?otel_traces_processed\b/i.test(d), 'DDL does not name the table otel_traces_processed');
  } catch (e) {
    c.fail(`failed: ${String(e.message || e).split('\n')[0]}`);
  } finally {
    if (sess) sess.close();
  }
  return c;
}

// The --stats line exactly as the contract words it (key set and order).
function checkStatsFormat() {
  const c = new Case('[--stats line format]');
  const f = path.join(opt.work, 'stats-probe.json');
  fs.writeFileSync(f, '{"resourceSpans":[]}\n');
  const r = run(opt.otelflat, [...TABLE_ARGS, '--stats', f]);
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('otelflat: stats: '));
  if (lines.length !== 1) c.fail(`expected one stats line, stderr: ${r.stderr.trim()}`);
  else {
    const keys = lines[0].slice(17).trim().split(/\s+/).map((kv) => kv.split('=')[0]);
    const want = ['documents', 'spans', 'rows_written', 'rows_filtered', 'documents_rejected',
      'documents_skipped', 'bytes_in', 'seconds', 'rows_per_second'];
    const missing = want.filter((k) => !keys.includes(k));
    c.check(missing.length === 0, `keys "${keys.join(' ')}" lack ${missing.join(' ')}`);
    c.check(/^otelflat: stats: documents=\d+ /.test(lines[0]) &&
      /seconds=\d+(\.\d+)? rows_per_second=\d+(\.\d+)?$/.test(lines[0]),
    `unexpected number formats: ${lines[0]}`);
  }
  return c;
}

function checkConcat(cases) {
  const c = new Case(`[cat of ${cases.length} Native outputs]`);
  const dir = caseDir('concat-native');
  const file = path.join(dir, 'all.native');
  const parts = cases.map((x) => fs.readFileSync(x.nativeFile));
  fs.writeFileSync(file, Buffer.concat(parts));
  const expected = cases.flatMap((x) => x.expectedRows);
  let sess;
  try {
    sess = openSession(dir);
    sess.query(plainMergeTree(renameTable(ddl(), 'n')));
    sess.query(renameTable(ISSUE_DDL, 'o'));
    insertFile(c, sess, 'n', file, 'Native');
    insertFile(c, sess, 'o', file, 'Native');
    const dn = diffRows(expected, fetchRows(sess, 'n'), 'concatenated Native vs oracle');
    if (dn) c.fail(dn);
    const dO = setDiff(dedupExpected(expected), dedupActual(sess, 'o'), 'issue DDL table, FINAL');
    if (dO) c.fail(dO);
  } catch (e) {
    c.fail(`failed: ${String(e.message || e).split('\n')[0]}`);
  } finally {
    if (sess) sess.close();
  }
  c.rows = expected.length;
  return c;
}

function checkMultiFile(cases, files) {
  const c = new Case(`[${files.length} inputs in one otelflat invocation]`);
  const dir = caseDir('multi-file');
  const expected = cases.flatMap((x) => x.expectedRows);
  const rejected = cases.reduce((s, x) => s + x.rejected, 0);
  const expExit = rejected > 0 ? 1 : 0;
  const outJ = path.join(dir, 'out.jsonl');
  const outN = path.join(dir, 'out.native');
  const rj = run(opt.otelflat, [...TABLE_ARGS, '--stats', ...files], { stdoutFile: outJ });
  const rn = run(opt.otelflat, [...TABLE_ARGS, '-f', 'native', '--max-errors', String(rejected), ...files], { stdoutFile: outN });
  c.check(rj.status === expExit, `otelflat FILE...: exit ${rj.status}, expected ${expExit}`);
  c.check(rn.status === 0, `otelflat --max-errors ${rejected} FILE...: exit ${rn.status}, expected 0`);
  const st = parseStats(rj.stderr);
  if (st) {
    c.check(st.rows_written === String(expected.length), `stats rows_written=${st.rows_written}, expected ${expected.length}`);
    c.check(st.documents_rejected === String(rejected), `stats documents_rejected=${st.documents_rejected}, expected ${rejected}`);
    const total = files.reduce((s, f) => s + fs.statSync(f).size, 0);
    c.check(st.bytes_in === String(total), `stats bytes_in=${st.bytes_in}, expected ${total}`);
  } else c.fail('no stats line');
  let sess;
  try {
    sess = openSession(dir);
    sess.query(plainMergeTree(renameTable(ddl(), 'j')));
    sess.query(plainMergeTree(renameTable(ddl(), 'n')));
    insertFile(c, sess, 'j', outJ, 'JSONEachRow');
    insertFile(c, sess, 'n', outN, 'Native');
    const dj = diffRows(expected, fetchRows(sess, 'j'), 'JSONEachRow vs oracle');
    if (dj) c.fail(dj);
    const dn = diffRows(expected, fetchRows(sess, 'n'), 'Native vs oracle');
    if (dn) c.fail(dn);
  } catch (e) {
    c.fail(`failed: ${String(e.message || e).split('\n')[0]}`);
  } finally {
    if (sess) sess.close();
  }
  c.rows = expected.length;
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

// ---------------------------------------------------------------------------
// main

function printCase(c) {
  const status = c.failures.length ? 'FAIL' : 'PASS';
  const extra = c.rows !== undefined ? ` (${c.rows} rows${c.ms !== undefined ? `, ${(c.ms / 1000).toFixed(1)}s` : ''})` : '';
  process.stdout.write(`${status}  ${c.name}${extra}\n`);
  for (const f of c.failures) process.stdout.write(f.split('\n').map((l) => `      ${l}`).join('\n') + '\n');
  for (const n of c.notes) process.stdout.write(`      note: ${n}\n`);
  for (const n of c.info) process.stdout.write(`      ${n}\n`);
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
    const gfile = path.join(opt.work, 'generated-realistic-20mb-seed7.jsonl');
    const c = new Case('[generated: gen-traces.py realistic --size-mb 20 --seed 7]');
    if (!fs.existsSync(gen)) {
      c.fail(`${gen} does not exist`);
      record(c);
    } else {
      const r = run('python3', [gen, 'realistic', '--size-mb', '20', '--seed', '7', '--summary'], { stdoutFile: gfile });
      const gm = /gen-traces: lines=(\d+) spans=(\d+) bytes=(\d+)/.exec(r.stderr);
      if (r.status !== 0) {
        c.fail(`gen-traces.py exited ${r.status}: ${r.stderr.slice(0, 500)}`);
        record(c);
      } else {
        const size = fs.statSync(gfile).size;
        inputs.push({
          label: `generated (${(size / 1e6).toFixed(1)} MB)`, file: gfile, countCheck: true,
          genSpans: gm ? Number(gm[2]) : undefined, genBytes: gm ? Number(gm[3]) : undefined,
        });
      }
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
  const fileCases = [];
  for (const inp of inputs) {
    let c;
    try {
      c = checkFile(inp.label, inp.file, { countCheck: inp.countCheck });
    } catch (e) {
      c = new Case(inp.label);
      c.fail(`harness error: ${String(e.stack || e).split('\n').slice(0, 3).join(' | ')}`);
    }
    if (inp.genSpans !== undefined) {
      c.check(inp.genSpans === c.rows, `gen-traces.py reports spans=${inp.genSpans}, tables hold ${c.rows} rows`);
      c.check(inp.genBytes === fs.statSync(inp.file).size, `gen-traces.py reports bytes=${inp.genBytes}, file has ${fs.statSync(inp.file).size}`);
      c.info.push(`gen-traces.py: spans=${inp.genSpans} bytes=${inp.genBytes}`);
    }
    record(c);
    fileCases.push(c);
  }
  const usable = fileCases.filter((c) => c.nativeFile && fs.existsSync(c.nativeFile));
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
