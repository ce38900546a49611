import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, minifySync, type Rolldown } from 'vite';

/**
 * Bundle weight, gzip -9, against a Lit hello-world element built the same
 * way in the same run. Measures what `/embed/` serves: the embed is built in
 * memory from `vite.embed.config.ts` (the loader and its chunks), and a page
 * is charged for the loader plus every chunk its elements import, the way a
 * browser fetches them.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
/** The four client elements ARCHITECTURE.md promises; their chunks are found by their define modules. */
const CLIENT_ELEMENTS = ['client-portal', 'client-task-list', 'request-form', 'upload-zone'] as const;
/** `uploadZone`: issue 8's budget for the upload element and its tus client ("at most 5 KB gzip added"). */
const TARGETS_KB = { loader: 3, page: 15, all: 20, uploadZone: 5 };
/** Published figures, gzip KB: other embeddable widgets' loaders. */
const REFERENCES = { 'Typeform embed': 12, 'Cal.com embed loader': 17, 'Uppy dashboard': 95 };

type Chunk = Rolldown.OutputChunk;
const gzip = (code: string): number => gzipSync(code, { level: 9 }).length;
const kb = (bytes: number): string => (bytes / 1024).toFixed(1).padStart(5);

async function chunksOf(options: Parameters<typeof build>[0]): Promise<Chunk[]> {
  const out = (await build({ root, logLevel: 'silent', ...options })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[];
  return (Array.isArray(out) ? out : [out]).flatMap((o) => o.output).filter((c): c is Chunk => c.type === 'chunk');
}

/** The Lit hello-world element: what any Lit element pays for once. */
async function litBaseline(): Promise<number> {
  const entry = join(mkdtempSync(join(tmpdir(), 'portico-weight-')), 'lit-hello.js');
  writeFileSync(entry, `import { LitElement, html } from '${join(root, 'node_modules/lit/index.js')}';
customElements.define('lit-hello', class extends LitElement { render() { return html\`<p>Hello</p>\`; } });`);
  const chunks = await chunksOf({
    configFile: false,
    build: { write: false, minify: true, target: 'es2022', lib: { entry, formats: ['es'], fileName: 'bundle' } },
  });
  return chunks.reduce((sum, c) => sum + gzip(c.code), 0);
}

/** `chunk` and every chunk it imports statically, as a browser fetches them before the module runs. */
function closure(chunk: Chunk, byName: Map<string, Chunk>, into = new Set<Chunk>()): Set<Chunk> {
  if (into.has(chunk)) return into;
  into.add(chunk);
  for (const name of chunk.imports) closure(byName.get(name)!, byName, into);
  return into;
}

const sum = (chunks: Iterable<Chunk>): number => [...chunks].reduce((total, c) => total + gzip(c.code), 0);

/**
 * Where a set of chunks' bytes go, by module: each module's code minified on
 * its own and gzipped, scaled so that each chunk's modules add up to the
 * chunk's real gzip size (an estimate: gzip shares context within a chunk).
 */
function breakdown(chunks: Iterable<Chunk>): Array<[string, number]> {
  const byModule = new Map<string, number>();
  for (const chunk of chunks) {
    const parts = Object.entries(chunk.modules).map(([id, m]) => {
      const code = m.code ?? '';
      let minified = code;
      try {
        minified = minifySync('module.js', code, { module: true, compress: false }).code;
      } catch {
        /* a fragment the minifier does not take alone: measured as rendered */
      }
      return [moduleName(id), code ? gzip(minified) : 0] as const;
    });
    const raw = parts.reduce((total, [, size]) => total + size, 0) || 1;
    const real = gzip(chunk.code);
    for (const [name, size] of parts) byModule.set(name, (byModule.get(name) ?? 0) + (size * real) / raw);
  }
  return [...byModule].sort((a, b) => b[1] - a[1]);
}

/** Lit's own packages as one line each; our modules by path. */
function moduleName(id: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(id)?.[1];
  if (pkg) return ['lit', 'lit-html', 'lit-element', '@lit/reactive-element'].includes(pkg) ? 'Lit (lit-html, reactive-element)' : pkg;
  return id.startsWith('\0') || !id.startsWith('/') ? 'bundler helpers' : relative(root, id);
}

/** Modules that only one state of an element needs: each must stay out of the chunks a page fetches up front. */
const STATE_MODULES = {
  /** The sign-in views: fetched by `<client-portal>` only while signed out. */
  signIn: 'components/internal/sign-in-views.ts',
  /** The opened task's body: fetched by `<client-task-list>` when idle after the list shows, or on first open. */
  taskDetail: 'components/client-task-list/task-detail.ts',
  /** `<upload-zone>` and its tus client: fetched by the task detail when a task opens (or by the loader for its tag). */
  uploadZone: 'components/upload-zone/upload-zone.ts',
  /** A conversation (`<portico-thread>`): fetched by the task detail or `<request-form>` when a thread first opens. */
  thread: 'components/internal/thread-view.ts',
} as const;

export async function weight() {
  const lit = await litBaseline();
  const chunks = await chunksOf({ configFile: join(root, 'vite.embed.config.ts'), build: { write: false } });
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const loader = byName.get('portico.js');
  if (!loader) throw new Error('the embed build has no portico.js');
  /** The chunk a module was bundled into (an element's define module, a state module). */
  const chunkOf = (module: string): Chunk | undefined => chunks.find((c) => join(root, module) in c.modules);
  const defineModule = (tag: string) => `components/${tag}/define.ts`;
  const elementChunk = (tag: string) => {
    const chunk = chunkOf(defineModule(tag));
    return chunk && loader.dynamicImports.includes(chunk.fileName) ? chunk : undefined;
  };
  /** What a page fetches: the loader, then each module's chunk with every chunk it imports statically. */
  const pageOf = (modules: readonly string[]) => {
    const files = new Set<Chunk>([loader]);
    for (const module of modules) {
      const chunk = chunkOf(module);
      if (!chunk) throw new Error(`the embed build has no chunk with ${module}`);
      closure(chunk, byName, files);
    }
    return files;
  };

  const built = CLIENT_ELEMENTS.filter((tag) => elementChunk(tag));
  const missing = CLIENT_ELEMENTS.filter((tag) => !elementChunk(tag));
  const portalAndList = ['client-portal', 'client-task-list'].map(defineModule);
  // Signed in (a stored session): the task list shows once these are here; the sign-in views are never fetched.
  const signedIn = pageOf(portalAndList);
  // Signed out on the same page: the loader fetches both elements (both tags are there), and the portal its sign-in views.
  const signedOut = pageOf([...portalAndList, STATE_MODULES.signIn]);
  const signInOnly = pageOf([defineModule('client-portal'), STATE_MODULES.signIn]);
  // Every chunk the four elements can fetch, in any state (another locale's strings apart).
  const allElements = pageOf([...built.map(defineModule), ...Object.values(STATE_MODULES)]);
  for (const [state, module] of Object.entries(STATE_MODULES)) {
    const chunk = chunkOf(module);
    if (!chunk || signedIn.has(chunk) || (state !== 'signIn' && signedOut.has(chunk))) {
      throw new Error(`${module} is not a chunk of its own: the page would fetch it before it needs it`);
    }
  }
  const later = (page: Set<Chunk>, modules: readonly string[]) => [...pageOf(modules)].filter((c) => !page.has(c));

  const figure = (name: string, page: Set<Chunk>, target?: number, note = '') => {
    const bytes = sum(page);
    const verdict = target === undefined ? '' : `target ${String(target).padStart(2)} KB  ${bytes <= target * 1024 ? 'PASS' : 'MISS'}`;
    console.log(`  ${name.padEnd(52)} ${kb(bytes)} KB  ${(bytes / lit).toFixed(2)}x Lit   ${verdict}${note}`);
  };
  console.log('\nWeight of /embed/ (minified + gzip -9 per file as served, Lit included; a page pays for the loader and every chunk fetched before the element is usable)');
  console.log(`  ${'Lit hello-world element'.padEnd(52)} ${kb(lit)} KB  (baseline)`);
  figure('the loader, portico.js', new Set([loader]), TARGETS_KB.loader);
  figure('<client-portal> + <client-task-list>, signed in', signedIn, TARGETS_KB.page, `   (${signedIn.size} files, until the tasks show)`);
  figure('<client-portal> + <client-task-list>, signed out', signedOut, TARGETS_KB.page, `   (${signedOut.size} files, until the sign-in form shows)`);
  figure('all four client elements, every state', allElements, TARGETS_KB.all, missing.length ? `   so far: ${missing.map((t) => `<${t}>`).join(' and ')} not yet built` : '');
  figure('  a page with only <client-portal>, signed out', signInOnly);
  const detail = later(signedIn, [...portalAndList, STATE_MODULES.taskDetail]);
  console.log(`  ${'  then, when idle once the tasks show: the task detail'.padEnd(52)} ${kb(sum(detail))} KB`);
  const zone = later(new Set([...signedIn, ...detail]), [...portalAndList, STATE_MODULES.taskDetail, STATE_MODULES.uploadZone]);
  figure('  then, when a task opens: <upload-zone> (tus client)', new Set(zone), TARGETS_KB.uploadZone);
  const estonian = chunks.filter((c) => c.facadeModuleId?.endsWith('/translations/et.ts'));
  console.log(`  ${'  + Estonian strings, on Estonian pages only'.padEnd(52)} ${kb(sum(estonian))} KB`);
  for (const [name, ref] of Object.entries(REFERENCES)) {
    console.log(`  vs ${name.padEnd(48)} ${String(ref).padStart(5)} KB  the signed-in page is ${(sum(signedIn) / 1024 / ref).toFixed(2)}x`);
  }

  for (const [title, page] of [['signed in', signedIn], ['signed out', signedOut]] as const) {
    console.log(`\n  The <client-portal> + <client-task-list> page ${title}, by file and by module (module shares estimated):`);
    for (const chunk of page) console.log(`    ${kb(gzip(chunk.code))} KB  ${chunk.fileName}`);
    for (const [name, bytes] of breakdown(page).filter(([, bytes]) => bytes >= 100)) {
      console.log(`      ${kb(bytes)} KB  ${name}`);
    }
  }
  return { lit, loader: gzip(loader.code), signedIn: sum(signedIn), signedOut: sum(signedOut), all: sum(allElements), missing };
}

if (import.meta.url === `file://${process.argv[1]}`) await weight();
