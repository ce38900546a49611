import type { ReminderStep } from '../domain/reminders.ts';
import { layout } from './render.ts';

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
 * Two wordings per step, alternating with the count, so no two reminders in
 * a row read the same (a ladder may stay on "again" or "overdue" for days;
 * identical repeats are what spam filters flag).
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
      ],
      due_today: [
        { subject: (f, t, n) => (n === 1 ? `Due today: ${t}` : `Due today: ${n} tasks from ${f}`), intro: (f) => `This is due today. ${f} thanks you for sending it in time.` },
        { subject: (f, t, n) => (n === 1 ? `Today is the day: ${t}` : `Today is the day: ${n} tasks from ${f}`), intro: (f) => `The due date is today; ${f} is waiting for it.` },
      ],
      overdue: [
        { subject: (f, t, n) => (n === 1 ? `Overdue: ${t}` : `Overdue: ${n} tasks from ${f}`), intro: (f) => `The due date has passed and ${f} still needs this.` },
        { subject: (f, t, n) => (n === 1 ? `Past due: ${t}` : `Past due: ${n} tasks from ${f}`), intro: (f) => `This is past its due date. Please send it to ${f} as soon as you can.` },
      ],
      last: [
        { subject: (f, t, n) => (n === 1 ? `Last reminder: ${t}` : `Last reminder: ${n} tasks from ${f}`), intro: (f) => `This is the last automatic reminder; ${f} may contact you directly.` },
        { subject: (f, t, n) => (n === 1 ? `Final reminder: ${t}` : `Final reminder: ${n} tasks from ${f}`), intro: (f) => `This is our final automatic reminder for ${f}.` },
      ],
    } satisfies Record<ReminderStep, [Words, Words]>,
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
      ],
      due_today: [
        { subject: (f, t, n) => (n === 1 ? `Tähtaeg täna: ${t}` : `Tähtaeg täna: ${n} ülesannet (${f})`), intro: (f) => `Tähtaeg on täna. ${f} tänab, kui saadad selle õigel ajal.` },
        { subject: (f, t, n) => (n === 1 ? `Täna on tähtpäev: ${t}` : `Täna on tähtpäev: ${n} ülesannet (${f})`), intro: (f) => `Tähtaeg on täna; ${f} ootab seda.` },
      ],
      overdue: [
        { subject: (f, t, n) => (n === 1 ? `Tähtaeg möödas: ${t}` : `Tähtaeg möödas: ${n} ülesannet (${f})`), intro: (f) => `Tähtaeg on möödas ja ${f} vajab seda endiselt.` },
        { subject: (f, t, n) => (n === 1 ? `Hilinenud: ${t}` : `Hilinenud: ${n} ülesannet (${f})`), intro: (f) => `Tähtaeg on möödas. Palun saada see ${f} esimesel võimalusel.` },
      ],
      last: [
        { subject: (f, t, n) => (n === 1 ? `Viimane meeldetuletus: ${t}` : `Viimane meeldetuletus: ${n} ülesannet (${f})`), intro: (f) => `See on viimane automaatne meeldetuletus; ${f} võib sinuga otse ühendust võtta.` },
        { subject: (f, t, n) => (n === 1 ? `Lõplik meeldetuletus: ${t}` : `Lõplik meeldetuletus: ${n} ülesannet (${f})`), intro: (f) => `See on meie lõplik automaatne meeldetuletus (${f}).` },
      ],
    } satisfies Record<ReminderStep, [Words, Words]>,
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
export function reminderEmail(opts: { firmName: string; locale: string; portalUrl: string; tasks: RemindedTask[]; unsubscribeUrl: string; canReply?: boolean }) {
  const lang = opts.locale === 'et' ? 'et' : 'en';
  const t = strings[lang];
  const lead = mostPressing(opts.tasks);
  const words = t.steps[lead.step][lead.count % 2]!;
  const subject = words.subject(opts.firmName, lead.title, opts.tasks.length);
  const lines = opts.tasks.map((task) => `• ${task.title}${task.dueDate ? ` (${t.due(task.dueDate)})` : ''}`);
  const single = opts.tasks.length === 1;
  const action = { label: single ? t.open : t.button, url: single ? lead.url : opts.portalUrl };
  const footer = `${t.footer(opts.firmName)} ${t.unsubscribe}: ${opts.unsubscribeUrl}`;
  const linkLines = opts.tasks.map((task) => `${task.title}: ${task.url}`);
  const reply = opts.canReply ? [t.reply] : [];
  return {
    subject,
    text: `${words.intro(opts.firmName)}\n\n${lines.join('\n')}\n\n${linkLines.join('\n')}\n\n${reply.length ? `${t.reply}\n\n` : ''}${footer}\n`,
    // With several tasks the button opens the portal and each task's own link follows as text.
    html: layout({ lang, heading: subject, paragraphs: [words.intro(opts.firmName), ...lines, ...(single ? [] : linkLines), ...reply], action, footer }),
  };
}

const PRESSURE: Record<ReminderStep, number> = { last: 4, overdue: 3, due_today: 2, again: 1, first: 0 };

function mostPressing(tasks: RemindedTask[]): RemindedTask {
  if (tasks.length === 0) throw new Error('A reminder names at least one task');
  return tasks.reduce((a, b) => (PRESSURE[b.step] > PRESSURE[a.step] ? b : a));
}
