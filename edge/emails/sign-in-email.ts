import { layout } from './render.ts';

const strings = {
  en: {
    subject: (firm: string) => `Your sign-in link for ${firm}`,
    heading: (firm: string) => `Sign in to ${firm}`,
    body: (hours: number) => `Use the button below to sign in. The link works once and expires in ${hours} hours.`,
    button: 'Sign in',
    code: (hours: number) => `Opened this email in another app or on another device? Type this code on the portal page instead (it works once, for ${hours} hours, like the link):`,
    ignore: 'If you did not ask for this, you can ignore this email.',
    pinSubject: (firm: string) => `Set a new PIN for ${firm}`,
    pinHeading: (firm: string) => `A new PIN for ${firm}`,
    pinBody: (hours: number) => `Use the button below to choose a new 4-digit PIN; you are signed in as you do. The link works once and expires in ${hours} hours.`,
    pinButton: 'Choose a new PIN',
  },
  et: {
    subject: (firm: string) => `Sinu sisselogimislink: ${firm}`,
    heading: (firm: string) => `Logi sisse: ${firm}`,
    body: (hours: number) => `Logi sisse alloleva nupu abil. Link töötab ühe korra ja aegub ${hours} tunni pärast.`,
    button: 'Logi sisse',
    code: (hours: number) => `Avasid kirja teises rakenduses või seadmes? Sisesta portaali lehel hoopis see kood (see töötab ühe korra, ${hours} tundi, nagu link):`,
    ignore: 'Kui sa seda ei palunud, võid selle kirja tähelepanuta jätta.',
    pinSubject: (firm: string) => `Uus PIN-kood: ${firm}`,
    pinHeading: (firm: string) => `Uus PIN-kood: ${firm}`,
    pinBody: (hours: number) => `Vali alloleva nupu abil uus 4-kohaline PIN-kood; sellega logid ka sisse. Link töötab ühe korra ja aegub ${hours} tunni pärast.`,
    pinButton: 'Vali uus PIN-kood',
  },
} as const;

/** The code as people read it: two groups of three digits. */
const spaced = (code: string) => `${code.slice(0, 3)} ${code.slice(3)}`;

/** A sign-in link with its code; or, for a forgotten PIN, a link to choose a new one (no code: it is clicked). */
export function signInEmail(opts: { firmName: string; locale: string; url: string; code: string | null; validHours: number; purpose?: 'sign_in' | 'pin_reset' }) {
  const lang = opts.locale === 'et' ? 'et' : 'en';
  const t = strings[lang];
  if (opts.purpose === 'pin_reset' || opts.code === null) {
    const body = t.pinBody(opts.validHours);
    return {
      subject: t.pinSubject(opts.firmName),
      text: `${t.pinHeading(opts.firmName)}\n\n${body}\n\n${opts.url}\n\n${t.ignore}\n`,
      html: layout({ lang, heading: t.pinHeading(opts.firmName), paragraphs: [body], action: { label: t.pinButton, url: opts.url }, footer: t.ignore }),
    };
  }
  const body = t.body(opts.validHours);
  const codeLine = t.code(opts.validHours);
  return {
    subject: t.subject(opts.firmName),
    text: `${t.heading(opts.firmName)}\n\n${body}\n\n${opts.url}\n\n${codeLine}\n\n${spaced(opts.code)}\n\n${t.ignore}\n`,
    html: layout({ lang, heading: t.heading(opts.firmName), paragraphs: [body], action: { label: t.button, url: opts.url }, after: [codeLine, spaced(opts.code)], footer: t.ignore }),
  };
}
