import type { Locale } from '../internal/api-types.ts';
import { en, enConsole, type ConsoleTranslation, type Translation } from '../translations/en.ts';
import { et, etConsole } from '../translations/et.ts';

/** The console's strings: the shared ones of the client elements, with the console's own over them. */
export type ConsoleStrings = Omit<Translation, keyof ConsoleTranslation> & ConsoleTranslation;

const byLocale: Record<Locale, ConsoleStrings> = {
  en: { ...en, ...enConsole },
  et: { ...et, ...etConsole },
};

/** The console's strings for a locale. */
export const consoleStrings = (locale: Locale): ConsoleStrings => byLocale[locale];
