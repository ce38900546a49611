// Component tests: `npx wtr` (npm run test:components). Runs every
// components/**/*.test.ts in the system Chromium through Playwright.
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { chromiumLaunchOptions } from './test/chromium.mjs';

/**
 * axe-core ships as a UMD script that sets `window.axe`; give it an ES default
 * export so tests can `import axe from 'axe-core'` without a CommonJS plugin.
 */
const axeAsModule = {
  name: 'axe-core-as-module',
  transform(context) {
    if (/\/axe-core\/axe(\.min)?\.js$/.test(context.path)) {
      return { body: `${context.body}\nexport default window.axe;\n` };
    }
  },
};

export default {
  files: ['components/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 2,
  testsFinishTimeout: 180_000,
  testFramework: { config: { timeout: 5_000 } },
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }),
    axeAsModule,
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: chromiumLaunchOptions,
    }),
  ],
};
