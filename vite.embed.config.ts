import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type Rolldown } from 'vite';
import { cssLiterals } from './vite-plugin-css-literals.ts';

/**
 * The embed for firms' sites without a build step, into `dist/embed/`:
 * `portico.js`, the loader (`components/autoloader.ts`), and beside it one
 * chunk per element, the chunks they share (Lit, the API client, English)
 * and one per locale. The server serves the folder at `/embed/`; the loader
 * imports the chunks by relative URL, so they come from wherever it came from.
 */
export default defineConfig({
  plugins: [cssLiterals(), parallelChunkImports()],
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

/**
 * The loader imports an element's chunk, which imports the shared chunks:
 * fetched one after the other, that is a round trip more before the element
 * shows. The loader imports them all at once instead (a browser fetches and
 * runs a module once, however many import it). Without a preload helper:
 * the chunk names are written into the loader's own `import()` calls.
 */
function parallelChunkImports(): Plugin {
  return {
    name: 'portico:parallel-chunk-imports',
    generateBundle(_options, bundle) {
      const loader = bundle['portico.js'];
      if (loader?.type !== 'chunk') return;
      const chunk = (file: string) => bundle[file] as Rolldown.OutputChunk;
      const staticDeps = (file: string, into = new Set<string>()): Set<string> => {
        for (const dep of chunk(file).imports) if (!into.has(dep)) staticDeps(dep, into.add(dep));
        return into;
      };
      for (const file of loader.dynamicImports) {
        const deps = [...staticDeps(file)];
        if (!deps.length) continue;
        const call = new RegExp(`import\\((["'\`])\\./${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1\\)`);
        if (!call.test(loader.code)) this.error(`portico.js: no import() of ${file} to add its dependencies to`);
        loader.code = loader.code.replace(call, (whole) => `Promise.all([${[whole, ...deps.map((dep) => `import("./${dep}")`)].join(',')}])`);
      }
    },
  };
}
