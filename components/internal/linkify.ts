import { html, type TemplateResult } from 'lit';

/** http(s) addresses only: nothing else (javascript:, data:, …) ever becomes a link. */
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/gi;
/** Punctuation that ends a sentence rather than the address. */
const TRAILING = /[.,;:!?)\]}]+$/;

/**
 * Plain text (a task description, a message) as text nodes and links: it is never parsed
 * as HTML (Lit binds every piece as text), http(s) addresses become links that
 * open in a new tab, and line breaks stay (the container has `white-space: pre-wrap`).
 */
export function linkify(text: string): Array<string | TemplateResult> {
  const out: Array<string | TemplateResult> = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = match[0].replace(TRAILING, '');
    const start = match.index;
    out.push(text.slice(last, start));
    out.push(html`<a href=${url} target="_blank" rel="noopener noreferrer">${url}</a>`);
    last = start + url.length;
  }
  out.push(text.slice(last));
  return out.filter((piece) => piece !== '');
}
