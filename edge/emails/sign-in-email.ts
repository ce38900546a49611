import type { EmailFirm } from './brand.ts';
import { langOf, renderEmail } from './render.ts';

const strings = {
  en: {
    subject: (firm: string) => `Your sign-in link for ${firm}`,
    heading: (firm: string) => `Sign in to ${firm}`,
    body: (hours: number) => `Use the button below to sign in. The link works once and expires in ${hours} hours.`,
    button: 'Sign in',
    why: (firm: string) => `You get this email because someone asked for a sign-in link to ${firm} for this address. If it was not you, you can ignore it: nobody can sign in without the link.`,
  },
  et: {
    subject: (firm: string) => `Sinu sisselogimislink: ${firm}`,
    heading: (firm: string) => `Logi sisse: ${firm}`,
    body: (hours: number) => `Logi sisse alloleva nupu abil. Link töötab ühe korra ja aegub ${hours} tunni pärast.`,
    button: 'Logi sisse',
    why: (firm: string) => `Said selle kirja, sest sellele aadressile paluti sisselogimislinki (${firm}). Kui see polnud sina, võid kirja tähelepanuta jätta: ilma lingita ei saa keegi sisse logida.`,
  },
} as const;

/** The sign-in link, to a contact or a member; the link alone on its line in the text, for copying. No settings link: it cannot be turned off. */
export function signInEmail(opts: { firm: EmailFirm; locale: string; url: string; validHours: number }) {
  const lang = langOf(opts.locale);
  const t = strings[lang];
  return renderEmail(opts.firm, {
    lang,
    subject: t.subject(opts.firm.name),
    heading: t.heading(opts.firm.name),
    blocks: [t.body(opts.validHours)],
    action: { label: t.button, url: opts.url, bare: true },
    footer: { why: t.why(opts.firm.name) },
  });
}
