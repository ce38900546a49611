import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { matchLocale, translation, type Strings, type Translation } from '../translations/index.ts';
import type { Locale } from './api-types.ts';

type Host = ReactiveControllerHost & HTMLElement;

/** Closest `lang` attribute from `el` outwards, crossing shadow roots. */
const closestLang = (el: Element): string | null => {
  let node: Node | null = el;
  while (node) {
    if (node instanceof Element && node.hasAttribute('lang')) return node.getAttribute('lang');
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return null;
};

/**
 * Picks the translation for its host: the host's own `lang`, else the nearest
 * ancestor's `lang` (crossing shadow roots), else the fallback (the portal's
 * locale, then the firm's), else English. Re-renders the host when a `lang`
 * attribute in the document changes.
 *
 * `t` holds the shared strings and, when given, those of the host's own part
 * (`part`: the upload zone's, a conversation's, the task detail's), kept
 * beside it and fetched with it. English is always at hand; another locale's
 * strings are fetched the first time an element needs them. Until all of
 * them are here the host renders in English (`locale`, `tag` and `t` all say
 * so, so dates and `lang` match the text) and re-renders once they are, as
 * `@lit/localize` does in its runtime mode: the layout is there from the
 * first frame, only the words change.
 */
export class LocalizeController<Part extends object = object> implements ReactiveController {
  readonly #host: Host;
  readonly #fallback: () => string | null | undefined;
  readonly #sets: readonly Strings<object>[];
  #observer: MutationObserver | undefined;
  #tag = 'en';
  /** The locale being fetched for this host, so that one arrival means one re-render. */
  #awaiting: Locale | null = null;
  /** `t` of the last locale asked for: the shared and the part's strings in one object, made once. */
  #merged: { locale: Locale; t: Translation & Part } | undefined;

  constructor(host: Host, fallback: () => string | null | undefined = () => undefined, part?: Strings<Part>) {
    this.#host = host;
    this.#fallback = fallback;
    this.#sets = part ? [translation, part] : [translation];
    host.addController(this);
  }

  hostConnected(): void {
    this.#observer = new MutationObserver(() => {
      const before = this.#tag;
      if (this.#resolve() !== before) this.#host.requestUpdate();
    });
    this.#observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
    this.#observer.observe(this.#host, { attributes: true, attributeFilter: ['lang'] });
    this.#resolve();
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
    this.#observer = undefined;
  }

  /** The tag in use: the one asked for if its strings are here, else English while they are fetched. */
  #resolve(): string {
    const candidates = [closestLang(this.#host), this.#fallback()];
    const wanted = candidates.find((c) => matchLocale(c)) ?? 'en';
    const locale = matchLocale(wanted) ?? 'en';
    if (this.#sets.every((set) => set.get(locale))) {
      this.#awaiting = null;
      this.#tag = wanted;
    } else {
      this.#fetch(locale);
      this.#tag = 'en';
    }
    return this.#tag;
  }

  #fetch(locale: Locale): void {
    if (this.#awaiting === locale) return;
    this.#awaiting = locale;
    const settled = (arrived: boolean) => {
      if (this.#awaiting !== locale) return; // another locale was asked for meanwhile
      this.#awaiting = null;
      if (arrived) this.#host.requestUpdate();
    };
    // Not arrived (offline, say): the host stays in English and the next render asks again.
    Promise.all(this.#sets.map((set) => set.load(locale))).then(() => settled(true), () => settled(false));
  }

  /** The locale in use. */
  get locale(): Locale {
    return matchLocale(this.#resolve()) ?? 'en';
  }

  /** The full language tag in use (e.g. `en-GB`), for `Intl` formatting. */
  get tag(): string {
    return this.#resolve();
  }

  /** Strings for the locale in use: the shared ones and the part's. */
  get t(): Translation & Part {
    const locale = this.locale;
    if (this.#merged?.locale !== locale) {
      const [shared, part] = this.#sets.map((set) => set.get(locale) ?? set.en);
      this.#merged = { locale, t: (part ? { ...shared, ...part } : shared) as Translation & Part };
    }
    return this.#merged.t;
  }

  /** Formats a `YYYY-MM-DD` calendar date for the locale, without shifting it by time zone. */
  date(isoDate: string, style: 'medium' | 'long' = 'medium'): string {
    return formatCalendarDate(this.tag, isoDate, style);
  }

  /** A file size for people, in binary units as the 10 MB limit is counted: `850 kB`, `2.4 MB`. */
  size(bytes: number): string {
    const mb = bytes >= 1024 * 1024;
    return new Intl.NumberFormat(this.tag, { style: 'unit', unit: mb ? 'megabyte' : 'kilobyte', maximumFractionDigits: 1 }).format(
      mb ? bytes / 1024 / 1024 : Math.max(bytes / 1024, 0.1),
    );
  }
}

/** Formats a `YYYY-MM-DD` calendar date for a language tag, without shifting it by time zone. */
export const formatCalendarDate = (tag: string, isoDate: string, style: 'medium' | 'long' = 'medium'): string => {
  const [y, m, d] = isoDate.split('-').map(Number);
  if (!y || !m || !d) return isoDate;
  return new Intl.DateTimeFormat(tag, { dateStyle: style, timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
};
