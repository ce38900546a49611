import { defineConfig } from 'vitest/config';

// Browser tests (components/) belong to web-test-runner, end-to-end ones to Playwright.
export default defineConfig({
  test: {
    include: ['edge/**/*.test.ts', 'db/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['components/**', 'test/e2e/**', 'node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
