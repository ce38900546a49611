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

  it('has a loader that imports one chunk per element, and no element code of its own', () => {
    const elements = loader().dynamicImports.map((file) => named(file).facadeModuleId?.replace(root, ''));
    expect(elements).toEqual(['components/client-portal/define.ts', 'components/client-task-list/define.ts']);
    expect(loader().imports, 'nothing fetched before a tag is seen').toEqual([]);
    expect(loader().code).not.toContain('LitElement');
  });

  it('has the loader fetch an element’s chunk and the chunks that one imports at the same time', () => {
    for (const file of loader().dynamicImports) {
      expect(named(file).imports.length, file).toBeGreaterThan(0);
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
});
