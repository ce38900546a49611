import { en, type Translation } from './en.ts';
import type { Locale } from '../internal/api-types.ts';

export type { Translation };
export { en };

/**
 * Every locale but English, fetched the first time an element uses it (a
 * chunk of its own in the builds, so a page pays only for its language).
 * English is bundled: it is the fallback, and what shows while another
 * locale is on its way. A new locale is one line here.
 */
const loaders: Record<Exclude<Locale, 'en'>, () => Promise<Translation>> = {
  et: () => import('./et.ts').then((module) => module.et),
};

/** Every locale Portico speaks. */
export const locales: readonly Locale[] = ['en', ...(Object.keys(loaders) as Locale[])];

const loaded = new Map<Locale, Translation>([['en', en]]);
const loading = new Map<Locale, Promise<Translation>>();

/** The strings of `locale` if they are here already (English always is), else `undefined`. */
export const loadedTranslation = (locale: Locale): Translation | undefined => loaded.get(locale);

/** The strings of `locale`, fetched once and kept. A failed fetch is tried again on the next call. */
export function loadTranslation(locale: Locale): Promise<Translation> {
  const ready = loaded.get(locale);
  if (ready) return Promise.resolve(ready);
  let pending = loading.get(locale);
  if (!pending) {
    pending = loaders[locale as Exclude<Locale, 'en'>]().then(
      (translation) => {
        loaded.set(locale, translation);
        return translation;
      },
      (error: unknown) => {
        loading.delete(locale);
        throw error;
      },
    );
    loading.set(locale, pending);
  }
  return pending;
}

/** The locale Portico speaks for a BCP 47 tag (`et-EE` -> `et`), or `undefined`. */
export const matchLocale = (tag: string | null | undefined): Locale | undefined => {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return locales.find((locale) => locale === primary);
};
