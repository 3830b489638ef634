#!/usr/bin/env node
// OTLP/protobuf input against the JSON path, through ClickHouse 26 (chDB). Every input (the
// public corpus, the e2e fixtures, the otel zoo, generated traces, logs and metrics) is encoded
// by an independent encoder (tests/e2e/to_proto.js: protobufjs code generated from the
// official .proto files) as the collector file exporter's framed records, framed and
// zstd-compressed, and as single messages; the same messages decoded again by protobufjs are
// written as OTLP/JSON. otelflat must give the same rows from both, in both schemas and
// formats: JSONEachRow byte for byte, Native row for row in chDB tables created from --ddl.
// Then malformed protobuf: every truncation point, bad varints, wrong wire types, lengths past
// the end, groups, deep nesting: each rejected with its reason, never a crash.
//
//   node tests/e2e/proto.js --otelflat PATH --work DIR
// Last line: `proto-e2e: N passed, M failed`.
'use strict';

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { Session } = require('chdb');
const { Reporter, runOtelflat, statements } = require('./lib.js');

const HERE = __dirname;
const CORPUS = path.resolve(HERE, '..', '..', '..', 'shared', 'corpus', 'public');
const args = process.argv.slice(2);
const opt = { otelflat: 'build/otelflat', work: '/tmp/otelflat-proto-e2e' };
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--otelflat') opt.otelflat = args[++i];
  else if (args[i] === '--work') opt.work = args[++i];
}
fs.rmSync(opt.work, { recursive: true, force: true });
fs.mkdirSync(opt.work, { recursive: true });

const reporter = new Reporter();
const report = (name, problems) => reporter.report(name, problems);

const otelflat = (argv) => runOtelflat(opt.otelflat, argv);
const session = new Session(path.join(opt.work, 'chdb'));

const SCHEMAS = {};
for (const schema of ['flat', 'otel']) {
  const sts = statements(otelflat(['--schema', schema, '--ddl', 'all']).stdout.toString());
  SCHEMAS[schema] = { sts, tables: sts.map((st) => /CREATE TABLE IF NOT EXISTS (?:`default`\.|"default"\.)?[`"]?(\w+)/.exec(st)[1]) };
}

// Every table of `schema` from `input` in `format`: {table: bytes}, plus the stats.
let runCount = 0;
function convert(schema, format, input, extra = []) {
  const { tables } = SCHEMAS[schema];
  const dir = path.join(opt.work, `run${runCount++}`);
  fs.mkdirSync(dir);
  const argv = ['--schema', schema, '-f', format, '-q', '--stats=json', ...extra, '--table', tables[0]];
  for (const t of tables.slice(1)) argv.push('--out', `${t}=${path.join(dir, t)}`);
  argv.push(input);
  const r = otelflat(argv);
  const out = { status: r.status, stderr: r.stderr, tables: { [tables[0]]: r.stdout } };
  for (const t of tables.slice(1)) out.tables[t] = fs.readFileSync(path.join(dir, t));
  const last = r.stderr.trim().split('\n').pop();
  out.stats = last && last.startsWith('{') ? JSON.parse(last) : {};
  return out;
}

let dbCount = 0;
function nativeRows(schema, run) {
  const db = `p${dbCount++}`;
  session.query(`CREATE DATABASE ${db}`);
  for (const st of SCHEMAS[schema].sts) session.query(st.replace(/CREATE TABLE IF NOT EXISTS (?:`default`\.|"default"\.)?/, `CREATE TABLE IF NOT EXISTS ${db}.`));
  const rows = {};
  for (const [t, bytes] of Object.entries(run.tables)) {
    const f = path.join(opt.work, `${db}-${t}.native`);
    fs.writeFileSync(f, bytes);
    session.query(`INSERT INTO ${db}.${t} FROM INFILE '${f}' SETTINGS input_format_native_allow_types_conversion = 0 FORMAT Native`);
    rows[t] = session.query(`SELECT * FROM ${db}.${t}`, 'JSONEachRow').split('\n').filter((l) => l).sort();
  }
  session.query(`DROP DATABASE ${db}`);
  return rows;
}

// ---- inputs ---------------------------------------------------------------------------------
const inputs = [];
for (const dir of fs.readdirSync(CORPUS)) {
  const d = path.join(CORPUS, dir);
  if (!fs.statSync(d).isDirectory()) continue;
  for (const f of fs.readdirSync(d)) inputs.push(path.join(d, f));
}
for (const f of fs.readdirSync(path.join(HERE, 'fixtures'))) inputs.push(path.join(HERE, 'fixtures', f));
inputs.push(path.join(HERE, 'otel', 'zoo.jsonl'));
const gen = path.resolve(HERE, '..', '..', 'scripts', 'gen-traces.py');
const mixed = path.join(opt.work, 'generated.jsonl');
fs.writeFileSync(mixed, '');
for (const mode of ['realistic', 'realistic-logs', 'realistic-metrics']) {
  const r = spawnSync('python3', [gen, mode, '--size-mb', '2', '--seed', '21', '--snake-case-fraction', '0.2'], { encoding: 'buffer', maxBuffer: 1 << 30 });
  fs.appendFileSync(mixed, r.stdout);
}
inputs.push(mixed);

// ---- the same rows from protobuf as from JSON -----------------------------------------------
let messagesTotal = 0;
for (const input of inputs) {
  const name = path.relative(path.resolve(HERE, '..', '..', '..'), input);
  const base = path.join(opt.work, `enc${runCount++}`);
  const enc = spawnSync('node', [path.join(HERE, 'to_proto.js'), input, base], { encoding: 'utf8' });
  const m = /to-proto: (\d+) messages/.exec(enc.stdout || '');
  if (enc.status !== 0 || !m) {
    report(`${name}: encode`, [`to_proto.js failed: ${enc.stderr}`]);
    continue;
  }
  const messages = Number(m[1]);
  if (messages === 0) continue;  // nothing protobufjs can encode (not OTLP, or broken on purpose)
  messagesTotal += messages;
  const problems = [];
  try {
    for (const schema of ['flat', 'otel']) {
      const json = convert(schema, 'jsoneachrow', `${base}.roundtrip.jsonl`);
      for (const variant of ['framed', 'framed-zstd']) {
        const proto = convert(schema, 'jsoneachrow', `${base}.${variant}`);
        if (proto.status !== json.status) problems.push(`${schema} ${variant}: exit ${proto.status}, JSON exit ${json.status}: ${proto.stderr.slice(0, 300)}`);
        for (const t of SCHEMAS[schema].tables) {
          if (!proto.tables[t].equals(json.tables[t])) problems.push(`${schema} ${variant} ${t}: JSONEachRow differs from the JSON path's`);
        }
        for (const k of ['spans', 'log_records', 'data_points', 'rows_written', 'documents_rejected']) {
          if (proto.stats[k] !== json.stats[k]) problems.push(`${schema} ${variant}: ${k} ${proto.stats[k]} vs ${json.stats[k]}`);
        }
      }
      const jn = nativeRows(schema, convert(schema, 'native', `${base}.roundtrip.jsonl`));
      const pn = nativeRows(schema, convert(schema, 'native', `${base}.framed`));
      for (const t of SCHEMAS[schema].tables) {
        if (jn[t].length !== pn[t].length) problems.push(`${schema} native ${t}: ${pn[t].length} rows, JSON ${jn[t].length}`);
        else if (jn[t].some((r, i) => r !== pn[t][i])) problems.push(`${schema} native ${t}: rows differ in chDB`);
      }
    }
    // Single messages, as a raw file (what one Kafka message holds), against their JSON line.
    const lines = fs.readFileSync(`${base}.roundtrip.jsonl`, 'utf8').split('\n');
    const files = fs.readdirSync(`${base}.msgs`).sort().slice(0, 3);
    files.forEach((f, i) => {
      const one = path.join(opt.work, `one${runCount++}.json`);
      fs.writeFileSync(one, lines[i] + '\n');
      for (const schema of ['flat', 'otel']) {
        const a = convert(schema, 'jsoneachrow', one);
        const b = convert(schema, 'jsoneachrow', path.join(`${base}.msgs`, f));
        for (const t of SCHEMAS[schema].tables)
          if (!a.tables[t].equals(b.tables[t])) problems.push(`${schema} ${t}: message ${f} alone differs from its JSON`);
      }
    });
  } catch (e) {
    problems.push(String(e.message || e).split('\n')[0]);
  }
  report(`${name}: ${messages} messages, same rows as JSON (both schemas, both formats, framed and zstd)`, problems);
}
report(`protobuf messages encoded: ${messagesTotal}`, messagesTotal > 100 ? [] : ['too few messages to mean anything']);

// ---- malformed protobuf --------------------------------------------------------------------
const root = require('@opentelemetry/otlp-transformer/build/src/generated/root.js');
const Req = root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
const sample = Buffer.from(Req.encode(Req.fromObject({ resourceSpans: [{
  resource: { attributes: [{ key: 'service.name', value: { stringValue: 'cart' } }] },
  scopeSpans: [{ scope: { name: 'lib' }, spans: [{
    traceId: Buffer.from('5b8efff798038103d269b633813fc60c', 'hex'), spanId: Buffer.from('eee19b7ec3c1b174', 'hex'),
    name: 'GET /cart', kind: 2, startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000000250000000',
    attributes: [{ key: 'k', value: { kvlistValue: { values: [{ key: 'a', value: { doubleValue: 1.5 } }] } } }],
    status: { code: 2, message: 'boom' } }] }] }] })).finish());

function framedFile(name, records) {
  const parts = [];
  for (const r of records) {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(r.length);
    parts.push(len, r);
  }
  const f = path.join(opt.work, name);
  fs.writeFileSync(f, Buffer.concat(parts));
  return f;
}
function deadLetters(f) {
  return fs.readFileSync(f, 'utf8').split('\n').filter((l) => l).map((l) => JSON.parse(l));
}

// Every truncation point: a cut at a top-level field boundary is a valid (shorter) message;
// any other cut leaves a field running past the end and must be rejected.
{
  const problems = [];
  const boundaries = new Set();
  const reader = require('protobufjs/minimal').Reader.create(sample);
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    reader.skipType(tag & 7);
    boundaries.add(reader.pos);
  }
  const cuts = [];
  for (let i = 1; i < sample.length; i++) cuts.push(sample.subarray(0, i));
  const dl = path.join(opt.work, 'truncations.dead');
  const r = otelflat(['--stats=json', '-q', '--dead-letter', dl, '--input-format', 'proto', framedFile('truncations.pb', [...cuts, sample])]);
  const s = JSON.parse(r.stderr.trim().split('\n').pop());
  const wantRejected = cuts.filter((c) => !boundaries.has(c.length)).length;
  if (r.status !== 1) problems.push(`exit ${r.status}`);
  if (s.documents !== cuts.length + 1) problems.push(`documents ${s.documents}, want ${cuts.length + 1}`);
  if (s.documents_rejected !== wantRejected) problems.push(`rejected ${s.documents_rejected}, want ${wantRejected}`);
  const letters = deadLetters(dl);
  if (letters.length !== wantRejected) problems.push(`${letters.length} dead letters`);
  const unclear = letters.filter((l) => !/^resourceSpans(\[0\])?: protobuf: /.test(l.reason) || !(l.document_base64 || l.document));
  if (unclear.length) problems.push(`${unclear.length} reasons that do not name the field and say protobuf: ${unclear[0].reason}`);
  if (!/truncations\.pb \(protobuf message at byte \d+\): rejected document/.test(r.stderr.replace(/^.*\//gm, ''))) problems.push('messages do not name the byte offset');
  report(`every truncation point of a ${sample.length}-byte message (${wantRejected} rejected, ${boundaries.size} valid cuts)`, problems);
}

// Hand-made malformed messages, each as a framed record and as a raw message.
const bad = [
  ['a varint longer than 10 bytes', Buffer.from([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), /varint/],
  ['a varint cut by the end', Buffer.from([0x0a, 0x80]), /varint/],
  ['a length past the end', Buffer.from([0x0a, 0x05, 0x0a, 0x01]), /past the end/],
  ['a wrong wire type (resourceSpans as a varint)', Buffer.from([0x08, 0x01]), /wire type/],
  ['a span id of 3 bytes', Buffer.from(Req.encode(Req.fromObject({ resourceSpans: [{ scopeSpans: [{ spans: [{ spanId: Buffer.from('abcdef', 'hex'), name: 'x', startTimeUnixNano: '1' }] }] }] })).finish()), /spanId must be 8 bytes/],
  ['a group', Buffer.from([0x0b, 0x0c]), /group/],
  ['wire type 7', Buffer.from([0x0f]), /invalid wire type/],
  ['field number 0', Buffer.from([0x02, 0x00]), /field number/],
];
{
  // AnyValue arrays nested 100,000 deep (as a span attribute): rejected at 200 levels, no
  // stack overflow.
  let v = Buffer.from([]);
  const wrap = (field, inner) => {
    const len = [];
    let n = inner.length;
    do { len.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0)); n >>>= 7; } while (n > 0);
    return Buffer.concat([Buffer.from([(field << 3) | 2, ...len]), inner]);
  };
  for (let i = 0; i < 100000; i++) v = wrap(5, wrap(1, v));  // AnyValue.array_value -> ArrayValue.values
  const attr = wrap(9, Buffer.concat([wrap(1, Buffer.from('k')), wrap(2, v)]));
  const span = Buffer.concat([Buffer.from([0x39, 1, 0, 0, 0, 0, 0, 0, 0]), attr]);  // start time + attribute
  bad.push(['AnyValue nested 100,000 deep', wrap(1, wrap(2, wrap(2, span))), /nested deeper than 200/]);
}
for (const [label, bytes, reason] of bad) {
  const problems = [];
  for (const [how, file, extra] of [['framed', framedFile('bad.pb', [bytes, sample]), []],
    ['raw', (() => { const f = path.join(opt.work, 'bad-raw.pb'); fs.writeFileSync(f, bytes); return f; })(), []]]) {
    const dl = path.join(opt.work, 'bad.dead');
    const r = otelflat(['--stats=json', '--dead-letter', dl, '--input-format', 'proto', ...extra, file]);
    const s = JSON.parse(r.stderr.trim().split('\n').pop());
    if (r.status !== 1) problems.push(`${how}: exit ${r.status}: ${r.stderr.slice(0, 200)}`);
    if (s.documents_rejected !== 1) problems.push(`${how}: rejected ${s.documents_rejected}`);
    if (how === 'framed' && s.rows_written !== 1) problems.push(`framed: the good record after it gave ${s.rows_written} rows`);
    const letters = deadLetters(dl);
    if (!letters[0] || !reason.test(letters[0].reason)) problems.push(`${how}: reason ${letters[0] && letters[0].reason}`);
    if (!/rejected document/.test(r.stderr)) problems.push(`${how}: no message on stderr`);
  }
  report(`malformed protobuf: ${label}`, problems);
}

// A framed record cut short by the end of the file is an input error (exit 3), as a
// truncated zstd stream is; what came before it is written.
{
  const f = framedFile('cut.pb', [sample, sample]);
  fs.truncateSync(f, fs.statSync(f).size - 5);
  const r = otelflat(['--stats=json', f]);
  const s = JSON.parse(r.stderr.trim().split('\n').pop());
  report('a framed file cut inside its last record: exit 3, the first record written',
    r.status === 3 && s.rows_written === 1 && /cut short/.test(r.stderr) ? [] : [`exit ${r.status}, rows ${s.rows_written}: ${r.stderr.slice(0, 300)}`]);
}

reporter.finish('proto-e2e');
