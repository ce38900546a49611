import { parseSync } from 'vite';

/** One replaced span of a module's text: `[start, end)` becomes `text`. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * Minifies a template's text, given as its raw quasis (the text between
 * `${…}` interpolations): as many quasis back, or `null` to leave the
 * template as written.
 */
export type QuasiMinifier = (quasis: readonly string[]) => string[] | null;

/**
 * The edits that minify every `` tag`…` `` template in `code` (TypeScript or
 * JavaScript) whose tag is a plain identifier named in `minifiers`. Only the
 * templates' text changes; the `${…}` expressions and everything else stay
 * byte for byte. A module that does not parse gets no edits.
 */
export function templateLiteralEdits(code: string, filename: string, minifiers: Readonly<Record<string, QuasiMinifier>>): Edit[] {
  const { program, errors } = parseSync(filename, code);
  if (errors.length) return [];
  const edits: Edit[] = [];
  visit(program, (node) => {
    if (node.type !== 'TaggedTemplateExpression' || node.tag?.type !== 'Identifier' || !Object.hasOwn(minifiers, node.tag.name)) return;
    const quasis: Array<{ start: number; end: number; value: { raw: string } }> = node.quasi.quasis;
    // Parsed as TypeScript, a quasi's span includes its delimiters (`` ` `` or `}` before, `` ` `` or `${` after),
    // so its text starts one in; parsed as JavaScript it is the text alone.
    const spans = quasis.map((q) => {
      const start = q.end - q.start === q.value.raw.length ? q.start : q.start + 1;
      return { start, end: start + q.value.raw.length, raw: q.value.raw };
    });
    if (spans.some((s) => code.slice(s.start, s.end) !== s.raw)) return;
    const minified = minifiers[node.tag.name]!(spans.map((s) => s.raw));
    if (!minified) return;
    spans.forEach((s, i) => {
      if (minified[i] !== s.raw) edits.push({ start: s.start, end: s.end, text: minified[i]! });
    });
  });
  return edits.sort((a, b) => a.start - b.start);
}

/** `code` with `edits` (sorted, not overlapping) applied. */
export function applyEdits(code: string, edits: readonly Edit[]): string {
  let out = '';
  let at = 0;
  for (const { start, end, text } of edits) {
    out += code.slice(at, start) + text;
    at = end;
  }
  return out + code.slice(at);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an ESTree walk over the parser's plain objects
function visit(node: any, fn: (node: any) => void): void {
  if (!node || typeof node !== 'object') return;
  if (typeof node.type === 'string') fn(node);
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) value.forEach((child) => visit(child, fn));
    else if (value && typeof value === 'object') visit(value, fn);
  }
}
