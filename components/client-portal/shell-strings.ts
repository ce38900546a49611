import type { Locale } from '../internal/api-types.ts';

/** The portal shell's own words beside the shared translations: the header's way into the profile and email settings. */
const shell = {
  en: { emailSettings: 'Your profile' },
  et: { emailSettings: 'Sinu profiil' },
} as const satisfies Record<Locale, Record<string, string>>;

export const shellStrings = (locale: Locale): (typeof shell)[Locale] => shell[locale];
