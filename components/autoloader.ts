/**
 * `/embed/portico.js`, for firms' sites without a build step: a small loader
 * that imports an element's module the first time its tag appears on the
 * page (at load, or added later), after Shoelace's autoloader. Several
 * tags may share a chunk (`<client-portal>` and `<client-task-list>` do, see
 * `vite.embed.config.ts`); each element fetches what only one of its states
 * needs (the sign-in views, the task detail, its upload zone, a conversation)
 * when that state comes.
 *
 *   <script type="module" src="https://<api>/embed/portico.js"></script>
 *
 * The chunks are named by relative `import()`, which the browser resolves
 * against this module's own URL (`import.meta.url`): they come from the
 * Portico server that served the loader, whatever page loads it.
 *
 * It watches the document, not shadow roots: an element that renders another
 * Portico element inside its own shadow root imports that element's define
 * module itself (a slotted child, like `<client-task-list>` in
 * `<client-portal>`, is in the document and found here). A host page that
 * puts Portico tags inside its own shadow roots calls {@link discover} on them.
 */

/** Tag -> its define module, each a chunk of its own. A new element is one line here. */
const elements: Record<string, () => Promise<unknown>> = {
  'client-portal': () => import('./client-portal/define.ts'),
  'client-task-list': () => import('./client-task-list/define.ts'),
  'upload-zone': () => import('./upload-zone/define.ts'),
  'request-form': () => import('./request-form/define.ts'),
};

const tags = Object.keys(elements);
const selector = tags.join(',');
const loading = new Map<string, Promise<unknown>>();

function load(tag: string): Promise<unknown> {
  let pending = loading.get(tag);
  if (!pending && !customElements.get(tag)) {
    pending = elements[tag]!().catch((error: unknown) => {
      loading.delete(tag); // tried again when the tag next appears
      console.error(`Portico: could not load <${tag}>`, error);
    });
    loading.set(tag, pending);
  }
  return pending ?? Promise.resolve();
}

/** Loads every Portico element in `root` (and `root` itself) that is not defined yet. */
export function discover(root: ParentNode): Promise<unknown> {
  const found = new Set<string>();
  if (root instanceof Element && tags.includes(root.localName)) found.add(root.localName);
  for (const el of root.querySelectorAll(selector)) found.add(el.localName);
  return Promise.all([...found].map(load));
}

const observer = new MutationObserver((mutations) => {
  for (const { addedNodes } of mutations) {
    for (const node of addedNodes) if (node instanceof Element) void discover(node);
  }
  // Every element loaded: nothing left to watch for.
  if (tags.every((tag) => customElements.get(tag))) observer.disconnect();
});
observer.observe(document.documentElement, { childList: true, subtree: true });
void discover(document);
