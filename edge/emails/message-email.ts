import { layout } from './render.ts';

const strings = {
  en: {
    subject: (n: number, firm: string, title: string) => (n === 1 ? `New message from ${firm}: ${title}` : `${n} new messages from ${firm}: ${title}`),
    intro: (firm: string, title: string) => `${firm} wrote to you about “${title}”:`,
    button: 'Open the conversation',
    reply: 'You can reply to this email: your reply goes to the conversation.',
    footer: 'You get this email because your accountant wrote to you in your client portal. Messages you have already read there are not emailed.',
  },
  et: {
    subject: (n: number, firm: string, title: string) => (n === 1 ? `Uus sõnum (${firm}): ${title}` : `${n} uut sõnumit (${firm}): ${title}`),
    intro: (firm: string, title: string) => `${firm} kirjutas sulle teemal „${title}“:`,
    button: 'Ava vestlus',
    reply: 'Võid sellele kirjale vastata: vastus jõuab vestlusesse.',
    footer: 'Said selle kirja, sest sinu raamatupidaja kirjutas sulle kliendiportaalis. Seal juba loetud sõnumeid e-postiga ei saadeta.',
  },
} as const;

/** One line, however the title was written: a subject header holds no line breaks. */
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * The email about the firm's new portal messages on one thread: each message
 * as plain text with who wrote it, a link to the portal, and (only with a
 * reply address) the line saying a reply reaches the conversation.
 */
export function messageEmail(opts: { firmName: string; locale: string; url: string; threadTitle: string; messages: { author: string; body: string }[]; canReply: boolean }) {
  const lang = opts.locale === 'et' ? 'et' : 'en';
  const t = strings[lang];
  const title = oneLine(opts.threadTitle);
  const subject = t.subject(opts.messages.length, oneLine(opts.firmName), title);
  const intro = t.intro(opts.firmName, title);
  const reply = opts.canReply ? [t.reply] : [];
  const quoted = opts.messages.map((m) => `${m.author}:\n${m.body}`).join('\n\n');
  return {
    subject,
    text: `${intro}\n\n${quoted}\n\n${reply.length ? `${t.reply}\n\n` : ''}${t.button}: ${opts.url}\n\n${t.footer}\n`,
    html: layout({ lang, heading: subject, paragraphs: [intro, ...opts.messages.map((m) => ({ label: m.author, text: m.body })), ...reply], action: { label: t.button, url: opts.url }, footer: t.footer }),
  };
}
