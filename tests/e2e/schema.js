#!/usr/bin/env node
// End-to-end test of every table of a schema through ClickHouse 26 (chDB, in-process): each
// input is converted into all the schema's tables in one pass (one to stdout, the others with
// --out) in both formats, inserted into tables created from `otelflat --ddl all` (for
// --schema otel: the collector exporter's own DDL, plus the older layouts in
// src/schema/otel/ddl/), and the two formats must give the same rows. For the otel schema the
// values of tests/e2e/otel/zoo.jsonl are also checked column by column in SQL.
//
//   node tests/e2e/schema.js --schema flat|otel --otelflat PATH --work DIR [--generated]
// --generated: instead of the corpus, generated realistic traces, logs and metrics
// (scripts/gen-traces.py, a few MB each, seeded), mixed into one file.
// Last line: `otel-e2e: N passed, M failed`.
'use strict';

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { Session } = require('chdb');

const HERE = __dirname;
const CORPUS = path.resolve(HERE, '..', '..', '..', 'shared', 'corpus', 'public');
const args = process.argv.slice(2);
const opt = { otelflat: 'build/otelflat', work: '/tmp/otelflat-schema-e2e', schema: 'otel' };
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--otelflat') opt.otelflat = args[++i];
  else if (args[i] === '--schema') opt.schema = args[++i];
  else if (args[i] === '--work') opt.work = args[++i];
  else if (args[i] === '--generated') opt.generated = true;
}
fs.rmSync(opt.work, { recursive: true, force: true });
fs.mkdirSync(opt.work, { recursive: true });

let passed = 0;
let failed = 0;
function report(name, problems) {
  if (problems.length === 0) {
    passed++;
    console.log(`PASS  ${name}`);
  } else {
    failed++;
    console.log(`FAIL  ${name}`);
    for (const p of problems.slice(0, 12)) console.log(`      ${p}`);
  }
}

function otelflat(argv) {
  const r = spawnSync(opt.otelflat, argv, { encoding: 'buffer', maxBuffer: 1 << 30 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}

// Splits `--ddl all` output (or a .sql file) into statements.
function statements(sql) {
  return sql.split(/;\s*(?:\n|$)/).map((s) => s.trim()).filter((s) => s.length > 0);
}

// chDB allows one session per process: each check gets fresh databases in it instead. The
// exporter's DDL names database `default`; it is rewritten to the check's own.
const session = new Session(path.join(opt.work, 'chdb'));
let dbCount = 0;
function newDatabase(ddlStatements) {
  const db = `db${dbCount++}`;
  session.query(`CREATE DATABASE ${db}`);
  for (const st of ddlStatements) {
    session.query(st.replace(/CREATE TABLE IF NOT EXISTS (?:`default`\.|"default"\.)?/, `CREATE TABLE IF NOT EXISTS ${db}.`));
  }
  return db;
}
let sessionCount = 0;

// Converts `input` into every table in `format`; returns {file per table, status, stderr}.
function convert(input, format, extra = []) {
  const dir = path.join(opt.work, `out-${sessionCount}-${format}-${path.basename(input)}`);
  fs.mkdirSync(dir, { recursive: true });
  const files = {};
  const argv = ['--schema', opt.schema, '-f', format, '-q', ...extra, '--table', TABLES[0]];
  for (const t of TABLES.slice(1)) {
    files[t] = path.join(dir, `${t}.${format}`);
    argv.push('--out', `${t}=${files[t]}`);
  }
  argv.push(input);
  const r = otelflat(argv);
  files[TABLES[0]] = path.join(dir, `${TABLES[0]}.${format}`);
  fs.writeFileSync(files[TABLES[0]], r.stdout);
  return { files, status: r.status, stderr: r.stderr };
}

function insertAll(db, files, format) {
  const settings = format === 'native'
    ? 'SETTINGS input_format_skip_unknown_fields = 0, input_format_native_allow_types_conversion = 0'
    : 'SETTINGS input_format_skip_unknown_fields = 0';
  for (const t of TABLES) {
    if (fs.statSync(files[t]).size === 0) continue;  // JSONEachRow with no rows
    session.query(`INSERT INTO ${db}.${t} FROM INFILE '${files[t]}' ${settings} FORMAT ${format === 'native' ? 'Native' : 'JSONEachRow'}`);
  }
}

function rowsOf(db, table) {
  const text = session.query(`SELECT * FROM ${db}.${table}`, 'JSONEachRow');
  return text.split('\n').filter((l) => l.length > 0).sort();
}

const ddlAll = statements(otelflat(['--schema', opt.schema, '--ddl', 'all']).stdout.toString());
// The schema's tables, in --ddl order; the first goes to stdout.
const TABLES = ddlAll.map((st) => /CREATE TABLE IF NOT EXISTS (?:`default`\.|"default"\.)?[`"]?(\w+)/.exec(st)[1]);
const otel = opt.schema === 'otel';
const ddlLegacy = statements(otelflat(['--schema', 'otel', '--otel-metrics-layout', 'legacy', '--ddl', 'all']).stdout.toString());

// 1. Every input: both formats insert into the exporter's tables and hold the same rows.
const inputs = [path.join(HERE, 'otel', 'zoo.jsonl')];
if (opt.generated) {
  const gen = path.resolve(HERE, '..', '..', 'scripts', 'gen-traces.py');
  const modes = spawnSync('python3', [gen, '--help'], { encoding: 'utf8' }).stdout;
  const mixed = path.join(opt.work, 'generated-mixed.jsonl');
  fs.writeFileSync(mixed, '');
  for (const mode of ['realistic', 'realistic-logs', 'realistic-metrics']) {
    if (mode !== 'realistic' && !modes.includes(mode)) continue;
    const r = spawnSync('python3', [gen, mode, '--size-mb', '4', '--seed', '11', '--snake-case-fraction', '0.2'],
      { encoding: 'buffer', maxBuffer: 1 << 30 });
    if (r.status !== 0) {
      report(`gen-traces.py ${mode}`, [r.stderr.toString().trim()]);
      continue;
    }
    fs.appendFileSync(mixed, r.stdout);
  }
  inputs.length = 0;
  inputs.push(mixed);
} else {
  for (const dir of fs.readdirSync(CORPUS)) {
    const d = path.join(CORPUS, dir);
    if (!fs.statSync(d).isDirectory()) continue;
    for (const f of fs.readdirSync(d)) inputs.push(path.join(d, f));
  }
}
for (const input of inputs) {
  const problems = [];
  const name = path.relative(path.resolve(HERE, '..', '..', '..'), input);
  try {
    const j = convert(input, 'jsoneachrow');
    const n = convert(input, 'native');
    if (j.status !== 0) problems.push(`JSONEachRow run exited ${j.status}: ${j.stderr.trim()}`);
    if (n.status !== 0) problems.push(`Native run exited ${n.status}: ${n.stderr.trim()}`);
    sessionCount++;
    const sj = newDatabase(ddlAll);
    const sn = newDatabase(ddlAll);
    insertAll(sj, j.files, 'jsoneachrow');
    insertAll(sn, n.files, 'native');
    let total = 0;
    for (const t of TABLES) {
      const a = rowsOf(sj, t);
      const b = rowsOf(sn, t);
      total += a.length;
      if (a.length !== b.length) problems.push(`${t}: ${a.length} rows from JSONEachRow, ${b.length} from Native`);
      else for (let i = 0; i < a.length; i++) {
        if (a[i] !== b[i]) {
          problems.push(`${t}: rows differ:\n        json:   ${a[i].slice(0, 300)}\n        native: ${b[i].slice(0, 300)}`);
          break;
        }
      }
    }
    session.query(`DROP DATABASE ${sj}`);
    session.query(`DROP DATABASE ${sn}`);
    report(`${name} (${total} rows in ${TABLES.length} tables)`, problems);
  } catch (e) {
    report(name, [String(e.message || e).split('\n')[0]]);
  }
}

// 2. The older layouts: logs with TimestampTime, metrics with DateTime64(9) times.
for (const [label, ddlFile, extra] of opt.generated || !otel ? [] : [
  ['logs with TimestampTime', 'otel_logs.timestamptime.sql', []],
  ['metrics with DateTime64(9) times', null, ['--otel-metrics-layout', 'legacy']],
]) {
  const problems = [];
  try {
    let ddl = extra.length ? ddlLegacy : ddlAll;
    if (ddlFile) {
      const f = path.join(HERE, '..', '..', 'src', 'schema', 'otel', 'ddl', ddlFile);
      ddl = ddl.filter((s) => !/CREATE TABLE (IF NOT EXISTS )?\S*otel_logs\b/.test(s)).concat(statements(fs.readFileSync(f, 'utf8')));
    }
    const input = path.join(HERE, 'otel', 'zoo.jsonl');
    for (const format of ['jsoneachrow', 'native']) {
      sessionCount++;
      const s = newDatabase(ddl);
      insertAll(s, convert(input, format, extra).files, format);
      const count = (t) => Number(session.query(`SELECT count() FROM ${s}.${t}`, 'CSV').trim());
      if (ddlFile && count('otel_logs') !== 2) problems.push(`${format}: otel_logs has ${count('otel_logs')} rows`);
      if (ddlFile) {
        const tt = session.query(`SELECT toString(TimestampTime) FROM ${s}.otel_logs ORDER BY Timestamp LIMIT 1`, 'CSV').trim();
        if (tt !== '"2023-11-14 22:13:21"') problems.push(`${format}: TimestampTime ${tt}`);
      } else {
        const tu = session.query(`SELECT toUnixTimestamp64Nano(TimeUnix) FROM ${s}.otel_metrics_gauge`, 'CSV').trim();
        if (tu !== '1700000003000000000') problems.push(`${format}: gauge TimeUnix ${tu}`);
      }
    }
  } catch (e) {
    problems.push(String(e.message || e).split('\n')[0]);
  }
  report(`older layout: ${label}`, problems);
}

// 3. Column by column: the zoo's values, as the exporter would write them.
if (!opt.generated && otel) {
  sessionCount++;
  const db = newDatabase(ddlAll);
  insertAll(db, convert(path.join(HERE, 'otel', 'zoo.jsonl'), 'native').files, 'native');
  session.query(`USE ${db}`);
  const checks = [
    ["SELECT TraceId, SpanId, ParentSpanId, TraceState, SpanName, SpanKind, ServiceName FROM otel_traces WHERE SpanName = 'POST /pay'",
      '"5b8efff798038103d269b633813fc60c","eee19b7ec3c1b174","eee19b7ec3c1b173","vendor=1","POST /pay","Server","checkout"'],
    ["SELECT toUnixTimestamp64Nano(Timestamp), Duration, StatusCode, StatusMessage FROM otel_traces WHERE SpanName = 'POST /pay'",
      '1700000000123456789,100000000,"Error","timeout"'],
    ["SELECT ResourceAttributes, ScopeName, ScopeVersion FROM otel_traces WHERE SpanName = 'POST /pay'",
      '"{\'host.name\':\'h1\',\'service.name\':\'checkout\',\'service.name\':\'ignored\'}","otel.lib","1.2.3"'],
    ["SELECT SpanAttributes FROM otel_traces WHERE SpanName = 'POST /pay'",
      '"{\'a\':\'[""x"",false]\',\'b\':\'1e-7\',\'b\':\'dup\',\'http.status_code\':\'500\'}"'],
    ["SELECT arrayMap(x -> toUnixTimestamp64Nano(x), Events.Timestamp), Events.Name, Events.Attributes FROM otel_traces WHERE SpanName = 'POST /pay'",
      '"[1700000000150000000,1700000000160000000]","[\'exception\',\'retry\']","[{\'exception.type\':\'Timeout\'},{}]"'],
    ["SELECT Links.TraceId, Links.SpanId, Links.TraceState, Links.Attributes FROM otel_traces WHERE SpanName = 'POST /pay'",
      '"[\'0af7651916cd43dd8448eb211c80319c\']","[\'b7ad6b7169203331\']","[\'l=1\']","[{\'link.kind\':\'follows\'}]"'],
    ["SELECT SpanKind, StatusCode, Duration FROM otel_traces WHERE SpanName = 'db'", '"Client","Unset",18446744073699551616'],
    ["SELECT toUnixTimestamp64Nano(Timestamp), TraceFlags, SeverityText, SeverityNumber, Body, EventName FROM otel_logs WHERE EventName != ''",
      '1700000001000000000,1,"ERROR",17,"{""code"":7,""msg"":""boom""}","payment.failed"'],
    ["SELECT ResourceSchemaUrl, ScopeSchemaUrl, ScopeName, ScopeVersion, ScopeAttributes, LogAttributes FROM otel_logs WHERE EventName != ''",
      '"rs-url","ss-url","logger","9","{\'s\':\'1\'}","{\'user\':\'u1\'}"'],
    ["SELECT ResourceSchemaUrl, ScopeSchemaUrl, ScopeDroppedAttrCount, ServiceName, MetricName, MetricDescription, MetricUnit, Value FROM otel_metrics_gauge",
      '"rm-url","sm-url",4,"checkout","cpu","cpu use","1",0.75'],
    ["SELECT toUnixTimestamp(StartTimeUnix), toUnixTimestamp(TimeUnix), Attributes FROM otel_metrics_gauge",
      '1700000000,1700000003,"{\'core\':\'0\'}"'],
    ["SELECT Exemplars.FilteredAttributes, arrayMap(x -> toUnixTimestamp(x), Exemplars.TimeUnix), Exemplars.Value, Exemplars.SpanId, Exemplars.TraceId FROM otel_metrics_gauge",
      '"[{\'f\':\'v\'},{}]","[1700000002,0]","[5,1.5]","[\'eee19b7ec3c1b174\',\'0000000000000000\']","[\'5b8efff798038103d269b633813fc60c\',\'00000000000000000000000000000000\']"'],
    ['SELECT Value, Flags, AggregationTemporality, IsMonotonic FROM otel_metrics_sum', '42,1,2,true'],
    ['SELECT Count, Sum, BucketCounts, ExplicitBounds, Min, Max, AggregationTemporality FROM otel_metrics_histogram',
      '6,12.5,"[1,2,3]","[1,5]",0.5,9,1'],
    ['SELECT Count, Sum, Scale, ZeroCount, PositiveOffset, PositiveBucketCounts, NegativeOffset, NegativeBucketCounts, Min, Max, AggregationTemporality FROM otel_metrics_exponential_histogram',
      '4,20,1,1,2,"[1,1]",0,"[1]",0,0,2'],
    ['SELECT Count, Sum, ValueAtQuantiles.Quantile, ValueAtQuantiles.Value FROM otel_metrics_summary', '10,100,"[0.99,0.5]","[30,8]"'],
  ];
  const problems = [];
  for (const [sql, want] of checks) {
    let got;
    try {
      got = session.query(sql, 'CSV').trim();
    } catch (e) {
      got = `ERROR ${String(e.message).split('\n')[0]}`;
    }
    if (got !== want) problems.push(`${sql}\n        want ${want}\n        got  ${got}`);
  }
  report('zoo.jsonl values, column by column', problems);
}
session.cleanup();

console.log(`${opt.schema}-e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
