import type { CSSResult, ReactiveControllerHost } from 'lit';
import type { PorticoApi } from '../internal/api-client.ts';
import type { Locale, SessionInfo } from '../internal/api-types.ts';
import type { Translation } from '../translations/index.ts';

/** `<client-portal>` as its lazily loaded parts (welcome video, announcements, email confirmation) see it. */
export type PortalPartHost = ReactiveControllerHost & HTMLElement;

/** What a lazily loaded part of `<client-portal>` needs from the shell. */
export interface PortalPart {
  /** The portal's API client: with the session's bearer token when signed in. */
  api(): PorticoApi;
  session(): SessionInfo | null;
  locale(): Locale;
  /** The portal's shared strings (retry, network errors). */
  t(): Translation;
  /** A failed request's error, for the portal's session handling (a 401 signs out). */
  unauthorized(err: unknown): void;
}

/** Adds a part's styles to the portal's shadow root, once. */
export function adoptStyles(host: HTMLElement, styles: CSSResult): void {
  const root = host.shadowRoot;
  const sheet = styles.styleSheet;
  if (root && sheet && !root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}

/** The element that has focus, looking through shadow roots (where focus goes back when a dialog closes). */
export function activeElement(): HTMLElement | null {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el instanceof HTMLElement ? el : null;
}
