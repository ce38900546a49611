import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type Rolldown } from 'vite';
import { templateLiterals } from './vite-plugin-template-literals.ts';

/**
 * The embed for firms' sites without a build step, into `dist/embed/`:
 * `portico.js`, the loader (`components/autoloader.ts`), and beside it the
 * chunks it imports: `client-portal-<hash>.js` with `<client-portal>`,
 * `<client-task-list>` and all they need up front (Lit, the API client,
 * English), and one chunk per thing only some states need (the sign-in views,
 * the task detail, the CORS check, each locale). The server serves the folder
 * at `/embed/`; the loader imports the chunks by relative URL, so they come
 * from wherever it came from.
 */
export default defineConfig({
  plugins: [templateLiterals(), parallelChunkImports()],
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
        // And the `/* @__PURE__ */` notes, which only a further bundler reads.
        comments: false,
        codeSplitting: {
          groups: [
            {
              debugName: 'client-portal',
              name: (id, ctx) => (neededUpFront(id, ctx, ['client-portal', 'client-task-list']) ? 'client-portal' : null),
            },
          ],
        },
        // `client-portal/define.ts` -> `client-portal-<hash>.js`: a chunk is named after its element's folder, or its group.
        chunkFileNames: (chunk) => {
          const id = chunk.facadeModuleId;
          const name = id && basename(id) === 'define.ts' ? basename(dirname(id)) : chunk.name || 'shared';
          return `${name}-[hash].js`;
        },
      },
    },
  },
});

/**
 * Whether module `id` is imported, directly or not, by the define module of
 * one of `tags` (static imports only: what a lazy `import()` alone reaches
 * stays in a chunk of its own).
 *
 * The portal and the task list go together on a firm's page, so they and
 * what they need up front are one chunk: each file is gzipped on its own, and
 * as three files (portal, list, shared) the same code weighed 1.1 KB more.
 * A page with only one of the two fetches the other's code too (about 2 KB).
 */
function neededUpFront(id: string, ctx: Rolldown.ChunkingContext, tags: readonly string[], seen = new Set<string>()): boolean {
  if (tags.some((tag) => id.endsWith(`/components/${tag}/define.ts`))) return true;
  seen.add(id);
  return (ctx.getModuleInfo(id)?.importers ?? []).some((importer) => !seen.has(importer) && neededUpFront(importer, ctx, tags, seen));
}

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
