// Component tests: `npx wtr` (npm run test:components). Runs every
// components/**/*.test.ts in the system Chromium through Playwright.
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { tsImport } from 'tsx/esm/api';
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

const { minifyTemplateLiteralsIn } = await tsImport('./vite-plugin-template-literals.ts', import.meta.url);

/**
 * The elements as the builds ship them: their `css` and `html` templates
 * minified the same way (vite-plugin-template-literals.ts), so every test
 * also proves the minified templates work. Tests and their helpers are
 * served as written.
 */
const minifiedTemplates = {
  name: 'minified-templates',
  transform(context) {
    if (!/\/components\/.+\.ts$/.test(context.path) || /\.test\.ts$|\/internal\/testing\//.test(context.path)) return;
    const body = minifyTemplateLiteralsIn(context.body, context.path);
    if (body !== context.body) return { body };
  },
};

export default {
  files: ['components/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 2,
  testsFinishTimeout: 180_000,
  testFramework: { config: { timeout: 5_000 } },
  plugins: [
    minifiedTemplates,
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
