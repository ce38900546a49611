import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type Rolldown } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));

/** What `/embed/` serves, built in memory from the real config. */
describe('the embed build', () => {
  let chunks: Rolldown.OutputChunk[];
  const named = (file: string) => chunks.find((c) => c.fileName === file)!;
  const loader = () => named('portico.js');

  beforeAll(async () => {
    const out = (await build({ root, configFile: `${root}/vite.embed.config.ts`, logLevel: 'silent', build: { write: false } })) as
      | Rolldown.RolldownOutput
      | Rolldown.RolldownOutput[];
    chunks = [out].flat().flatMap((o) => o.output).filter((c): c is Rolldown.OutputChunk => c.type === 'chunk');
  }, 60_000);

  /** A chunk and every chunk it imports statically: what a browser fetches before it runs. */
  const upFront = (file: string, into = new Set<string>()): Set<string> => {
    if (into.has(file)) return into;
    into.add(file);
    for (const dep of named(file).imports) upFront(dep, into);
    return into;
  };
  const chunkWith = (module: string) => chunks.find((c) => `${root}${module}` in c.modules);

  it('has a loader that imports the portal’s chunk for both tags, the upload zone’s and the request form’s for their own, and no element code of its own', () => {
    const portal = chunkWith('components/client-portal/define.ts')!;
    expect(portal.fileName).toMatch(/^client-portal-[\w-]+\.js$/);
    expect(chunkWith('components/client-task-list/define.ts'), 'the portal and the task list, one chunk').toBe(portal);
    const zone = chunkWith('components/upload-zone/define.ts')!;
    expect(zone.fileName).toMatch(/^upload-zone-[\w-]+\.js$/);
    const requests = chunkWith('components/request-form/define.ts')!;
    expect(requests.fileName).toMatch(/^request-form-[\w-]+\.js$/);
    expect([...loader().dynamicImports].sort()).toEqual([portal.fileName, zone.fileName, requests.fileName].sort());
    expect(loader().imports, 'nothing fetched before a tag is seen').toEqual([]);
    expect(loader().code).not.toContain('LitElement');
  });

  it('keeps what only one state needs in chunks of their own, out of what the portal and the task list fetch up front', () => {
    const fetchedUpFront = upFront(chunkWith('components/client-portal/define.ts')!.fileName);
    for (const module of ['components/internal/sign-in-views.ts', 'components/client-task-list/task-detail.ts', 'components/internal/reachability.ts', 'components/upload-zone/upload-zone.ts', 'components/internal/thread-view.ts']) {
      const chunk = chunkWith(module);
      expect(chunk, module).toBeDefined();
      expect(fetchedUpFront.has(chunk!.fileName), `${module} fetched up front`).toBe(false);
    }
  });

  it('has the loader fetch an element’s chunk and the chunks that one imports at the same time', () => {
    for (const file of loader().dynamicImports) {
      for (const dep of named(file).imports) expect(loader().code, `${file} needs ${dep}`).toMatch(new RegExp(`import\\(["'\`]\\./${dep}`));
    }
  });

  it('names every chunk relative to the importing file, so chunks come from where the loader came from', () => {
    for (const chunk of chunks) {
      const specifiers = [...chunk.code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)(["'`])([^"'`]+)\1/g)].map((m) => m[2]!);
      for (const specifier of specifiers) expect(specifier, chunk.fileName).toMatch(/^\.\/[\w.-]+\.js$/);
    }
  });

  it('keeps the Estonian strings in a chunk of their own, and English with the elements', () => {
    const withEstonian = chunks.filter((c) => c.code.includes('Logi sisse')).map((c) => c.facadeModuleId?.replace(root, ''));
    expect(withEstonian).toEqual(['components/translations/et.ts']);
    const withEnglish = chunks.filter((c) => c.code.includes('Send sign-in link'));
    expect(withEnglish).toHaveLength(1);
    expect(loader().code).not.toContain('Send sign-in link');
  });

  it('ships each lazily fetched part’s English with the part and its Estonian in a chunk of its own, none of them up front', () => {
    const fetchedUpFront = upFront(chunkWith('components/client-portal/define.ts')!.fileName);
    const parts = [
      ['components/upload-zone/upload-zone.ts', 'Take a photo', 'Tee foto', 'components/upload-zone/upload-zone-strings.et.ts'],
      ['components/client-task-list/task-detail.ts', 'Mark as done', 'Märgi tehtuks', 'components/client-task-list/task-detail-strings.et.ts'],
      ['components/internal/thread-view.ts', 'Show earlier messages', 'Näita varasemaid sõnumeid', 'components/internal/thread-view-strings.et.ts'],
      ['components/request-form/request-form.ts', 'Send request', 'Pöördumiste saatmiseks', 'components/request-form/request-form-strings.et.ts'],
    ] as const;
    for (const [part, english, estonian, estonianModule] of parts) {
      const withEnglish = chunks.filter((c) => c.code.includes(english)).map((c) => c.fileName);
      expect(withEnglish, english).toEqual([chunkWith(part)!.fileName]);
      expect(fetchedUpFront.has(withEnglish[0]!), `${english} fetched up front`).toBe(false);
      const withEstonian = chunks.filter((c) => c.code.includes(estonian)).map((c) => c.facadeModuleId?.replace(root, ''));
      expect(withEstonian, estonian).toEqual([estonianModule]);
    }
  });

  it('keeps the upload rules in the upload zone’s chunk, which <request-form> fetches for its pre-check', () => {
    const zone = chunkWith('components/upload-zone/define.ts')!;
    expect(chunkWith('edge/domain/file-rules.ts'), 'no chunk of their own').toBe(zone);
    expect(named(chunkWith('components/request-form/define.ts')!.fileName).imports).not.toContain(zone.fileName);
  });
});
