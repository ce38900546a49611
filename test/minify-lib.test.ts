import ts from 'typescript';
import { decode } from '@jridgewell/sourcemap-codec';
import { describe, expect, it } from 'vitest';
import { moveMappings } from '../minify-lib.ts';
import { TEMPLATE_MINIFIERS } from '../vite-plugin-template-literals.ts';
import { applyEdits, templateLiteralEdits } from '../template-literals.ts';

const source = [
  "import { html } from 'lit';",
  'export const count = 1;',
  'export const view = html`',
  '  <div part="base">',
  '    <p>',
  '      ${count}',
  '    </p>',
  '  </div>',
  '`;',
  'export const after = view;',
].join('\n');

/** The original [line, column] that the generated code at `offset` maps to (the segment starting there). */
function originAt(code: string, mappings: string, offset: number): [number, number] | undefined {
  const line = code.slice(0, offset).split('\n').length - 1;
  const column = offset - (code.lastIndexOf('\n', offset - 1) + 1);
  const segment = decode(mappings)[line]?.find((s) => s[0] === column);
  return segment && segment.length >= 4 ? [segment[2]!, segment[3]!] : undefined;
}

describe('moveMappings', () => {
  it('keeps every token after and inside a minified template mapped to where it was written', () => {
    const { outputText, sourceMapText } = ts.transpileModule(source, {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, sourceMap: true },
      fileName: 'view.ts',
    });
    const code = outputText.replace(/\n\/\/# sourceMappingURL=.*$/, '');
    const { mappings } = JSON.parse(sourceMapText!) as { mappings: string };
    const edits = templateLiteralEdits(code, 'view.js', TEMPLATE_MINIFIERS);
    expect(edits.length).toBeGreaterThan(0);
    const minified = applyEdits(code, edits);
    expect(minified).toContain('html `<div part="base"><p>${count}</p></div>`');
    const moved = moveMappings(mappings, code, edits);

    for (const token of ['count}', 'after', 'view;']) {
      const before = originAt(code, mappings, code.indexOf(token));
      expect(before, token).toBeDefined();
      expect(originAt(minified, moved, minified.indexOf(token)), token).toEqual(before);
    }
    // And the original position is the one in the TypeScript source.
    const [line, column] = originAt(minified, moved, minified.indexOf('after'))!;
    expect(source.split('\n')[line]!.slice(column)).toMatch(/^after/);
  });
});
