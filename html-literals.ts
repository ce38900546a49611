import { applyEdits, templateLiteralEdits } from './template-literals.ts';

/**
 * Elements laid out as blocks, or whose text is not laid out at all (the
 * options of a select). CSS never renders collapsible whitespace beside a
 * block's edge: it falls at the start or the end of a line. Spans, buttons,
 * labels, links, inputs, slots and custom elements are not here: the
 * whitespace between two of them is a rendered space.
 */
const BLOCK = new Set(
  'address article aside blockquote br caption dd details dialog div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr legend li main menu nav ol optgroup option p pre section summary table tbody td tfoot th thead tr ul'.split(' '),
);
/** Elements whose content is copied as written. */
const RAW_TEXT = new Set(['pre', 'script', 'style', 'textarea', 'title']);
/** HTML whitespace (a no-break space is not whitespace). */
const isSpace = (ch: string): boolean => ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r' || ch === '\f';
const TAG_OPEN = /<(\/?)([a-zA-Z][\w-]*)/y;

/** Whether the text at `at` opens or closes a block element's tag. */
function blockTagAt(text: string, at: number): boolean {
  TAG_OPEN.lastIndex = at;
  const name = TAG_OPEN.exec(text)?.[2];
  return name !== undefined && BLOCK.has(name.toLowerCase());
}

/**
 * Minifies the raw text of a Lit `html` template literal, given as its
 * quasis (the text between `${…}` interpolations). Returns as many quasis as
 * it was given, or `null` when the template does not end in text (it ends
 * inside a tag, an attribute value, a comment or a raw-text element): then it
 * stays as written.
 *
 * Only the layout whitespace of the source goes, and only where the page
 * cannot show it:
 * - inside a tag, between attributes: one space (none before `>`);
 * - in text, a run of whitespace that holds a line break: nothing when a
 *   block element's tag is on either side of it, else one space (which is
 *   what the browser shows for the whole run);
 * - everything else as written: attribute values, comments, bindings, a run
 *   of spaces without a line break, and the content of `<pre>`, `<textarea>`,
 *   `<style>`, `<script>` and `<title>`.
 *
 * Text in an element styled `white-space: pre-wrap` or `pre-line` is shown
 * as written, so its template must not break lines around that text (it
 * would show the breaks without this minifier too).
 */
export function minifyHtml(quasis: readonly string[]): string[] | null {
  const out: string[] = [];
  let state: 'text' | 'tag' | 'quoted' | 'comment' | 'raw' = 'text';
  let quote = '';
  let tag = '';
  let closing = false;
  let rawEnd = '';
  /** Whether the last thing written in text is a block element's tag. */
  let afterBlock = false;
  let pendingSpace = false;
  for (const [index, quasi] of quasis.entries()) {
    let text = '';
    if (index > 0 && state === 'text') afterBlock = false; // after an interpolation
    let i = 0;
    while (i < quasi.length) {
      const ch = quasi[i]!;
      if (state === 'text') {
        if (isSpace(ch)) {
          let end = i;
          while (end < quasi.length && isSpace(quasi[end]!)) end++;
          const run = quasi.slice(i, end);
          if (!/[\n\r]/.test(run)) text += run;
          else if (!afterBlock && !blockTagAt(quasi, end)) text += ' ';
          i = end;
          continue;
        }
        if (quasi.startsWith('<!--', i)) {
          state = 'comment';
          text += '<!--';
          i += 4;
          continue;
        }
        TAG_OPEN.lastIndex = i;
        const open = ch === '<' ? TAG_OPEN.exec(quasi) : null;
        if (open) {
          state = 'tag';
          closing = open[1] === '/';
          tag = open[2]!.toLowerCase();
          text += open[0];
          i += open[0].length;
          continue;
        }
        text += ch;
        afterBlock = false;
        i++;
      } else if (state === 'tag') {
        if (isSpace(ch)) {
          pendingSpace = true;
          i++;
          continue;
        }
        if (ch === '>') {
          state = !closing && RAW_TEXT.has(tag) ? 'raw' : 'text';
          rawEnd = `</${tag}`;
          afterBlock = BLOCK.has(tag);
        } else {
          if (pendingSpace) text += ' ';
          if (ch === '"' || ch === "'") {
            state = 'quoted';
            quote = ch;
          }
        }
        pendingSpace = false;
        text += ch;
        i++;
      } else if (state === 'quoted') {
        if (ch === quote) state = 'tag';
        text += ch;
        i++;
      } else if (state === 'comment') {
        if (quasi.startsWith('-->', i)) {
          state = 'text';
          afterBlock = false;
          text += '-->';
          i += 3;
          continue;
        }
        text += ch;
        i++;
      } else {
        if (quasi.slice(i, i + rawEnd.length).toLowerCase() === rawEnd) {
          state = 'tag';
          closing = true;
          text += quasi.slice(i, i + rawEnd.length);
          i += rawEnd.length;
          continue;
        }
        text += ch;
        i++;
      }
    }
    // Whitespace in a tag before an interpolation (`<div ${ref(x)}>`) keeps the two apart.
    if (state === 'tag' && pendingSpace && index < quasis.length - 1) text += ' ';
    pendingSpace = false;
    out.push(text);
  }
  return state === 'text' ? out : null;
}

/** `code` with every `` html`…` `` template's text minified (TypeScript or JavaScript). */
export function minifyHtmlLiteralsIn(code: string, filename = 'module.ts'): string {
  return applyEdits(code, templateLiteralEdits(code, filename, { html: minifyHtml }));
}
