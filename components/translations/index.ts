import { en, type Translation } from './en.ts';
import { et } from './et.ts';
import type { Locale } from '../internal/api-types.ts';

export type { Translation };
export { en, et };

/** Every bundled locale. */
export const translations: Record<Locale, Translation> = { en, et };

/** The bundled locale for a BCP 47 tag (`et-EE` -> `et`), or `undefined`. */
export const matchLocale = (tag: string | null | undefined): Locale | undefined => {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return primary && primary in translations ? (primary as Locale) : undefined;
};
