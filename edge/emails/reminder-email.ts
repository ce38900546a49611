import type { ReminderStep } from '../domain/reminders.ts';
import { oneLine, type EmailFirm } from './brand.ts';
import { contactSettings } from './footers.ts';
import { langOf, renderEmail } from './render.ts';

/** One task in a reminder, with its place on its ladder and the link that opens it. */
export interface RemindedTask {
  title: string;
  dueDate: string | null;
  step: ReminderStep;
  /** Reminders sent before this one since the task was sent or resent: picks between two wordings of a step. */
  count: number;
  url: string;
}

type Words = { subject: (firm: string, title: string, n: number) => string; intro: (firm: string) => string };

/**
 * Wordings per step, picked by the count, so no two reminders of one ladder
 * read the same (identical repeats are what spam filters flag): a ladder of
 * five stays on "again" for counts 1 to 3 at most, or on "overdue" for 0 to 3,
 * so those steps have three and four wordings.
 */
const strings = {
  en: {
    steps: {
      first: [
        { subject: (f, t, n) => (n === 1 ? `Reminder: ${t}` : `Reminder: ${n} tasks from ${f}`), intro: (f) => `A friendly reminder: ${f} is still waiting for the following.` },
        { subject: (f, t, n) => (n === 1 ? `A quick reminder: ${t}` : `A quick reminder: ${n} tasks from ${f}`), intro: (f) => `Just a reminder that ${f} still needs this from you.` },
      ],
      again: [
        { subject: (f, t, n) => (n === 1 ? `Still open: ${t}` : `Still open: ${n} tasks from ${f}`), intro: (f) => `${f} has not received this yet.` },
        { subject: (f, t, n) => (n === 1 ? `Waiting for you: ${t}` : `Waiting for you: ${n} tasks from ${f}`), intro: (f) => `${f} is still waiting for your answer.` },
        { subject: (f, t, n) => (n === 1 ? `Still missing: ${t}` : `Still missing: ${n} tasks from ${f}`), intro: (f) => `${f} is still missing this; it takes only a moment in your portal.` },
      ],
      due_today: [
        { subject: (f, t, n) => (n === 1 ? `Due today: ${t}` : `Due today: ${n} tasks from ${f}`), intro: (f) => `This is due today. ${f} thanks you for sending it in time.` },
        { subject: (f, t, n) => (n === 1 ? `Today is the day: ${t}` : `Today is the day: ${n} tasks from ${f}`), intro: (f) => `The due date is today; ${f} is waiting for it.` },
      ],
      overdue: [
        { subject: (f, t, n) => (n === 1 ? `Overdue: ${t}` : `Overdue: ${n} tasks from ${f}`), intro: (f) => `The due date has passed and ${f} still needs this.` },
        { subject: (f, t, n) => (n === 1 ? `Past due: ${t}` : `Past due: ${n} tasks from ${f}`), intro: (f) => `This is past its due date. Please send it to ${f} as soon as you can.` },
        { subject: (f, t, n) => (n === 1 ? `Still overdue: ${t}` : `Still overdue: ${n} tasks from ${f}`), intro: (f) => `${f} is still waiting for this, and its due date has passed.` },
        { subject: (f, t, n) => (n === 1 ? `Please send soon: ${t}` : `Please send soon: ${n} tasks from ${f}`), intro: (f) => `It is past its due date; ${f} needs it to carry on with your work.` },
      ],
      last: [
        { subject: (f, t, n) => (n === 1 ? `Last reminder: ${t}` : `Last reminder: ${n} tasks from ${f}`), intro: (f) => `This is the last automatic reminder; ${f} may contact you directly.` },
        { subject: (f, t, n) => (n === 1 ? `Final reminder: ${t}` : `Final reminder: ${n} tasks from ${f}`), intro: (f) => `This is our final automatic reminder for ${f}.` },
      ],
    } satisfies Record<ReminderStep, readonly Words[]>,
    due: (date: string) => `due ${date}`,
    open: 'Open the task',
    button: 'Open your portal',
    footer: (firm: string) => `You get this reminder because ${firm} asked you for this in its client portal and it is still open. To stop reminders, use the unsubscribe link below or turn them off in your portal profile.`,
    unsubscribe: 'Stop reminders',
    reply: 'You can answer this email: your reply goes to the task\'s conversation.',
  },
  et: {
    steps: {
      first: [
        { subject: (f, t, n) => (n === 1 ? `Meeldetuletus: ${t}` : `Meeldetuletus: ${n} ülesannet (${f})`), intro: (f) => `Sõbralik meeldetuletus: ${f} ootab sinult veel järgmist.` },
        { subject: (f, t, n) => (n === 1 ? `Väike meeldetuletus: ${t}` : `Väike meeldetuletus: ${n} ülesannet (${f})`), intro: (f) => `Tuletame meelde, et ${f} vajab seda sinult veel.` },
      ],
      again: [
        { subject: (f, t, n) => (n === 1 ? `Endiselt avatud: ${t}` : `Endiselt avatud: ${n} ülesannet (${f})`), intro: (f) => `${f} pole seda veel kätte saanud.` },
        { subject: (f, t, n) => (n === 1 ? `Ootab sind: ${t}` : `Ootab sind: ${n} ülesannet (${f})`), intro: (f) => `${f} ootab endiselt sinu vastust.` },
        { subject: (f, t, n) => (n === 1 ? `Ikka veel puudu: ${t}` : `Ikka veel puudu: ${n} ülesannet (${f})`), intro: (f) => `${f} ootab seda endiselt; portaalis võtab see vaid hetke.` },
      ],
      due_today: [
        { subject: (f, t, n) => (n === 1 ? `Tähtaeg täna: ${t}` : `Tähtaeg täna: ${n} ülesannet (${f})`), intro: (f) => `Tähtaeg on täna. ${f} tänab, kui saadad selle õigel ajal.` },
        { subject: (f, t, n) => (n === 1 ? `Täna on tähtpäev: ${t}` : `Täna on tähtpäev: ${n} ülesannet (${f})`), intro: (f) => `Tähtaeg on täna; ${f} ootab seda.` },
      ],
      overdue: [
        { subject: (f, t, n) => (n === 1 ? `Tähtaeg möödas: ${t}` : `Tähtaeg möödas: ${n} ülesannet (${f})`), intro: (f) => `Tähtaeg on möödas ja ${f} vajab seda endiselt.` },
        { subject: (f, t, n) => (n === 1 ? `Hilinenud: ${t}` : `Hilinenud: ${n} ülesannet (${f})`), intro: (f) => `Tähtaeg on möödas. Palun saada see ${f} esimesel võimalusel.` },
        { subject: (f, t, n) => (n === 1 ? `Endiselt hilinenud: ${t}` : `Endiselt hilinenud: ${n} ülesannet (${f})`), intro: (f) => `${f} ootab seda endiselt ja tähtaeg on möödas.` },
        { subject: (f, t, n) => (n === 1 ? `Palun saada peagi: ${t}` : `Palun saada peagi: ${n} ülesannet (${f})`), intro: (f) => `Tähtaeg on möödas; ${f} vajab seda, et sinu tööga jätkata.` },
      ],
      last: [
        { subject: (f, t, n) => (n === 1 ? `Viimane meeldetuletus: ${t}` : `Viimane meeldetuletus: ${n} ülesannet (${f})`), intro: (f) => `See on viimane automaatne meeldetuletus; ${f} võib sinuga otse ühendust võtta.` },
        { subject: (f, t, n) => (n === 1 ? `Lõplik meeldetuletus: ${t}` : `Lõplik meeldetuletus: ${n} ülesannet (${f})`), intro: (f) => `See on meie lõplik automaatne meeldetuletus (${f}).` },
      ],
    } satisfies Record<ReminderStep, readonly Words[]>,
    due: (date: string) => `tähtaeg ${date}`,
    open: 'Ava ülesanne',
    button: 'Ava portaal',
    footer: (firm: string) => `Said selle meeldetuletuse, sest ${firm} palus seda sinult oma kliendiportaalis ja see on veel avatud. Meeldetuletuste lõpetamiseks kasuta allolevat linki või lülita need välja portaali profiilis.`,
    unsubscribe: 'Lõpeta meeldetuletused',
    reply: 'Võid sellele kirjale vastata: vastus jõuab ülesande vestlusesse.',
  },
} as const;

/**
 * The reminder of one contact's morning: every task of theirs reminded that
 * day, each with its link; worded by the most pressing task's step.
 */
export function reminderEmail(opts: { firm: EmailFirm; locale: string; portalUrl: string; tasks: RemindedTask[]; unsubscribeUrl: string; canReply?: boolean }) {
  const lang = langOf(opts.locale);
  const t = strings[lang];
  const firm = opts.firm.name;
  const lead = mostPressing(opts.tasks);
  const wordings = t.steps[lead.step];
  const words = wordings[lead.count % wordings.length]!;
  const subject = words.subject(firm, oneLine(lead.title), opts.tasks.length);
  const single = opts.tasks.length === 1;
  return renderEmail(opts.firm, {
    lang,
    subject,
    heading: subject,
    // With several tasks each links to itself and the button opens the portal.
    blocks: [
      words.intro(firm),
      { items: opts.tasks.map((task) => ({ text: `${task.title}${task.dueDate ? ` (${t.due(task.dueDate)})` : ''}`, url: single ? undefined : task.url })) },
      ...(opts.canReply ? [t.reply] : []),
    ],
    action: { label: single ? t.open : t.button, url: single ? lead.url : opts.portalUrl },
    footer: { why: t.footer(firm), links: [{ label: t.unsubscribe, url: opts.unsubscribeUrl }, contactSettings(lang, opts.firm)] },
  });
}

const PRESSURE: Record<ReminderStep, number> = { last: 4, overdue: 3, due_today: 2, again: 1, first: 0 };

function mostPressing(tasks: RemindedTask[]): RemindedTask {
  if (tasks.length === 0) throw new Error('A reminder names at least one task');
  return tasks.reduce((a, b) => (PRESSURE[b.step] > PRESSURE[a.step] ? b : a));
}
