import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { cssLiterals } from './vite-plugin-css-literals.ts';

/**
 * The one-file embed for firms' sites without a build step:
 * `<script type="module" src="<api>/embed/portico.js">` registers every client
 * element, Lit included. Served by the Portico server at `/embed/portico.js`.
 */
export default defineConfig({
  plugins: [cssLiterals()],
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('./dist/embed', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    reportCompressedSize: false,
    lib: {
      entry: fileURLToPath(new URL('./components/define.ts', import.meta.url)),
      formats: ['es'],
      fileName: () => 'portico.js',
    },
  },
});
