#!/usr/bin/env node
// Encodes OTLP/JSON documents as OTLP/protobuf with an encoder independent of otelflat:
// protobufjs code generated from the official OpenTelemetry .proto files (shipped in
// @opentelemetry/otlp-transformer 0.52.1). Each document (a JSON line, or a whole file that
// is one document) becomes one Export*ServiceRequest per signal it holds. Writes:
//   OUT.framed       the collector file exporter's framing: 4-byte big-endian length + message
//   OUT.framed-zstd  the same with each message zstd-compressed (the exporter's compression)
//   OUT.msgs/N.pb    each message alone (a raw file, or a Kafka message)
//   OUT.roundtrip.jsonl  the messages decoded again by protobufjs and written as OTLP/JSON:
//                    the same data as the protobuf files hold, for the JSON path to compare with
//   node tests/e2e/to_proto.js INPUT OUT   (prints "to-proto: N messages")
'use strict';

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const root = require('@opentelemetry/otlp-transformer/build/src/generated/root.js');

const V1 = root.opentelemetry.proto.collector;
const TYPES = {
  resourceSpans: V1.trace.v1.ExportTraceServiceRequest,
  resourceLogs: V1.logs.v1.ExportLogsServiceRequest,
  resourceMetrics: V1.metrics.v1.ExportMetricsServiceRequest,
};
const ID_FIELDS = new Set(['traceId', 'spanId', 'parentSpanId']);

const camel = (k) => k.replace(/_([a-z])/g, (_, c) => c.toUpperCase());

// OTLP/JSON -> the plain object protobufjs' fromObject takes: camelCase field names, hex ids
// as bytes (base64), everything else as it is (int64 strings, enum names, "NaN").
function toProtoObject(v, key) {
  if (Array.isArray(v)) return v.map((x) => toProtoObject(x, key));
  if (v !== null && typeof v === 'object') {
    const out = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === null) continue;
      const ck = camel(k);
      out[ck] = toProtoObject(x, ck);
    }
    return out;
  }
  if (ID_FIELDS.has(key) && typeof v === 'string') return Buffer.from(v, 'hex').toString('base64');
  if (typeof v === 'string' && /^[+-]?(nan|inf|infinity)$/i.test(v) && key !== 'stringValue') {
    const neg = v.startsWith('-');
    return /nan/i.test(v) ? NaN : neg ? -Infinity : Infinity;
  }
  return v;
}

// protobufjs' toObject -> OTLP/JSON again: hex ids, non-finite doubles as strings.
function toOtlpJson(v, key) {
  if (Array.isArray(v)) return v.map((x) => toOtlpJson(x, key));
  if (v !== null && typeof v === 'object') {
    const out = {};
    for (const [k, x] of Object.entries(v)) out[k] = toOtlpJson(x, k);
    return out;
  }
  if (ID_FIELDS.has(key) && typeof v === 'string') return Buffer.from(v, 'base64').toString('hex');
  if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  if (Object.is(v, -0)) return NEG_ZERO;  // JSON.stringify would write 0
  return v;
}
const NEG_ZERO = '\u0000negative zero\u0000';

function documents(text) {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  try {
    return [JSON.parse(trimmed)];  // one (possibly pretty) document
  } catch (e) {
    return text.split('\n').filter((l) => l.trim() !== '').map((l) => {
      try {
        return JSON.parse(l);
      } catch (e2) {
        return null;  // not JSON: not something to encode
      }
    }).filter((d) => d !== null);
  }
}

const [input, out] = process.argv.slice(2);
const msgDir = `${out}.msgs`;
fs.rmSync(msgDir, { recursive: true, force: true });
fs.mkdirSync(msgDir, { recursive: true });
const framed = [];
const framedZstd = [];
const roundtrip = [];
let count = 0;
for (const doc of documents(fs.readFileSync(input, 'utf8'))) {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) continue;
  for (const [field, Type] of Object.entries(TYPES)) {
    const value = doc[field] ?? doc[field.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase())];
    if (!Array.isArray(value)) continue;
    let message;
    try {
      const obj = Type.fromObject({ [field]: toProtoObject(value, field) });
      if (Type.verify(obj)) continue;
      message = Buffer.from(Type.encode(obj).finish());
    } catch (e) {
      continue;  // a document protobufjs cannot represent (otelflat may still read its JSON)
    }
    const back = Type.toObject(Type.decode(message), { longs: String, enums: Number, bytes: String });
    roundtrip.push(JSON.stringify(toOtlpJson(back, '')).split(JSON.stringify(NEG_ZERO)).join('-0'));
    const len = Buffer.alloc(4);
    len.writeUInt32BE(message.length);
    framed.push(len, message);
    const z = spawnSync('zstd', ['-q', '-c'], { input: message, maxBuffer: 1 << 30 });
    if (z.status !== 0) throw new Error('zstd failed: ' + z.stderr);
    const zlen = Buffer.alloc(4);
    zlen.writeUInt32BE(z.stdout.length);
    framedZstd.push(zlen, z.stdout);
    fs.writeFileSync(path.join(msgDir, `${String(count).padStart(6, '0')}.pb`), message);
    count++;
  }
}
fs.writeFileSync(`${out}.framed`, Buffer.concat(framed));
fs.writeFileSync(`${out}.framed-zstd`, Buffer.concat(framedZstd));
fs.writeFileSync(`${out}.roundtrip.jsonl`, roundtrip.map((l) => l + '\n').join(''));
console.log(`to-proto: ${count} messages`);
