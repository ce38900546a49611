import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/**
 * Builds the demo firm website (`demo/`) into `dist/web/`, which `npm start`
 * serves: `/` -> index.html, `/portal` -> portal.html, `/console` ->
 * console.html, `/p/:slug` -> hosted.html, `/assets/*` -> the bundles.
 *
 * Pages are served at several paths (including `/p/:slug`), so asset URLs
 * are absolute (`base: '/'`).
 */
const page = (name: string): string => fileURLToPath(new URL(`./demo/${name}.html`, import.meta.url));

/**
 * Keeps the tag-registering modules in the bundle. package.json `sideEffects`
 * lists the per-element define modules (components/<element>/define.ts) but
 * not the all-in-one `components/define.ts` (nor the demo's entry scripts), so the bundler
 * would drop `import '../components/define.ts'` as side-effect free and no
 * element would be defined. Harmless once package.json lists it.
 */
const keepDefineModules = (): Plugin => ({
  name: 'portico-keep-define-modules',
  transform(code, id) {
    const path = id.split('?')[0]!.replaceAll('\\', '/');
    if (/\/components\/(?:[^/]+\/)?define\.ts$/.test(path) || /\/demo\/[^/]+\.ts$/.test(path)) {
      return { code, map: null, moduleSideEffects: true };
    }
    return null;
  },
});

export default defineConfig({
  plugins: [keepDefineModules()],
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
