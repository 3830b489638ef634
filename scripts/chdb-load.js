#!/usr/bin/env node
// Creates a table from DDL in a throw-away chDB session (ClickHouse in-process), inserts a
// Native file into it and prints the result of a query. Used by scripts/demo.
//   node scripts/chdb-load.js FILE.native "CREATE TABLE ..." "SELECT ..."
'use strict';
const path = require('path');
const fs = require('fs');
const os = require('os');
const { Session } = require(path.join(__dirname, '..', 'tests', 'e2e', 'node_modules', 'chdb'));

const [file, ddl, query] = process.argv.slice(2);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otelflat-chdb-'));
const session = new Session(dir);
try {
  session.query(ddl);
  const table = /CREATE TABLE (?:IF NOT EXISTS )?(\S+)/.exec(ddl)[1];
  session.query(`INSERT INTO ${table} FROM INFILE '${path.resolve(file)}' FORMAT Native`);
  process.stdout.write(session.query(query, 'PrettyCompactMonoBlock'));
} finally {
  session.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
}
