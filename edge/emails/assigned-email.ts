import type { EmailFirm } from './brand.ts';
import { chooseInProfile, contactSettings } from './footers.ts';
import { langOf, renderEmail } from './render.ts';

const strings = {
  en: {
    subject: (n: number, firm: string) => (n === 1 ? `New task from ${firm}` : `${n} new tasks from ${firm}`),
    intro: (firm: string) => `${firm} has asked you for the following:`,
    due: (date: string) => `due ${date}`,
    button: 'Open your portal',
    open: 'Open the task',
    why: (firm: string) => `You get this email because ${firm} asked you for this in its client portal.`,
    reply: 'You can answer this email: your reply goes to the task\'s conversation.',
  },
  et: {
    subject: (n: number, firm: string) => (n === 1 ? `Uus ülesanne: ${firm}` : `${n} uut ülesannet: ${firm}`),
    intro: (firm: string) => `${firm} palub sinult järgmist:`,
    due: (date: string) => `tähtaeg ${date}`,
    button: 'Ava portaal',
    open: 'Ava ülesanne',
    why: (firm: string) => `Said selle kirja, sest ${firm} palus seda sinult oma kliendiportaalis.`,
    reply: 'Võid sellele kirjale vastata: vastus jõuab ülesande vestlusesse.',
  },
} as const;

/** To a contact: the tasks assigned to them in the window (or one task again, on a staff "Resend"), with the link that opens them. */
export function assignedEmail(opts: { firm: EmailFirm; locale: string; url: string; tasks: { title: string; dueDate: string | null }[]; canReply?: boolean }) {
  const lang = langOf(opts.locale);
  const t = strings[lang];
  const firm = opts.firm.name;
  const subject = t.subject(opts.tasks.length, firm);
  return renderEmail(opts.firm, {
    lang,
    subject,
    heading: subject,
    blocks: [t.intro(firm), { items: opts.tasks.map((task) => ({ text: `${task.title}${task.dueDate ? ` (${t.due(task.dueDate)})` : ''}` })) }, ...(opts.canReply ? [t.reply] : [])],
    action: { label: opts.tasks.length === 1 ? t.open : t.button, url: opts.url },
    footer: { why: `${t.why(firm)} ${chooseInProfile[lang]}`, links: [contactSettings(lang, opts.firm)] },
  });
}
