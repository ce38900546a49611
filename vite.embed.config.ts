import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { cssLiterals } from './vite-plugin-css-literals.ts';

/**
 * The embed for firms' sites without a build step, into `dist/embed/`:
 * `portico.js`, the loader (`components/autoloader.ts`), and beside it one
 * chunk per element, the chunks they share (Lit, the API client, English)
 * and one per locale. The server serves the folder at `/embed/`; the loader
 * imports the chunks by relative URL, so they come from wherever it came from.
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
    // Library mode: the loader's own `import()`s fetch the chunks, with no preload helper and no HTML.
    lib: {
      entry: fileURLToPath(new URL('./components/autoloader.ts', import.meta.url)),
      formats: ['es'],
      fileName: () => 'portico.js',
    },
    rolldownOptions: {
      output: {
        // Whitespace too (Vite keeps it in library mode, for the consumer's bundler; these files go straight to browsers).
        minify: true,
        // `client-portal/define.ts` -> `client-portal-<hash>.js`: a chunk is named after its element's folder.
        chunkFileNames: (chunk) => {
          const id = chunk.facadeModuleId;
          const name = !id ? 'shared' : basename(id) === 'define.ts' ? basename(dirname(id)) : chunk.name;
          return `${name}-[hash].js`;
        },
      },
    },
  },
});
