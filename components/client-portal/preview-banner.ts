import { html, type TemplateResult } from 'lit';
import type { Locale } from '../internal/api-types.ts';
import { adoptStyles } from './portal-part.ts';
import { noticeStyles } from './portal-parts.styles.ts';

/** The preview banner's words, beside it (a chunk of its own, fetched only in a preview). */
const strings = {
  en: { banner: (name: string) => `Preview as ${name} — read-only; nothing is marked read` },
  et: { banner: (name: string) => `Eelvaade kasutajana ${name} — ainult vaatamiseks; midagi ei märgita loetuks` },
} satisfies Record<Locale, { banner(name: string): string }>;

/**
 * The banner over a staff member's preview of the portal (`#preview=<token>`,
 * "Preview portal as this contact" in the console): whose portal it is, and
 * that it is read-only. A status region, so a screen reader says it once.
 */
export const render = (host: HTMLElement, contactName: string, locale: Locale): TemplateResult => {
  adoptStyles(host, noticeStyles);
  return html`<p part="preview" class="notice" role="status">${strings[locale].banner(contactName)}</p>`;
};
