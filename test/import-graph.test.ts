import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layering of ARCHITECTURE.md, checked over the real import graph (type
 * imports included: a type cycle is still a cycle for a reader). Each rule
 * names the offending edges, so a failure says what to move.
 */
const root = resolve(import.meta.dirname, '..');
const isTest = (file: string) => /\.(test|type-test)\.ts$/.test(file);

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every import of a module: relative ones resolved to a repository path, packages by name. */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true);
  return importedFiles.map(({ fileName }) => (fileName.startsWith('.') ? relative(root, resolve(root, dirname(file), fileName)) : fileName));
}

const files = ['edge', 'db', 'components'].flatMap(sourceFiles);
const graph = new Map(files.map((file) => [file, importsOf(file)]));
const edges = (from: (file: string) => boolean, to: (target: string) => boolean) =>
  [...graph].flatMap(([file, targets]) => (from(file) ? targets.filter(to).map((target) => `${file} -> ${target}`) : []));
const under = (dir: string) => (path: string) => path.startsWith(`${dir}/`);

/** The cycles among modules (tests left out), each as a path that comes back to its start. */
function cycles(): string[] {
  const modules = new Map([...graph].filter(([file]) => !isTest(file)).map(([file, targets]) => [file, targets.filter((t) => graph.has(t) && !isTest(t))]));
  const state = new Map<string, 'open' | 'done'>();
  const found: string[] = [];
  const visit = (file: string, path: string[]) => {
    state.set(file, 'open');
    for (const next of modules.get(file) ?? []) {
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), next].join(' -> '));
      else if (!state.has(next)) visit(next, [...path, next]);
    }
    state.set(file, 'done');
  };
  for (const file of modules.keys()) if (!state.has(file)) visit(file, [file]);
  return found;
}

describe('the import graph', () => {
  it('sees the modules it checks', () => {
    expect(graph.get('edge/routes/firm.ts')).toContain('edge/data/firm-tasks.ts');
    expect(graph.get('edge/env.ts')).toContain('edge/domain/caller.ts');
  });

  it('has no cycle', () => {
    expect(cycles()).toEqual([]);
  });

  it('has db/ import nothing from edge/', () => {
    expect(edges(under('db'), under('edge'))).toEqual([]);
  });

  it('has routes hold no SQL: no schema, no query builder, no adapter', () => {
    const routes = (file: string) => under('edge/routes')(file) && !isTest(file);
    expect(edges(routes, (target) => target === 'db/schema.ts' || target.startsWith('drizzle-orm') || under('edge/adapters')(target))).toEqual([]);
  });

  it('keeps the domain pure and the ports free of adapters', () => {
    // The domain owns its types (Recurrence, TemplateTask; the schema's JSON column types are tied to them by type
    // tests). Its one way out is db/dates.ts, pure calendar-date arithmetic: the demo seed needs it too and db/ may
    // not import edge/, so it lives there once rather than twice.
    expect(edges((f) => under('edge/domain')(f) && !isTest(f), (t) => !under('edge/domain')(t) && t !== 'db/dates.ts')).toEqual([]);
    expect(edges(under('edge/ports'), (t) => !under('edge/ports')(t) && !under('edge/domain')(t))).toEqual([]);
  });

  // One exception: the upload rules `<upload-zone>` pre-checks with, written once beside the server's (data and one check, no imports).
  const SHARED_WITH_ELEMENTS = 'edge/domain/file-rules.ts';

  it('has the elements import nothing from edge/ or db/ at run time (but the shared upload rules)', () => {
    const runtime = (file: string) => under('components')(file) && !isTest(file);
    expect(edges(runtime, (target) => (under('edge')(target) && target !== SHARED_WITH_ELEMENTS) || under('db')(target))).toEqual([]);
  });

  it('keeps the upload rules shipped to browsers free of imports', () => {
    expect(graph.get(SHARED_WITH_ELEMENTS)).toEqual([]);
  });
});
