import { describe, expect, it } from 'vitest';
import { minifyHtml, minifyHtmlLiteralsIn } from '../html-literals.ts';

const one = (html: string): string | undefined => minifyHtml([html])?.[0];

describe('minifyHtml', () => {
  it('drops the indentation between block elements and around their content', () => {
    expect(one(`
      <div part="base">
        <h2>Title</h2>
        <p>
          Some text
        </p>
      </div>
    `)).toBe('<div part="base"><h2>Title</h2><p>Some text</p></div>');
  });

  it('keeps one space for a line break between inline elements, text and the template edges', () => {
    expect(one('<span>a</span>\n  <strong>b</strong>')).toBe('<span>a</span> <strong>b</strong>');
    expect(one('<button>One</button>\n    <button>Two</button>')).toBe('<button>One</button> <button>Two</button>');
    expect(one('Signed in as\n  <strong>x</strong>')).toBe('Signed in as <strong>x</strong>');
    expect(one('\n  <span>a</span>\n')).toBe(' <span>a</span> ');
  });

  it('leaves spaces without a line break as they are', () => {
    expect(one('<p>a  b <em>c</em>  d</p>')).toBe('<p>a  b <em>c</em>  d</p>');
  });

  it('collapses whitespace between attributes to one space, and drops it before >', () => {
    expect(one('<button\n    part="x"\n    type="button"\n  >Go</button>')).toBe('<button part="x" type="button">Go</button>');
    expect(one('<img src="a.png"\n  />')).toBe('<img src="a.png" />');
  });

  it('never touches attribute values, even with line breaks or > inside', () => {
    expect(one('<div title="a\n   b > c"\n  class=\'x   y\'>t</div>')).toBe('<div title="a\n   b > c" class=\'x   y\'>t</div>');
  });

  it('keeps bindings apart from attributes and text beside them', () => {
    // Quasis: `<div class=${…} ${…}\n  id="x">\n  ${…}\n</div>`
    expect(minifyHtml(['<div class=', '\n  ', '\n  id="x">\n  ', '\n  <span>', '</span>\n</div>'])).toEqual([
      '<div class=',
      ' ',
      ' id="x">',
      ' <span>',
      '</span></div>',
    ]);
    // An unquoted binding before `/>` keeps its space: `src=${x}/>` would make the value end in a slash.
    expect(minifyHtml(['<img src=', '\n  />'])).toEqual(['<img src=', ' />']);
    // A binding next to inline content keeps the one space the line break showed.
    expect(minifyHtml(['<p>', '\n  <strong>', '</strong></p>'])).toEqual(['<p>', ' <strong>', '</strong></p>']);
  });

  it('keeps the content of pre, textarea, style and comments as written', () => {
    const raw = '<pre>\n  a\n    b\n</pre>\n<textarea>\n  x\n</textarea>\n<style>\n  a { b: c }\n</style>\n<!--\n  note\n-->';
    expect(one(raw)).toBe('<pre>\n  a\n    b\n</pre><textarea>\n  x\n</textarea> <style>\n  a { b: c }\n</style> <!--\n  note\n-->');
  });

  it('leaves a template that does not end in text as written', () => {
    expect(minifyHtml(['<div class="', '"\n  '])).toBeNull();
    expect(minifyHtml(['<textarea>\n  ', ''])).toBeNull();
  });
});

describe('minifyHtmlLiteralsIn', () => {
  it('minifies html`` templates only, nested ones too, and nothing else in the module', () => {
    const source = [
      "const s = `\n  <div>\n  </div>`;",
      'const t = html`\n  <ul>\n    ${items.map((i) => html`\n      <li>${i}</li>\n    `)}\n  </ul>\n`;',
      "const c = css`\n  a { b: c }\n`;",
    ].join('\n');
    expect(minifyHtmlLiteralsIn(source)).toBe(
      ["const s = `\n  <div>\n  </div>`;", 'const t = html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`;', "const c = css`\n  a { b: c }\n`;"].join('\n'),
    );
  });

  it('minifies JavaScript as well as TypeScript (tsc output, with its space after the tag)', () => {
    const source = 'const t = html `\n  <ul>\n    ${a}\n  </ul>\n`;';
    expect(minifyHtmlLiteralsIn(source, 'module.js')).toBe('const t = html `<ul>${a}</ul>`;');
    expect(minifyHtmlLiteralsIn(source, 'module.ts')).toBe('const t = html `<ul>${a}</ul>`;');
  });

  it('leaves a module that does not parse as it is', () => {
    const source = 'const t = html`\n  <div></div>`; const = ;';
    expect(minifyHtmlLiteralsIn(source)).toBe(source);
  });
});
