#!/usr/bin/env node
/**
 * Runs web-test-runner with the project's config (web-test-runner.config.mjs)
 * and, besides its usual reporters, writes the counts as JSON to the file
 * named by the first argument: { passed, failed, skipped, files, fileErrors }.
 * Used by test/run-all.mjs; `npm run test:components` runs plain `wtr`.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultReporter, startTestRunner } from '@web/test-runner';

const out = process.argv[2];
if (!out) {
  console.error('usage: node test/wtr-with-counts.mjs <counts.json>');
  process.exit(2);
}

const configPath = resolve('web-test-runner.config.mjs');
const fileConfig = existsSync(configPath) ? ((await import(pathToFileURL(configPath).href)).default ?? {}) : {};

/** Adds up tests across every browser session of the last run. */
function count(sessions) {
  const totals = { passed: 0, failed: 0, skipped: 0, files: new Set(), fileErrors: 0 };
  const walk = (suite) => {
    if (!suite) return 0;
    let failed = 0;
    for (const test of suite.tests ?? []) {
      if (test.skipped) totals.skipped++;
      else if (test.passed) totals.passed++;
      else {
        totals.failed++;
        failed++;
      }
    }
    for (const child of suite.suites ?? []) failed += walk(child);
    return failed;
  };
  for (const session of sessions) {
    totals.files.add(session.testFile);
    const failedTests = walk(session.testResults);
    // A file that failed without a failing test (did not load, threw outside a test, timed out) counts once.
    if (session.passed === false && failedTests === 0) {
      totals.failed++;
      totals.fileErrors++;
    }
  }
  return { ...totals, files: totals.files.size };
}

const counter = {
  async onTestRunFinished({ sessions }) {
    await writeFile(out, JSON.stringify(count(sessions)));
  },
};

await startTestRunner({
  config: { ...fileConfig, reporters: [...(fileConfig.reporters ?? [defaultReporter()]), counter] },
  readFileConfig: false,
  // Let flags such as --files still reach wtr; `process.argv[2]` is ours.
  argv: process.argv.slice(3),
});
