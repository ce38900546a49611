import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { templateLiterals } from './vite-plugin-template-literals.ts';

/**
 * Builds the demo firm website (`demo/`) into `dist/web/`, which `npm start`
 * serves: `/` -> index.html, `/portal` -> portal.html, `/console` ->
 * console.html, `/p/:slug` -> hosted.html, `/assets/*` -> the bundles.
 *
 * Pages are served at several paths (including `/p/:slug`), so asset URLs
 * are absolute (`base: '/'`).
 */
const page = (name: string): string => fileURLToPath(new URL(`./demo/${name}.html`, import.meta.url));

export default defineConfig({
  plugins: [templateLiterals()],
  root: fileURLToPath(new URL('./demo/', import.meta.url)),
  base: '/',
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    rolldownOptions: {
      input: {
        index: page('index'),
        portal: page('portal'),
        console: page('console'),
        hosted: page('hosted'),
      },
    },
  },
  server: {
    fs: { allow: ['..'] },
  },
});
