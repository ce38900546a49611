import { layout } from './render.ts';

const strings = {
  en: {
    subject: (n: number, firm: string) => (n === 1 ? `New task from ${firm}` : `${n} new tasks from ${firm}`),
    intro: (firm: string) => `${firm} has asked you for the following:`,
    due: (date: string) => `due ${date}`,
    button: 'Open your portal',
    footer: 'You get this email because your accountant uses Portico to collect documents and answers.',
    reply: 'You can answer this email: your reply goes to the task\'s conversation.',
  },
  et: {
    subject: (n: number, firm: string) => (n === 1 ? `Uus ülesanne: ${firm}` : `${n} uut ülesannet: ${firm}`),
    intro: (firm: string) => `${firm} palub sinult järgmist:`,
    due: (date: string) => `tähtaeg ${date}`,
    button: 'Ava portaal',
    footer: 'Said selle kirja, sest sinu raamatupidaja kogub dokumente ja vastuseid Portico kaudu.',
    reply: 'Võid sellele kirjale vastata: vastus jõuab ülesande vestlusesse.',
  },
} as const;

export function assignedEmail(opts: { firmName: string; locale: string; url: string; tasks: { title: string; dueDate: string | null }[]; canReply?: boolean }) {
  const lang = opts.locale === 'et' ? 'et' : 'en';
  const t = strings[lang];
  const lines = opts.tasks.map((task) => `• ${task.title}${task.dueDate ? ` (${t.due(task.dueDate)})` : ''}`);
  const reply = opts.canReply ? [t.reply] : [];
  const html = layout({ lang, heading: t.subject(opts.tasks.length, opts.firmName), paragraphs: [t.intro(opts.firmName), ...lines, ...reply], action: { label: t.button, url: opts.url }, footer: t.footer });
  return {
    subject: t.subject(opts.tasks.length, opts.firmName),
    text: `${t.intro(opts.firmName)}\n\n${lines.join('\n')}\n\n${reply.length ? `${t.reply}\n\n` : ''}${t.button}: ${opts.url}\n\n${t.footer}\n`,
    html,
  };
}
