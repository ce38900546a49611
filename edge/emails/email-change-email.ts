import type { EmailFirm } from './brand.ts';
import { langOf, renderEmail } from './render.ts';

const strings = {
  en: {
    subject: (firm: string) => `Confirm your new email address for ${firm}`,
    heading: 'Confirm your new email address',
    body: (firm: string, hours: number) => `You asked to use this address for the client portal of ${firm}. Use the button below to confirm it. The link works once and expires in ${hours} hours.`,
    button: 'Confirm this address',
    why: (firm: string) => `You get this email because someone asked to change their email address at ${firm} to this one. If it was not you, you can ignore it: nothing changes without the link.`,
  },
  et: {
    subject: (firm: string) => `Kinnita oma uus e-posti aadress: ${firm}`,
    heading: 'Kinnita oma uus e-posti aadress',
    body: (firm: string, hours: number) => `Soovisid kasutada seda aadressi kliendiportaalis (${firm}). Kinnita see alloleva nupu abil. Link töötab ühe korra ja aegub ${hours} tunni pärast.`,
    button: 'Kinnita see aadress',
    why: (firm: string) => `Said selle kirja, sest keegi soovis muuta oma e-posti aadressi (${firm}) selleks. Kui see polnud sina, võid kirja tähelepanuta jätta: ilma lingita ei muutu midagi.`,
  },
} as const;

/**
 * The confirmation of a contact's new address, sent to that new address: a
 * link to the firm's portal page with `#email-confirm=<token>`. Alone on its
 * line in the text, for copying. No settings link: it cannot be turned off.
 */
export function emailChangeEmail(opts: { firm: EmailFirm; locale: string; url: string; validHours: number }) {
  const lang = langOf(opts.locale);
  const t = strings[lang];
  return renderEmail(opts.firm, {
    lang,
    subject: t.subject(opts.firm.name),
    heading: t.heading,
    blocks: [t.body(opts.firm.name, opts.validHours)],
    action: { label: t.button, url: opts.url, bare: true },
    footer: { why: t.why(opts.firm.name) },
  });
}
