// What the e2e scripts share: PASS/FAIL reporting with a summary line, running otelflat, and
// splitting DDL into statements.
'use strict';

const { spawnSync } = require('child_process');

class Reporter {
  constructor() {
    this.passed = 0;
    this.failed = 0;
  }
  report(name, problems) {
    if (problems.length === 0) {
      this.passed++;
      console.log(`PASS  ${name}`);
    } else {
      this.failed++;
      console.log(`FAIL  ${name}`);
      for (const p of problems.slice(0, 12)) console.log(`      ${p}`);
    }
  }
  // Prints `LABEL: N passed, M failed` and exits with the result.
  finish(label) {
    console.log(`${label}: ${this.passed} passed, ${this.failed} failed`);
    process.exit(this.failed === 0 ? 0 : 1);
  }
}

// Runs the binary; stdout as bytes, stderr as text.
function runOtelflat(binary, argv) {
  const r = spawnSync(binary, argv, { encoding: 'buffer', maxBuffer: 1 << 30 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}

// Splits `--ddl all` output (or a .sql file) into statements.
function statements(sql) {
  return sql.split(/;\s*(?:\n|$)/).map((s) => s.trim()).filter((s) => s.length > 0);
}

module.exports = { Reporter, runOtelflat, statements };
