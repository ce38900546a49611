import { oneLine, type EmailFirm } from './brand.ts';
import { chooseInProfile, contactSettings } from './footers.ts';
import { langOf, renderEmail } from './render.ts';

const strings = {
  en: {
    subject: (n: number, firm: string, title: string) => (n === 1 ? `New message from ${firm}: ${title}` : `${n} new messages from ${firm}: ${title}`),
    intro: (firm: string, title: string) => `${firm} wrote to you about “${title}”:`,
    button: 'Open the conversation',
    reply: 'You can reply to this email: your reply goes to the conversation.',
    why: (firm: string) => `You get this email because ${firm} wrote to you in your client portal. Messages you have already read there are not emailed.`,
  },
  et: {
    subject: (n: number, firm: string, title: string) => (n === 1 ? `Uus sõnum (${firm}): ${title}` : `${n} uut sõnumit (${firm}): ${title}`),
    intro: (firm: string, title: string) => `${firm} kirjutas sulle teemal „${title}“:`,
    button: 'Ava vestlus',
    reply: 'Võid sellele kirjale vastata: vastus jõuab vestlusesse.',
    why: (firm: string) => `Said selle kirja, sest ${firm} kirjutas sulle kliendiportaalis. Seal juba loetud sõnumeid e-postiga ei saadeta.`,
  },
} as const;

/**
 * The email about the firm's new portal messages on one thread: each message
 * as plain text with who wrote it, a link to the portal, and (only with a
 * reply address) the line saying a reply reaches the conversation.
 */
export function messageEmail(opts: { firm: EmailFirm; locale: string; url: string; threadTitle: string; messages: { author: string; body: string }[]; canReply: boolean }) {
  const lang = langOf(opts.locale);
  const t = strings[lang];
  const firm = opts.firm.name;
  const title = oneLine(opts.threadTitle);
  const subject = t.subject(opts.messages.length, firm, title);
  return renderEmail(opts.firm, {
    lang,
    subject,
    heading: subject,
    blocks: [t.intro(firm, title), ...opts.messages.map((m) => ({ label: m.author, text: m.body })), ...(opts.canReply ? [t.reply] : [])],
    action: { label: t.button, url: opts.url },
    footer: { why: `${t.why(firm)} ${chooseInProfile[lang]}`, links: [contactSettings(lang, opts.firm)] },
  });
}
