import { parseSync, type Plugin } from 'vite';

/**
 * Minifies the CSS inside Lit's `css` tagged templates at build time: drops
 * comments and the whitespace CSS does not need, and leaves everything else
 * as written. It is deliberately conservative (no renaming, no merging of
 * rules): whitespace goes only where no CSS token can depend on it, so
 * `calc(1px + 2px)`, `and (…)`, `a :is(b)` and descendant selectors survive.
 *
 * Used by both Vite builds (the demo site and the embed). The library build
 * (tsc) ships the CSS as written, so its source maps stay true.
 */
export function cssLiterals(): Plugin {
  return {
    name: 'portico:css-literals',
    transform: {
      filter: { id: /\/components\/.*\.ts$/, code: 'css`' },
      handler(code, id) {
        const minified = minifyCssLiteralsIn(code, id);
        return minified === code ? null : { code: minified, map: null };
      },
    },
  };
}

/** `code` with every `` css`…` `` template's text minified (TypeScript or JavaScript). */
export function minifyCssLiteralsIn(code: string, filename = 'module.ts'): string {
  const { program, errors } = parseSync(filename, code);
  if (errors.length) return code;
  const edits: Array<{ start: number; end: number; text: string }> = [];
  visit(program, (node) => {
    if (node.type !== 'TaggedTemplateExpression' || node.tag?.type !== 'Identifier' || node.tag.name !== 'css') return;
    const quasis: Array<{ start: number; value: { raw: string } }> = node.quasi.quasis;
    // Each quasi's span includes its delimiters (`` ` ``, `}` before; `` ` ``, `${` after): the text starts one in.
    const spans = quasis.map((q) => ({ start: q.start + 1, end: q.start + 1 + q.value.raw.length, raw: q.value.raw }));
    if (spans.some((s) => code.slice(s.start, s.end) !== s.raw)) return;
    const minified = minifyCss(spans.map((s) => s.raw));
    if (!minified) return;
    spans.forEach((s, i) => edits.push({ start: s.start, end: s.end, text: minified[i]! }));
  });
  let out = code;
  for (const { start, end, text } of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, start) + text + out.slice(end);
  return out;
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

/** A space is never needed after these characters... */
const NO_SPACE_AFTER = new Set(['{', '}', ';', ',', '>', '~', '(', ':']);
/** ...nor before these. (Never before `(`: `and (` is not `and(`; never around `+`/`-`: `calc()` needs them.) */
const NO_SPACE_BEFORE = new Set(['{', '}', ';', ',', '>', '~', ')']);
/** CSS whitespace (a no-break space is not whitespace in CSS). */
const WHITESPACE = new Set([' ', '\t', '\n', '\r', '\f']);
/** Stands for an interpolation when deciding about the space beside it: it reads as a word. */
const WORD = 'x';

const separatesWords = (before: string, after: string): boolean =>
  before !== '' && after !== '' && !WHITESPACE.has(before) && !WHITESPACE.has(after) && !NO_SPACE_AFTER.has(before) && !NO_SPACE_BEFORE.has(after);

/**
 * Minifies the raw text of a CSS template literal, given as its quasis (the
 * text between `${…}` interpolations). Returns as many quasis as it was
 * given, or `null` when it cannot be sure it is safe (an unterminated string
 * or comment, or an interpolation inside a comment): then the template stays
 * as written.
 *
 * An interpolation counts as a word: whitespace around it shrinks to one
 * space unless punctuation beside it makes that space unneeded. Strings and
 * backslash escapes are copied as they are.
 */
export function minifyCss(quasis: readonly string[]): string[] | null {
  const out: string[] = [''];
  /** The last character written (or {@link WORD} after an interpolation); empty at the start. */
  let last = '';
  let pendingSpace = false;
  let quote: string | null = null;

  /** Writes `text` (non-empty), preceded by one space if whitespace was skipped and a token may need it. */
  const write = (text: string, as = text) => {
    if (pendingSpace && last !== '') {
      const first = as[0]!;
      const needed = !NO_SPACE_AFTER.has(last) && !NO_SPACE_BEFORE.has(first);
      // An empty custom property (`--x: ;`) keeps its space: `--x:;` is invalid in older engines.
      const emptyValue = last === ':' && (first === ';' || first === '}');
      if (needed || emptyValue) out[out.length - 1] += ' ';
    }
    pendingSpace = false;
    out[out.length - 1] += text;
    last = as[as.length - 1]!;
  };

  for (const [index, quasi] of quasis.entries()) {
    if (index > 0) {
      if (!quote) write('', WORD);
      out.push('');
    }
    let i = 0;
    while (i < quasi.length) {
      const ch = quasi[i]!;
      if (quote) {
        const piece = ch === '\\' ? quasi.slice(i, i + 2) : ch;
        out[out.length - 1] += piece;
        if (ch === quote) {
          quote = null;
          last = ch;
        }
        i += piece.length;
        continue;
      }
      if (ch === '/' && quasi[i + 1] === '*') {
        const close = quasi.indexOf('*/', i + 2);
        if (close === -1) return null; // unterminated, or an interpolation inside the comment
        // A comment separates tokens: between two words (`div/**/.x`, `${a}/**/${b}`) an empty one keeps them apart.
        const before = i > 0 ? quasi[i - 1]! : index > 0 ? WORD : '';
        const after = close + 2 < quasi.length ? quasi[close + 2]! : index < quasis.length - 1 ? WORD : '';
        if (separatesWords(before, after)) write('/**/', WORD);
        i = close + 2;
        continue;
      }
      if (WHITESPACE.has(ch)) {
        pendingSpace = true;
        i++;
        continue;
      }
      if (ch === '"' || ch === "'") {
        write(ch);
        quote = ch;
        i++;
        continue;
      }
      if (ch === '\\') {
        write(quasi.slice(i, i + 2), WORD);
        i += 2;
        continue;
      }
      // The last `;` of a block is not needed.
      if (ch === ';' && /^[ \t\n\r\f]*(\/\*[\s\S]*?\*\/[ \t\n\r\f]*)*}/.test(quasi.slice(i + 1))) {
        i++;
        continue;
      }
      write(ch);
      i++;
    }
  }
  return quote ? null : out;
}
