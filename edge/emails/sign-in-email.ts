import { layout } from './render.ts';

const strings = {
  en: {
    subject: (firm: string) => `Your sign-in link for ${firm}`,
    heading: (firm: string) => `Sign in to ${firm}`,
    body: (hours: number) => `Use the button below to sign in. The link works once and expires in ${hours} hours.`,
    button: 'Sign in',
    ignore: 'If you did not ask for this, you can ignore this email.',
  },
  et: {
    subject: (firm: string) => `Sinu sisselogimislink: ${firm}`,
    heading: (firm: string) => `Logi sisse: ${firm}`,
    body: (hours: number) => `Logi sisse alloleva nupu abil. Link töötab ühe korra ja aegub ${hours} tunni pärast.`,
    button: 'Logi sisse',
    ignore: 'Kui sa seda ei palunud, võid selle kirja tähelepanuta jätta.',
  },
} as const;

export function signInEmail(opts: { firmName: string; locale: string; url: string; validHours: number }) {
  const lang = opts.locale === 'et' ? 'et' : 'en';
  const t = strings[lang];
  const body = t.body(opts.validHours);
  return {
    subject: t.subject(opts.firmName),
    text: `${t.heading(opts.firmName)}\n\n${body}\n\n${opts.url}\n\n${t.ignore}\n`,
    html: layout({ lang, heading: t.heading(opts.firmName), paragraphs: [body], action: { label: t.button, url: opts.url }, footer: t.ignore }),
  };
}
