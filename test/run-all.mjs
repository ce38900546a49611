#!/usr/bin/env node
/**
 * `npm test`: every suite in sequence, then one total.
 *
 *   0. types      tsc --noEmit over everything (counts as one test)
 *   1. unit       vitest (edge/, db/, test/**.test.ts)
 *   2. components web-test-runner in system Chromium (components/**.test.ts)
 *   3. e2e        Playwright against `npm start` (test/e2e/*.e2e.ts)
 *
 * Each suite prints its own progress, then a line with its counts. The last
 * line is exactly `N passed, N failed, N skipped` (skipped counts vitest's
 * skipped and todo tests, web-test-runner's and Playwright's skipped ones, so
 * a stray `.skip` shows). Exits non-zero when any suite failed
 * or crashed; a suite that crashed (no results, or a non-zero exit without a
 * failing test) counts as at least one failure.
 *
 * Works from a clean checkout: the e2e suite's web server (`npm start`)
 * builds dist/web itself. SUITES=types,unit,e2e limits the run.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const tmp = mkdtempSync(join(tmpdir(), 'portico-test-'));
const SUITE_TIMEOUT_MS = Number(process.env.SUITE_TIMEOUT_MINUTES ?? 15) * 60_000;

let current = null;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    // Children run in their own process group (so a timeout can stop browsers and servers too).
    if (current) {
      try {
        process.kill(-current.pid, signal);
      } catch {
        /* already gone */
      }
    }
    rmSync(tmp, { recursive: true, force: true });
    process.exit(130);
  });
}

/** Runs a command with inherited output; resolves with its exit code (null if killed). */
function run(cmd, args, env = {}) {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env }, detached: true });
    current = child;
    const timer = setTimeout(() => {
      console.error(`\n${cmd} ${args.join(' ')}: no result after ${SUITE_TIMEOUT_MS / 60_000} minutes, stopping it`);
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    }, SUITE_TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      console.error(`could not start ${cmd}: ${err.message}`);
      done(null);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      current = null;
      done(signal ? null : code);
    });
  });
}

/** `preferred` when nothing listens there, else a port the system picks. */
function freePort(preferred) {
  const tryListen = (port) =>
    new Promise((ok) => {
      const server = createServer();
      server.once('error', () => ok(null));
      server.listen(port, () => {
        const { port: got } = server.address();
        server.close(() => ok(got));
      });
    });
  return tryListen(preferred).then((port) => port ?? tryListen(0));
}

const readJson = (file) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
};

const suites = [
  {
    // Type errors do not stop tsx, vitest or esbuild, so the compiler checks them once, as one test.
    name: 'types (tsc)',
    key: 'types',
    async run() {
      const code = await run(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
      return { code, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1 };
    },
  },
  {
    name: 'unit (vitest)',
    key: 'unit',
    async run() {
      const out = join(tmp, 'vitest.json');
      const code = await run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
      const json = readJson(out);
      if (!json) return { code, crashed: true };
      const fileFailures = (json.testResults ?? []).filter(
        (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed'),
      ).length;
      return {
        code,
        passed: json.numPassedTests ?? 0,
        failed: (json.numFailedTests ?? 0) + fileFailures,
        skipped: (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0),
      };
    },
  },
  {
    name: 'components (web-test-runner)',
    key: 'components',
    async run() {
      const out = join(tmp, 'wtr.json');
      const code = await run(process.execPath, [join(root, 'test', 'wtr-with-counts.mjs'), out]);
      const json = readJson(out);
      if (!json) return { code, crashed: true };
      return { code, passed: json.passed, failed: json.failed, skipped: json.skipped };
    },
  },
  {
    name: 'e2e (playwright)',
    key: 'e2e',
    async run() {
      const out = join(tmp, 'playwright.json');
      // The default ports (8799 API, 8798 second origin) may be taken by a server already running here.
      const port = process.env.E2E_PORT ?? String(await freePort(8799));
      const staticPort = process.env.E2E_STATIC_PORT ?? String(await freePort(8798));
      const code = await run(bin('playwright'), ['test', '--reporter=list,json'], {
        PLAYWRIGHT_JSON_OUTPUT_FILE: out,
        E2E_PORT: port,
        E2E_STATIC_PORT: staticPort,
      });
      const json = readJson(out);
      if (!json?.stats) return { code, crashed: true };
      const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = json.stats;
      // Errors outside tests (global setup, web server) leave no failing test behind.
      const outside = (json.errors ?? []).length > 0 && unexpected === 0 ? 1 : 0;
      return { code, passed: expected + flaky, failed: unexpected + outside, skipped };
    },
  },
];

const only = process.env.SUITES?.split(',').map((s) => s.trim());
const results = [];
for (const suite of suites) {
  if (only && !only.includes(suite.key)) continue;
  console.log(`\n=== ${suite.name} ===\n`);
  let result;
  try {
    result = await suite.run();
  } catch (err) {
    console.error(err);
    result = { code: null, crashed: true };
  }
  let { passed = 0, failed = 0, skipped = 0 } = result;
  let note = '';
  if (result.crashed) {
    note = ` (crashed${result.code === null ? '' : `, exit ${result.code}`})`;
    failed = Math.max(failed, 1);
  } else if (result.code !== 0 && failed === 0) {
    note = ` (exit ${result.code} without a failing test)`;
    failed = 1;
  }
  results.push({ name: suite.name, passed, failed, skipped, note });
}

rmSync(tmp, { recursive: true, force: true });

console.log('\n=== summary ===');
for (const r of results) {
  console.log(`${r.name}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped${r.note}`);
}
const total = (key) => results.reduce((n, r) => n + (Number(r[key]) || 0), 0);
console.log(`${total('passed')} passed, ${total('failed')} failed, ${total('skipped')} skipped`);
process.exitCode = total('failed') > 0 || results.length === 0 ? 1 : 0;
