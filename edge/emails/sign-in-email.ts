import type { EmailFirm } from './brand.ts';
import { langOf, renderEmail } from './render.ts';

const strings = {
  en: {
    subject: (firm: string) => `Your sign-in link for ${firm}`,
    heading: (firm: string) => `Sign in to ${firm}`,
    body: (hours: number) => `Use the button below to sign in. The link works once and expires in ${hours} hours.`,
    button: 'Sign in',
    code: (hours: number) => `Opened this email in another app or on another device? Type this code on the portal page instead (it works once, for ${hours} hours, like the link):`,
    why: (firm: string) => `You get this email because someone asked for a sign-in link to ${firm} for this address. If it was not you, you can ignore it: nobody can sign in without the link.`,
    pinSubject: (firm: string) => `Set a new PIN for ${firm}`,
    pinHeading: (firm: string) => `A new PIN for ${firm}`,
    pinBody: (hours: number) => `Use the button below to choose a new 4-digit PIN; you are signed in as you do. The link works once and expires in ${hours} hours.`,
    pinButton: 'Choose a new PIN',
    pinWhy: (firm: string) => `You get this email because someone asked to reset the PIN for ${firm} of this address. If it was not you, you can ignore it: your PIN stays as it is.`,
    inviteSubject: (firm: string) => `${firm} invites you to its client portal`,
    inviteHeading: (firm: string) => `Your client portal at ${firm}`,
    inviteBody: (firm: string, hours: number) => `${firm} will send you its questions and requests for documents here, instead of by email. Use the button below to sign in; there is no password. The link works once and expires in ${hours} hours; afterwards, ask for a new one on the portal page with this address.`,
    inviteWhy: (firm: string) => `You get this email because ${firm} opened its client portal for you.`,
  },
  et: {
    subject: (firm: string) => `Sinu sisselogimislink: ${firm}`,
    heading: (firm: string) => `Logi sisse: ${firm}`,
    body: (hours: number) => `Logi sisse alloleva nupu abil. Link töötab ühe korra ja aegub ${hours} tunni pärast.`,
    button: 'Logi sisse',
    code: (hours: number) => `Avasid kirja teises rakenduses või seadmes? Sisesta portaali lehel hoopis see kood (see töötab ühe korra, ${hours} tundi, nagu link):`,
    why: (firm: string) => `Said selle kirja, sest sellele aadressile paluti sisselogimislinki (${firm}). Kui see polnud sina, võid kirja tähelepanuta jätta: ilma lingita ei saa keegi sisse logida.`,
    pinSubject: (firm: string) => `Uus PIN-kood: ${firm}`,
    pinHeading: (firm: string) => `Uus PIN-kood: ${firm}`,
    pinBody: (hours: number) => `Vali alloleva nupu abil uus 4-kohaline PIN-kood; sellega logid ka sisse. Link töötab ühe korra ja aegub ${hours} tunni pärast.`,
    pinButton: 'Vali uus PIN-kood',
    pinWhy: (firm: string) => `Said selle kirja, sest selle aadressi PIN-koodi (${firm}) paluti lähtestada. Kui see polnud sina, võid kirja tähelepanuta jätta: PIN-kood jääb samaks.`,
    inviteSubject: (firm: string) => `${firm} kutsub sind oma kliendiportaali`,
    inviteHeading: (firm: string) => `Sinu kliendiportaal: ${firm}`,
    inviteBody: (firm: string, hours: number) => `${firm} saadab sulle siin oma küsimused ja dokumendipalved e-kirjade asemel. Logi sisse alloleva nupu abil; parooli pole vaja. Link töötab ühe korra ja aegub ${hours} tunni pärast; hiljem küsi portaali lehel selle aadressiga uus.`,
    inviteWhy: (firm: string) => `Said selle kirja, sest ${firm} avas sulle oma kliendiportaali.`,
  },
} as const;

/** The code as people read it: two groups of three digits. */
export const spacedCode = (code: string) => `${code.slice(0, 3)} ${code.slice(3)}`;

/**
 * The sign-in link, to a contact or a member, with the 6-digit code below it
 * for a mail app's own browser or another device; or, for a forgotten PIN, a
 * link to choose a new one (no code: it is clicked). The link is alone on its
 * line in the text, for copying. No settings link: it cannot be turned off.
 */
export function signInEmail(opts: { firm: EmailFirm; locale: string; url: string; code: string | null; validHours: number; purpose?: 'sign_in' | 'invitation' | 'pin_reset' }) {
  const lang = langOf(opts.locale);
  const t = strings[lang];
  if (opts.purpose === 'pin_reset' || opts.code === null) {
    return renderEmail(opts.firm, {
      lang,
      subject: t.pinSubject(opts.firm.name),
      heading: t.pinHeading(opts.firm.name),
      blocks: [t.pinBody(opts.validHours)],
      action: { label: t.pinButton, url: opts.url, bare: true },
      footer: { why: t.pinWhy(opts.firm.name) },
    });
  }
  const invitation = opts.purpose === 'invitation';
  return renderEmail(opts.firm, {
    lang,
    subject: invitation ? t.inviteSubject(opts.firm.name) : t.subject(opts.firm.name),
    heading: invitation ? t.inviteHeading(opts.firm.name) : t.heading(opts.firm.name),
    blocks: [invitation ? t.inviteBody(opts.firm.name, opts.validHours) : t.body(opts.validHours)],
    action: { label: t.button, url: opts.url, bare: true },
    after: [t.code(opts.validHours), spacedCode(opts.code)],
    footer: { why: invitation ? t.inviteWhy(opts.firm.name) : t.why(opts.firm.name) },
  });
}
