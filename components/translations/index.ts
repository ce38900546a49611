import { en, type Translation } from './en.ts';
import { Strings } from './strings.ts';
import type { Locale } from '../internal/api-types.ts';

export type { Translation };
export { en, Strings };

/**
 * The strings every client element shares (in the up-front chunk), English
 * bundled and each other locale a chunk of its own. A new locale is one line
 * here, one in each part's `Strings` (beside its element) and a
 * `*-strings.<locale>.ts` for each part.
 */
export const translation = new Strings<Translation>(en, {
  et: () => import('./et.ts').then((module) => module.et),
});

/** Every locale Portico speaks. */
export const locales: readonly Locale[] = translation.locales;

/** The shared strings of `locale`, fetched once and kept. A failed fetch is tried again on the next call. */
export const loadTranslation = (locale: Locale): Promise<Translation> => translation.load(locale);

/** The locale Portico speaks for a BCP 47 tag (`et-EE` -> `et`), or `undefined`. */
export const matchLocale = (tag: string | null | undefined): Locale | undefined => {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return locales.find((locale) => locale === primary);
};
