import { describe, expect, it } from 'vitest';
import { minifyCss, minifyCssLiteralsIn } from '../css-literals.ts';

const one = (css: string): string | undefined => minifyCss([css])?.[0];

describe('minifyCss', () => {
  it('drops comments, indentation and the last semicolon of a block', () => {
    expect(one(`
      /* the wrapper */
      .base {
        display: flex;   /* row */
        gap: 1em;
      }
    `)).toBe('.base{display:flex;gap:1em}');
  });

  it('keeps one space in a descendant selector and none around combinators and commas', () => {
    expect(one('a   b  >  c ,\n d ~ e { color: red }')).toBe('a b>c,d~e{color:red}');
  });

  it('keeps the space before a pseudo-class that stands for a descendant', () => {
    expect(one('.list :is(h2, h3) { margin: 0 }')).toBe('.list :is(h2,h3){margin:0}');
    expect(one('.a:hover .b::before { content: "" }')).toBe('.a:hover .b::before{content:""}');
  });

  it('keeps :host(...) selectors whole', () => {
    expect(one(':host( [hidden] ) { display: none } :host(:focus-within) .base { outline: 1px solid }')).toBe(
      ':host([hidden]){display:none}:host(:focus-within) .base{outline:1px solid}',
    );
  });

  it('keeps media queries valid: the space before "(" and after "and" stays', () => {
    expect(one('@media (max-width: 30rem) and (prefers-reduced-motion: reduce) {\n  .a { b: c; }\n}')).toBe(
      '@media (max-width:30rem) and (prefers-reduced-motion:reduce){.a{b:c}}',
    );
    expect(one('@media screen and (min-width: 40em) { a { b: c } }')).toBe('@media screen and (min-width:40em){a{b:c}}');
  });

  it('keeps the spaces calc() needs around + and -', () => {
    expect(one('a { width: calc( 100% - 2 * var(--x) + 1px ); }')).toBe('a{width:calc(100% - 2 * var(--x) + 1px)}');
  });

  it('copies strings as written, spaces, comment-like text and escaped quotes included', () => {
    expect(one(`a::after { content: "  two  spaces /* not a comment */ \\" still";  font-family: 'Segoe  UI' , serif }`)).toBe(
      `a::after{content:"  two  spaces /* not a comment */ \\" still";font-family:'Segoe  UI',serif}`,
    );
  });

  it('keeps backslash escapes outside strings', () => {
    expect(one('.w-1\\/2 { width: 50% }')).toBe('.w-1\\/2{width:50%}');
  });

  it('treats an interpolation as a word: keeps the space between two, drops it next to punctuation', () => {
    expect(minifyCss(['\n  .a {\n    padding: ', ' ', ';\n    color: ', ';\n  }\n  ', '\n  .b { c: d }\n'])).toEqual([
      '.a{padding:',
      ' ',
      ';color:',
      '}',
      ' .b{c:d}',
    ]);
  });

  it('keeps an interpolation inside a string', () => {
    expect(minifyCss(['a::before { content: "  ', '  "  "b" ; }'])).toEqual(['a::before{content:"  ', '  " "b"}']);
  });

  it('keeps a comment that separates two words, as an empty one', () => {
    expect(one('div/* x */.y { a: b }')).toBe('div/**/.y{a:b}');
    expect(minifyCss(['a { margin: ', '/* gap */', '; }'])).toEqual(['a{margin:', '/**/', '}']);
  });

  it('keeps the space of an empty custom property', () => {
    expect(one('a { --x: ; --y: 1px }')).toBe('a{--x: ;--y:1px}');
  });

  it('keeps a no-break space, which is not whitespace in CSS', () => {
    expect(one('a::after { content: x\u00a0y }')).toBe('a::after{content:x\u00a0y}');
  });

  it('gives up (null) rather than guess: an interpolation inside a comment, an unterminated comment or string', () => {
    expect(minifyCss(['a { /* ', ' */ b: c }'])).toBeNull();
    expect(minifyCss(['a { b: c } /* open'])).toBeNull();
    expect(minifyCss(['a::after { content: "open }'])).toBeNull();
  });
});

describe('minifyCssLiteralsIn', () => {
  it('minifies css`` templates only, in TypeScript, and leaves their interpolations and other templates alone', () => {
    const source = [
      "import { css, html } from 'lit';",
      'const gap: string = `  keep   me  `;',
      'export const styles = css`',
      '  :host {',
      '    display: block;',
      '  }',
      '  ${base}  .x  { color: ${unsafeCSS(`  red  `)}; }',
      '`;',
      'export const view = html`<p>  hello  </p>`;',
    ].join('\n');
    expect(minifyCssLiteralsIn(source)).toBe(
      [
        "import { css, html } from 'lit';",
        'const gap: string = `  keep   me  `;',
        'export const styles = css`:host{display:block}${base} .x{color:${unsafeCSS(`  red  `)}}`;',
        'export const view = html`<p>  hello  </p>`;',
      ].join('\n'),
    );
  });

  it('leaves a template it cannot minify safely as written', () => {
    const source = 'const s = css`a { /* ${x} */ b: c }`;';
    expect(minifyCssLiteralsIn(source)).toBe(source);
  });

  it('finds the text by position after non-ASCII characters', () => {
    expect(minifyCssLiteralsIn("const é = '…';\nconst s = css`  a  {  content: '…' }  `;")).toBe(
      "const é = '…';\nconst s = css`a{content:'…'}`;",
    );
  });
});
