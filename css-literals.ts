import { applyEdits, templateLiteralEdits } from './template-literals.ts';

/**
 * Minifies the CSS inside Lit's `css` tagged templates: drops comments and
 * the whitespace CSS does not need, and leaves everything else as written.
 * It is deliberately conservative (no renaming, no merging of rules):
 * whitespace goes only where no CSS token can depend on it, so
 * `calc(1px + 2px)`, `and (…)`, `a :is(b)` and descendant selectors survive.
 * The builds apply it through vite-plugin-template-literals.ts.
 */

/** `code` with every `` css`…` `` template's text minified (TypeScript or JavaScript): see {@link minifyCss}. */
export function minifyCssLiteralsIn(code: string, filename = 'module.ts'): string {
  return applyEdits(code, templateLiteralEdits(code, filename, { css: minifyCss }));
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
