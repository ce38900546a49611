import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './test/chromium.mjs';

/**
 * End-to-end tests: `npm start` on a fresh temporary database, the demo site,
 * the hosted portal and the console in system Chromium, plus a second origin
 * (a tiny static server, see global-setup.ts) embedding the portal
 * cross-origin.
 *
 *   npx playwright test            # or: npm run test:e2e
 *   E2E_PORT=9000 E2E_STATIC_PORT=9001 npx playwright test
 *   CHROMIUM_PATH=/path/to/chrome npx playwright test
 */
const port = Number(process.env.E2E_PORT ?? 8799);
const staticPort = Number(process.env.E2E_STATIC_PORT ?? 8798);
export const apiOrigin = `http://localhost:${port}`;
export const staticOrigin = `http://127.0.0.1:${staticPort}`;
/** Replies by email are set up on the e2e server: notices carry a reply address on this domain, and the test posts Postmark's webhook with this pair. */
export const inbound = { domain: 'reply.demo.test', user: 'postmark-e2e', password: 'e2e-inbound-password' };

// The config is evaluated again in every worker; the environment carries the
// directory made by the first evaluation so that all agree on one database.
process.env.PORTICO_E2E_DIR ??= mkdtempSync(join(tmpdir(), 'portico-e2e-'));
process.env.PORTICO_E2E_API ??= apiOrigin;
process.env.PORTICO_E2E_STATIC_PORT ??= String(staticPort);
const dir = process.env.PORTICO_E2E_DIR;

export default defineConfig({
  testDir: './test/e2e',
  testMatch: '**/*.e2e.ts',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results',
  reporter: [['list']],
  globalSetup: './test/e2e/global-setup.ts',
  use: {
    baseURL: apiOrigin,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: 'npm start',
    url: `${apiOrigin}/api/v1/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    env: {
      PORT: String(port),
      DATABASE_URL: `file:${join(dir, 'e2e.db')}`,
      PUBLIC_URL: apiOrigin,
      DEMO_EXTRA_ORIGINS: staticOrigin,
      MAILER: 'dev',
      DEV_ROUTES: '1',
      DEV_CLOCK: '1',
      SEED: '1',
      NODE_ENV: 'test',
      // Every test signs in by email; the default limit (5 per address per 15 min) is tested in vitest.
      SIGN_IN_RATE_LIMIT: '50',
      // A message notice goes out a second after the firm writes (default 120 s), so the test can answer it.
      MESSAGE_NOTIFY_DELAY_SECONDS: '1',
      INBOUND_DOMAIN: inbound.domain,
      POSTMARK_INBOUND_USER: inbound.user,
      POSTMARK_INBOUND_PASSWORD: inbound.password,
    },
  },
});
