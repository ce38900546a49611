import type { Locale } from '../internal/api-types.ts';

/** The type of a set of English strings: each string, or formatter of its arguments, as every locale must give it. */
export type StringsOf<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => string ? (...args: A) => string : string;
};

/**
 * One part's strings in every locale: the shared ones (`translations/en.ts`),
 * or those of a part that comes in a chunk of its own (the task detail, the
 * upload zone, a conversation, the request form), kept beside that part.
 * English is bundled with its part: it is the fallback, and what shows while
 * another locale is on its way. Every other locale is a module of its own,
 * fetched the first time an element in that language needs it (so a page
 * pays only for its language) and kept.
 */
export class Strings<T> {
  readonly en: T;
  readonly #loaders: Record<Exclude<Locale, 'en'>, () => Promise<T>>;
  readonly #loaded = new Map<Locale, T>();
  readonly #loading = new Map<Locale, Promise<T>>();

  constructor(en: T, loaders: Record<Exclude<Locale, 'en'>, () => Promise<T>>) {
    this.en = en;
    this.#loaders = loaders;
    this.#loaded.set('en', en);
  }

  /** The locales these strings are written in. */
  get locales(): Locale[] {
    return ['en', ...(Object.keys(this.#loaders) as Locale[])];
  }

  /** The strings of `locale` if they are here already (English always is), else `undefined`. */
  get(locale: Locale): T | undefined {
    return this.#loaded.get(locale);
  }

  /** The strings of `locale`, fetched once and kept. A failed fetch is tried again on the next call. */
  load(locale: Locale): Promise<T> {
    const ready = this.#loaded.get(locale);
    if (ready) return Promise.resolve(ready);
    let pending = this.#loading.get(locale);
    if (!pending) {
      pending = this.#loaders[locale as Exclude<Locale, 'en'>]().then(
        (strings) => {
          this.#loaded.set(locale, strings);
          return strings;
        },
        (error: unknown) => {
          this.#loading.delete(locale);
          throw error;
        },
      );
      this.#loading.set(locale, pending);
    }
    return pending;
  }
}
