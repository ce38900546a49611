import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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
/**
 * `uploadZone`: issue 8's budget, "at most 5 KB gzip added to the client
 * elements" for `<upload-zone>`, whose benchmark is "the element's added
 * weight": the chunk a page fetches when the zone first shows (the element,
 * its tus client, the upload rules, its English strings and styles), beyond
 * what the portal and the task detail already fetched. What it uses of theirs
 * (Lit, the API client, the localize and portal controllers) was there before.
 */
const TARGETS_KB = { loader: 3, page: 15, all: 20, uploadZone: 5 };
/**
 * For context, not a budget: what the client elements gained in all since
 * the commit before issue 8's files work (the parent of the commit that added
 * `migration`), built with this tree's settings in the same run (see
 * {@link issue8Baseline}). The pages compared are every state of the elements
 * that commit had (`recorded.tags`, `recorded.states`) and the upload zone
 * (`added`): issue 8's zone and its document requests in the task detail,
 * and every later issue's work on those elements. `recorded.bytes` is that
 * commit's figure as built with the settings of the commit that recorded it
 * (template minifying on), printed only when the commit cannot be had or
 * built (no git history, a shallow clone).
 */
const ISSUE8 = {
  migration: 'db/migrations/0004_files_messages_requests.sql',
  recorded: { commit: '207124d', bytes: 21262, tags: ['client-portal', 'client-task-list'], states: ['signIn', 'taskDetail'] },
  /** What issue 8 added: one element and its chunk. */
  added: { tag: 'upload-zone', state: 'uploadZone' },
} as const;
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
  /** The email settings and profile (name, phone, email change): fetched by `<client-portal>` when first opened. */
  profile: 'components/client-portal/profile-view.ts',
  /** The firm's welcome video dialog: fetched after sign-in only when the firm has a video. */
  welcomeVideo: 'components/client-portal/welcome-video.ts',
  /** The announcements on the home and the notice at sign-in: fetched only when the firm has some live. */
  announcements: 'components/client-portal/announcements.ts',
  /** The banner of a staff preview (`#preview=`). */
  previewBanner: 'components/client-portal/preview-banner.ts',
  /** An email change confirmed from its link (`#email-confirm=`). */
  emailConfirm: 'components/client-portal/email-confirm.ts',
} as const;

/** The chunks of a build and what a page fetches from them; `tree` is the source tree built (this one, or an older commit's). */
function pagesOf(chunks: Chunk[], tree = root) {
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const loader = byName.get('portico.js');
  if (!loader) throw new Error('the embed build has no portico.js');
  if (byName.size !== chunks.length) throw new Error('the embed build gave the same file twice');
  /** The chunk a module was bundled into (an element's define module, a state module). */
  const chunkOf = (module: string): Chunk | undefined => chunks.find((c) => join(tree, module) in c.modules);
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
  return { loader, chunkOf, elementChunk, pageOf };
}

const defineModule = (tag: string) => `components/${tag}/define.ts`;
type State = keyof typeof STATE_MODULES;

/** Every chunk the given elements can fetch in the given states. */
function everyState(pages: ReturnType<typeof pagesOf>, tags: readonly string[], states: readonly State[]): Set<Chunk> {
  return pages.pageOf([...tags.map(defineModule), ...states.map((state) => STATE_MODULES[state])]);
}

/**
 * The commit before issue 8's files work, built now: its sources come out of
 * git (`git archive`, so no checkout or worktree is registered) into a
 * temporary folder that borrows this tree's node_modules, and are built with
 * this tree's vite.embed.config.ts (the same plugins and minifier settings)
 * and measured on the same pages. Or why not, when git cannot give it or it
 * does not build.
 */
async function issue8Baseline(): Promise<{ commit: string; bytes: number; tags: string[]; states: State[] } | string> {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  let commit: string;
  try {
    commit = git('rev-parse', '--short', `${git('log', '-1', '--format=%H', '--diff-filter=A', '--', ISSUE8.migration)}^`);
  } catch {
    return 'no git history that adds the migration';
  }
  const tree = mkdtempSync(join(tmpdir(), 'portico-weight-base-'));
  try {
    execFileSync('sh', ['-c', `git archive ${commit} | tar -x -C "${tree}"`], { cwd: root, stdio: 'ignore' });
    symlinkSync(join(root, 'node_modules'), join(tree, 'node_modules'), 'dir');
    const chunks = await chunksOf({
      root: tree,
      configFile: join(root, 'vite.embed.config.ts'),
      // Only the entry: the config's own formats and file name stay (arrays given here would be added to the config's).
      build: { write: false, lib: { entry: join(tree, 'components/autoloader.ts') } },
    });
    const pages = pagesOf(chunks, tree);
    const tags = CLIENT_ELEMENTS.filter((tag) => pages.elementChunk(tag));
    const states = (Object.keys(STATE_MODULES) as State[]).filter((state) => existsSync(join(tree, STATE_MODULES[state])));
    return { commit, bytes: sum(everyState(pages, tags, states)), tags, states };
  } catch (err) {
    return `${commit} did not build: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
}

export async function weight() {
  const lit = await litBaseline();
  const chunks = await chunksOf({ configFile: join(root, 'vite.embed.config.ts'), build: { write: false } });
  const pages = pagesOf(chunks);
  const { loader, chunkOf, elementChunk, pageOf } = pages;

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
  // To the byte: the budget is close.
  figure('  then, when a task opens: <upload-zone>, issue 8\'s budget', new Set(zone), TARGETS_KB.uploadZone, `   (${sum(zone)} of ${TARGETS_KB.uploadZone * 1024} bytes)`);
  // The shared Estonian strings and each part's (`*-strings.et.ts`), each fetched with its part on Estonian pages only.
  const estonian = chunks.filter((c) => /\/translations\/et\.ts$|-strings\.et\.ts$/.test(c.facadeModuleId ?? ''));
  const sharedEstonian = estonian.filter((c) => c.facadeModuleId!.endsWith('/translations/et.ts'));
  console.log(`  ${'  + Estonian strings, on Estonian pages only'.padEnd(52)} ${kb(sum(estonian))} KB   (${estonian.length} files; shared ${kb(sum(sharedEstonian)).trim()} KB)`);
  // The same elements and states as the older commit had, and issue 8's element; now against then.
  const measured = await issue8Baseline();
  const base = typeof measured === 'string' ? ISSUE8.recorded : measured;
  const withIssue8 = everyState(pages, [...base.tags, ISSUE8.added.tag], [...base.states, ISSUE8.added.state]);
  const added = sum(withIssue8) - base.bytes;
  const source = typeof measured === 'string' ? `recorded figure of ${base.commit} (${measured})` : `built now from ${base.commit}`;
  console.log(
    `  ${`all gained since ${base.commit} (issues 8 to now)`.padEnd(52)} ${kb(added)} KB  ${kb(base.bytes).trim()} -> ${kb(sum(withIssue8)).trim()} KB   (${source}; not a budget)`,
  );
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
  return { lit, loader: gzip(loader.code), signedIn: sum(signedIn), signedOut: sum(signedOut), all: sum(allElements), missing, addedByIssue8: added };
}

if (import.meta.url === `file://${process.argv[1]}`) await weight();
