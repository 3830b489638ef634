#!/usr/bin/env node
// End-to-end test of the row transformations through ClickHouse 26 (chDB, in-process):
// generated traces, logs and metrics are converted once as they are (the base) and once per
// flag, each into tables created from `otelflat --ddl all` with the same flags, in both
// formats. Every flag's effect is then checked in SQL against the base, where ClickHouse
// evaluates the equivalent predicate, map expression or sampling rule independently:
//   --where, --attr-column, --drop-attr, --hash-attr (HMAC from node:crypto), --dedup-window,
//   --sample (OpenTelemetry's 56-bit randomness rule, in SQL) and --keep-errors.
//
//   node tests/e2e/transforms.js --schema flat|otel --otelflat PATH --work DIR
// Last line: `transforms-e2e: N passed, M failed`.
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { Session } = require('chdb');
const { Reporter, runOtelflat, statements } = require('./lib.js');

const HERE = __dirname;
const args = process.argv.slice(2);
const opt = { otelflat: 'build/otelflat', work: '/tmp/otelflat-transforms-e2e', schema: 'flat' };
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--otelflat') opt.otelflat = args[++i];
  else if (args[i] === '--schema') opt.schema = args[++i];
  else if (args[i] === '--work') opt.work = args[++i];
}
fs.rmSync(opt.work, { recursive: true, force: true });
fs.mkdirSync(opt.work, { recursive: true });
const otel = opt.schema === 'otel';

const reporter = new Reporter();
const report = (name, problems) => reporter.report(name, problems);

const otelflat = (argv) => runOtelflat(opt.otelflat, argv);

// The input: a few MB of each signal, generated and seeded.
const gen = path.resolve(HERE, '..', '..', 'scripts', 'gen-traces.py');
const input = path.join(opt.work, 'mixed.jsonl');
fs.writeFileSync(input, '');
for (const mode of ['realistic', 'realistic-logs', 'realistic-metrics']) {
  const r = spawnSync('python3', [gen, mode, '--size-mb', '2', '--seed', '5'], { encoding: 'buffer', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`gen-traces.py ${mode}: ${r.stderr}`);
  fs.appendFileSync(input, r.stdout);
}
const doubled = path.join(opt.work, 'doubled.jsonl');
fs.writeFileSync(doubled, Buffer.concat([fs.readFileSync(input), fs.readFileSync(input)]));

const session = new Session(path.join(opt.work, 'chdb'));
const q = (sql) => session.query(sql, 'CSV').trim();
const num = (sql) => Number(q(sql));

// Names of this schema's columns.
const T = otel
  ? { spans: 'otel_traces', logs: 'otel_logs', trace: 'TraceId', span: 'SpanId', attrs: 'SpanAttributes',
      logAttrs: 'LogAttributes', res: 'ResourceAttributes', status: "StatusCode = 'Error'", severity: 'SeverityNumber',
      spanKey: 'TraceId, SpanId', logKey: 'Timestamp, TraceId, SpanId, Body, toString(LogAttributes)' }
  : { spans: 'otel_traces_processed', logs: 'otel_logs_processed', trace: 'trace_id', span: 'span_id', attrs: 'attributes',
      logAttrs: 'attributes', res: 'resource_attributes', status: "status_code = 'ERROR'", severity: 'severity_number',
      spanKey: 'fingerprint', logKey: 'fingerprint' };

// Converts the input with `flags` into every table, in `format`, and loads it into a new
// database created from --ddl all with the same flags. Returns {db, stats, stderr}.
let dbCount = 0;
function load(flags, format, file = input) {
  const base = ['--schema', opt.schema, ...flags];
  const ddl = otelflat([...base, '--ddl', 'all']);
  if (ddl.status !== 0) throw new Error(`--ddl ${flags.join(' ')}: ${ddl.stderr}`);
  const sts = statements(ddl.stdout.toString());
  const tables = sts.map((st) => /CREATE TABLE IF NOT EXISTS (?:`default`\.|"default"\.)?[`"]?(\w+)/.exec(st)[1]);
  const db = `t${dbCount++}`;
  session.query(`CREATE DATABASE ${db}`);
  for (const st of sts) session.query(st.replace(/CREATE TABLE IF NOT EXISTS (?:`default`\.|"default"\.)?/, `CREATE TABLE IF NOT EXISTS ${db}.`));
  const dir = path.join(opt.work, db);
  fs.mkdirSync(dir);
  const argv = [...base, '-f', format, '-q', '--stats=json', '--table', tables[0]];
  for (const t of tables.slice(1)) argv.push('--out', `${t}=${path.join(dir, t)}`);
  argv.push(file);
  const r = otelflat(argv);
  if (r.status !== 0) throw new Error(`otelflat ${flags.join(' ')} exited ${r.status}: ${r.stderr}`);
  fs.writeFileSync(path.join(dir, tables[0]), r.stdout);
  for (const t of tables) {
    const f = path.join(dir, t);
    if (fs.statSync(f).size === 0) continue;
    session.query(`INSERT INTO ${db}.${t} FROM INFILE '${f}' SETTINGS input_format_skip_unknown_fields = 0 FORMAT ${format === 'native' ? 'Native' : 'JSONEachRow'}`);
  }
  const stats = JSON.parse(r.stderr.trim().split('\n').pop());
  return { db, stats, stderr: r.stderr };
}

function check(name, fn) {
  const problems = [];
  try {
    fn(problems);
  } catch (e) {
    problems.push(String(e.message || e).split('\n').slice(0, 3).join(' | '));
  }
  report(name, problems);
}
const expectEq = (problems, what, got, want) => {
  if (String(got) !== String(want)) problems.push(`${what}: got ${got}, want ${want}`);
};
// Every record is accounted for: written, filtered, deduplicated or sampled out.
function balanced(problems, s) {
  const records = s.spans + s.log_records + s.data_points;
  const rows = s.rows_written + s.rows_filtered + s.rows_deduplicated + s.rows_sampled_out + s.rows_unrouted;
  if (records !== rows) problems.push(`stats do not add up: ${records} records, ${rows} rows accounted for`);
}

const base = load([], 'native');
const B = base.db;
const spans = num(`SELECT count() FROM ${B}.${T.spans}`);
const logs = num(`SELECT count() FROM ${B}.${T.logs}`);
const service = q(`SELECT ServiceName FROM (SELECT ${otel ? 'ServiceName' : 'service_name'} AS ServiceName, count() c FROM ${B}.${T.logs} GROUP BY ServiceName ORDER BY c DESC LIMIT 1)`).replace(/"/g, '');
const midTime = q(`SELECT toString(quantileExact(0.5)(${otel ? 'Timestamp' : 'timestamp'})) FROM ${B}.${T.spans}`).replace(/"/g, '');
report(`base: ${spans} spans, ${logs} logs`, spans > 1000 && logs > 1000 ? [] : ['too few rows to test with']);

// The same predicate as --where and as SQL: the rows kept must be the rows SQL selects.
const wheres = otel
  ? [
      [T.spans, `Duration > 1000000 or SpanKind in ("Client", "Server")`, `Duration > 1000000 OR SpanKind IN ('Client', 'Server')`],
      [T.spans, `Timestamp >= "${midTime}" and not has(attr.http.request.method)`,
        `Timestamp >= toDateTime64('${midTime}', 9) AND NOT mapContains(SpanAttributes, 'http.request.method')`],
      [T.logs, `SeverityNumber >= 13 or (attr.service.name = "${service}" and Body =~ "^[a-m]")`,
        `SeverityNumber >= 13 OR (if(mapContains(LogAttributes, 'service.name'), LogAttributes['service.name'], ResourceAttributes['service.name']) = '${service}' AND match(Body, '^[a-m]'))`],
    ]
  : [
      [T.spans, `duration_ms >= 1 and (has(attr.http.request.method) or status_code = "ERROR")`,
        `duration_ms >= 1 AND (mapContains(attributes, 'http.request.method') OR status_code = 'ERROR')`],
      [T.spans, `timestamp < "${midTime}" or attr.http.response.status_code >= 500`,
        `timestamp < toDateTime64('${midTime}', 6) OR toFloat64OrNull(attributes['http.response.status_code']) >= 500`],
      [T.logs, `severity_number >= 13 or (resource.service.name = "${service}" and not body =~ "^[a-m]")`,
        `severity_number >= 13 OR (resource_attributes['service.name'] = '${service}' AND NOT match(body, '^[a-m]'))`],
    ];
for (const format of ['native', 'jsoneachrow']) {
  for (const [table, expr, sql] of wheres) {
    check(`--where '${expr}' (${format})`, (p) => {
      const r = load(['--where', expr], format);
      const key = table === T.spans ? T.spanKey : T.logKey;
      const want = q(`SELECT count(), sum(cityHash64(${key})) FROM ${B}.${table} WHERE ${sql}`);
      const got = q(`SELECT count(), sum(cityHash64(${key})) FROM ${r.db}.${table}`);
      expectEq(p, `${table} rows (count, hash of keys)`, got, want);
      if (want.startsWith('0,')) p.push('the predicate selects nothing: not a useful test');
      if (want.startsWith(`${table === T.spans ? spans : logs},`)) p.push('the predicate selects everything');
      balanced(p, r.stats);
      if (r.stats.rows_filtered === 0) p.push('rows_filtered is 0');
    });
  }
}

// --attr-column: the column holds the attribute (converted), which left its map unless :keep.
for (const format of ['native', 'jsoneachrow']) {
  check(`--attr-column (${format})`, (p) => {
    const r = load(['--attr-column', 'method=http.request.method', '--attr-column', 'code=http.response.status_code:Int64',
      '--attr-column', 'host=resource:host.name:keep'], format);
    const key = T.spanKey;
    const joined = `${B}.${T.spans} b JOIN ${r.db}.${T.spans} t USING (${key})`;
    expectEq(p, 'rows', num(`SELECT count() FROM ${r.db}.${T.spans}`), spans);
    expectEq(p, 'rows whose method differs', num(`SELECT count() FROM ${joined} WHERE t.method != b.${T.attrs}['http.request.method']`), 0);
    expectEq(p, 'rows whose code differs',
      num(`SELECT count() FROM ${joined} WHERE t.code != toInt64OrZero(b.${T.attrs}['http.response.status_code'])`), 0);
    expectEq(p, 'rows with a method', num(`SELECT countIf(method != '') > 100 FROM ${r.db}.${T.spans}`), 1);
    expectEq(p, 'maps that still hold a promoted key',
      num(`SELECT count() FROM ${r.db}.${T.spans} WHERE mapContains(${T.attrs}, 'http.request.method') OR mapContains(${T.attrs}, 'http.response.status_code')`), 0);
    expectEq(p, 'maps that lost anything else',
      num(`SELECT count() FROM ${joined} WHERE mapFilter((k, v) -> k NOT IN ('http.request.method', 'http.response.status_code'), b.${T.attrs}) != t.${T.attrs}`), 0);
    if (otel || true) {
      // Logs have the resource map in both schemas: host.name comes from it and stays there.
      expectEq(p, 'logs whose host differs',
        num(`SELECT count() FROM ${r.db}.${T.logs} WHERE host != ${T.res}['host.name'] OR NOT mapContains(${T.res}, 'host.name')`), 0);
    }
  });
}

// --drop-attr and --hash-attr: no dropped key is left anywhere; hashed values are HMAC-SHA256.
for (const format of ['native', 'jsoneachrow']) {
  check(`--drop-attr and --hash-attr (${format})`, (p) => {
    const keyText = 'e2e-secret';
    const r = load(['--drop-attr', 'db.*', '--drop-attr', 'thread.?d', '--hash-attr', 'server.*', '--hash-attr', 'http.request.method',
      '--hash-key', keyText], format);
    expectEq(p, 'spans', num(`SELECT count() FROM ${r.db}.${T.spans}`), spans);
    expectEq(p, 'dropped keys left',
      num(`SELECT count() FROM ${r.db}.${T.spans} ARRAY JOIN mapKeys(${T.attrs}) AS k WHERE k LIKE 'db.%' OR k = 'thread.id'`), 0);
    expectEq(p, 'thread.name kept (the glob thread.?d does not match it)',
      num(`SELECT count() FROM ${r.db}.${T.spans} WHERE mapContains(${T.attrs}, 'thread.name')`),
      num(`SELECT count() FROM ${B}.${T.spans} WHERE mapContains(${T.attrs}, 'thread.name')`));
    const before = num(`SELECT count() FROM ${B}.${T.spans} ARRAY JOIN mapKeys(${T.attrs}) AS k WHERE k LIKE 'db.%' OR k = 'thread.id'`);
    if (before === 0) p.push('the input has no keys to drop: not a useful test');
    const pairs = session.query(`SELECT b.${T.attrs}['server.address'] AS v, t.${T.attrs}['server.address'] AS h, b.${T.attrs}['http.request.method'] AS mv, t.${T.attrs}['http.request.method'] AS mh
      FROM ${B}.${T.spans} b JOIN ${r.db}.${T.spans} t USING (${T.spanKey}) WHERE mapContains(b.${T.attrs}, 'server.address') LIMIT 2000`, 'JSONEachRow')
      .split('\n').filter((l) => l).map((l) => JSON.parse(l));
    if (pairs.length < 100) p.push(`only ${pairs.length} spans with server.address`);
    const hmac = (v) => crypto.createHmac('sha256', keyText).update(v).digest('hex').slice(0, 32);
    let bad = 0;
    for (const x of pairs) {
      if (x.h !== hmac(x.v)) bad++;
      if (x.mv && x.mh !== hmac(x.mv)) bad++;
    }
    expectEq(p, 'values that are not HMAC-SHA256(key, value)[:16 bytes]', bad, 0);
  });
}

// --dedup-window: the input twice gives each row once; a window shorter than the distance
// between the copies drops nothing.
for (const format of ['native', 'jsoneachrow']) {
  check(`--dedup-window (${format})`, (p) => {
    // Counted before the tables (the flat ones are ReplacingMergeTrees, which would merge
    // copies themselves): the stats and a plain copy of what was written.
    const r = load(['--dedup-window', '1000000'], format, doubled);
    const records = base.stats.spans + base.stats.log_records + base.stats.data_points;
    expectEq(p, 'rows written', r.stats.rows_written, base.stats.rows_written);
    expectEq(p, 'rows deduplicated', r.stats.rows_deduplicated, records);
    expectEq(p, 'spans', num(`SELECT count() FROM ${r.db}.${T.spans}`), spans);
    expectEq(p, 'spans (count, hash)', q(`SELECT count(), sum(cityHash64(${T.spanKey})) FROM ${r.db}.${T.spans}`),
      q(`SELECT count(), sum(cityHash64(${T.spanKey})) FROM ${B}.${T.spans}`));
    balanced(p, r.stats);
    const small = load(['--dedup-window', '10'], format, doubled);
    expectEq(p, 'rows written with a 10-row window (the copies are further apart)', small.stats.rows_written, 2 * base.stats.rows_written);
  });
}

// --sample: a trace is kept whole or not at all, exactly when its last 56 bits reach
// round((1 - ratio) * 2^56), in spans and logs alike; logs without a trace id are kept.
const randomness = (col) => `bitAnd(reinterpretAsUInt64(reverse(unhex(substring(${col}, 17, 16)))), 72057594037927935)`;
for (const format of ['native', 'jsoneachrow']) {
  check(`--sample 0.25 (${format})`, (p) => {
    const r = load(['--sample', '0.25'], format);
    const threshold = '54043195528445952';  // 0.75 * 2^56
    for (const table of [T.spans, T.logs]) {
      const key = table === T.spans ? T.spanKey : T.logKey;
      const want = q(`SELECT count(), sum(cityHash64(${key})) FROM ${B}.${table} WHERE ${T.trace} = '' OR ${randomness(T.trace)} >= ${threshold}`);
      const got = q(`SELECT count(), sum(cityHash64(${key})) FROM ${r.db}.${table}`);
      expectEq(p, `${table} (count, hash of keys)`, got, want);
    }
    const kept = num(`SELECT uniqExact(${T.trace}) FROM ${r.db}.${T.spans}`);
    const all = num(`SELECT uniqExact(${T.trace}) FROM ${B}.${T.spans}`);
    if (!(kept > all * 0.15 && kept < all * 0.35)) p.push(`${kept} of ${all} traces kept for a ratio of 0.25`);
    balanced(p, r.stats);
  });
}
check('--sample: the same traces on every run and thread count', (p) => {
  const a = otelflat(['--schema', opt.schema, '--sample', '0.1', '--threads', '1', '-f', 'native', '--table', T.spans, input]);
  const b = otelflat(['--schema', opt.schema, '--sample', '0.1', '--threads', '2', '-f', 'native', '--table', T.spans, input]);
  if (a.status !== 0 || b.status !== 0) p.push(`exit ${a.status}/${b.status}`);
  if (!a.stdout.equals(b.stdout)) p.push('outputs differ');
});

// --keep-errors: --sample plus every error span and every log of severity >= 17.
for (const format of ['native', 'jsoneachrow']) {
  check(`--sample 0.1 --keep-errors (${format})`, (p) => {
    const r = load(['--sample', '0.1', '--keep-errors'], format);
    const threshold = '64851834634135142';  // round(0.9 * 2^56)
    const keptSql = (col) => `(${col} = '' OR ${randomness(col)} >= ${threshold})`;
    const spansWant = q(`SELECT count(), sum(cityHash64(${T.spanKey})) FROM ${B}.${T.spans} WHERE ${keptSql(T.trace)} OR ${T.status}`);
    expectEq(p, 'spans (count, hash)', q(`SELECT count(), sum(cityHash64(${T.spanKey})) FROM ${r.db}.${T.spans}`), spansWant);
    const logsWant = q(`SELECT count(), sum(cityHash64(${T.logKey})) FROM ${B}.${T.logs} WHERE ${keptSql(T.trace)} OR ${T.severity} >= 17`);
    expectEq(p, 'logs (count, hash)', q(`SELECT count(), sum(cityHash64(${T.logKey})) FROM ${r.db}.${T.logs}`), logsWant);
    const errorsOutside = num(`SELECT count() FROM ${B}.${T.spans} WHERE ${T.status} AND NOT ${keptSql(T.trace)}`);
    if (errorsOutside === 0) p.push('no error span outside the sample: not a useful test');
  });
}

reporter.finish('transforms-e2e');
