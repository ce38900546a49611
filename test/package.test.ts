import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { exports: Record<string, string | Record<string, string>> };

/** What `npm install portico` gives a developer: the library build and the elements' manifest. */
describe('the npm package', () => {
  beforeAll(() => {
    execFileSync('npm', ['run', '--silent', 'build:lib'], { cwd: root, stdio: 'pipe' });
    execFileSync('npx', ['cem', 'analyze', '--config', 'custom-elements-manifest.config.mjs'], { cwd: root, stdio: 'pipe' });
  }, 300_000);

  it('has a file behind every export', () => {
    for (const [name, target] of Object.entries(pkg.exports)) {
      const files = typeof target === 'string' ? [target] : Object.values(target);
      for (const file of files) expect(existsSync(`${root}/${file}`), `${name} -> ${file}`).toBe(true);
    }
  });

  it('serves the server and the typed client from the build', async () => {
    // By package name, as a developer would (resolved through `exports` to dist/, which the build above wrote).
    const importBuilt = <T>(specifier: string) => import(/* @vite-ignore */ specifier) as Promise<T>;
    const edge = await importBuilt<typeof import('../edge/index.ts')>('portico/edge');
    expect(typeof edge.startPortico).toBe('function');
    expect(typeof edge.createApp).toBe('function');
    expect(existsSync(`${root}/dist/db/migrations/meta/_journal.json`)).toBe(true);
    const { createPorticoClient } = await importBuilt<typeof import('../edge/client.ts')>('portico/client');
    const calls: string[] = [];
    const client = createPorticoClient('https://p.example', { fetch: async (input: RequestInfo | URL) => { calls.push(String(input)); return Response.json({ items: [] }); } });
    await client.api.v1.firm.clients.$get({ query: {} });
    expect(calls).toEqual(['https://p.example/api/v1/firm/clients']);
  });

  it('imports only built files: no module of the build names a .ts source, statically or by import()', () => {
    const built = readdirSync(`${root}/dist/components`, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
    expect(built.length).toBeGreaterThan(0);
    for (const file of built) {
      const code = readFileSync(`${root}/dist/components/${file}`, 'utf8');
      const specifiers = [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)(["'`])([^"'`]+)\1/g)].map((m) => m[2]!);
      for (const specifier of specifiers) expect(specifier, file).not.toMatch(/\.ts$/);
    }
  });

  it('documents every element in custom-elements.json', () => {
    const manifest = JSON.parse(readFileSync(`${root}/custom-elements.json`, 'utf8')) as {
      modules: { declarations?: { tagName?: string; summary?: string; attributes?: { name: string }[]; cssParts?: unknown[] }[] }[];
    };
    const elements = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName);
    expect(elements.map((e) => e.tagName).sort()).toEqual(['client-portal', 'client-task-list', 'portico-console', 'portico-thread', 'request-form', 'upload-zone']);
    for (const element of elements) {
      expect(element.summary, element.tagName).toBeTruthy();
      expect(element.attributes?.map((a) => a.name)).toEqual(expect.arrayContaining(['api', 'firm']));
      expect(element.cssParts?.length, element.tagName).toBeGreaterThan(0);
    }
  });
});
