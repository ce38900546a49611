import { describe, expect, it } from 'vitest';
import { addDays } from '../../db/dates.ts';
import { REMINDER_CAP, reminderStep } from '../domain/reminders.ts';
import { emailFirm } from './brand.ts';
import { reminderEmail } from './reminder-email.ts';

const firm = (name: string) => emailFirm({ name, slug: 'demo', branding: {}, portalUrl: 'https://firm.test/portal' }, { publicUrl: 'https://portico.test' });

/** The emails of a whole ladder: one task, reminded on `dates` in turn. */
const ladder = (locale: string, dueDate: string | null, dates: string[]) =>
  dates.map((date, count) =>
    reminderEmail({
      firm: firm('Demo & Partners'),
      locale,
      portalUrl: 'https://firm.test/portal',
      unsubscribeUrl: 'https://portico.test/off',
      tasks: [{ title: 'Payroll', dueDate, count, step: reminderStep({ count, dueDate }, date), url: 'https://portico.test/l/1' }],
    }),
  );

describe('the reminder email', () => {
  /** The intro: the first line after the heading (which is the subject). */
  const intro = (text: string) => text.split('\n\n')[1];

  it.each([
    ['en', 'gentle, overdue for days', '2030-03-10', ['2030-03-03', '2030-03-10', '2030-03-11', '2030-03-12', '2030-03-13']],
    ['et', 'gentle, overdue for days', '2030-03-10', ['2030-03-03', '2030-03-10', '2030-03-11', '2030-03-12', '2030-03-13']],
    ['en', 'urgent, no due date', null, [1, 2, 3, 4, 5].map((d) => addDays('2030-03-01', d))],
    ['et', 'urgent, no due date', null, [1, 2, 3, 4, 5].map((d) => addDays('2030-03-01', d))],
    ['en', 'custom, every rung after the due date', '2030-02-01', [1, 2, 3, 4, 5].map((d) => addDays('2030-03-01', d))],
    ['et', 'custom, every rung after the due date', '2030-02-01', [1, 2, 3, 4, 5].map((d) => addDays('2030-03-01', d))],
  ] as const)('%s, %s: the five rungs differ in subject, first line and text, the last one says so', (locale, _name, due, dates) => {
    const mails = ladder(locale, due, [...dates]);
    expect(mails).toHaveLength(REMINDER_CAP);
    expect(new Set(mails.map((m) => m.subject)).size).toBe(REMINDER_CAP);
    expect(new Set(mails.map((m) => intro(m.text))).size).toBe(REMINDER_CAP);
    expect(new Set(mails.map((m) => m.text)).size).toBe(REMINDER_CAP);
    expect(new Set(mails.map((m) => m.html)).size).toBe(REMINDER_CAP);
    expect(mails[REMINDER_CAP - 1]!.subject).toMatch(locale === 'et' ? /^Viimane/ : /^Last reminder/);
  });

  it('has the firm, the task link, a footer saying why and how to stop, in HTML and text, in the contact\'s language', () => {
    const [en] = ladder('en', '2030-03-10', ['2030-03-03']);
    expect(en!.subject).toBe('Reminder: Payroll');
    expect(en!.text).toContain('Demo & Partners is still waiting');
    expect(en!.text).toContain('https://portico.test/l/1');
    expect(en!.text).toContain('Stop reminders: https://portico.test/off');
    expect(en!.html).toContain('href="https://portico.test/l/1"');
    expect(en!.html).toContain('Demo &amp; Partners');
    expect(en!.html).toContain('You get this reminder because');
    const [et] = ladder('et', '2030-03-10', ['2030-03-03']);
    expect(et!.subject).toBe('Meeldetuletus: Payroll');
    expect(et!.html).toContain('lang="et"');
    expect(et!.text).toContain('Lõpeta meeldetuletused');
  });

  it('about several tasks: worded by the most pressing, the button opens the portal, each task keeps its link', () => {
    const mail = reminderEmail({
      firm: firm('Demo'),
      locale: 'en',
      portalUrl: 'https://firm.test/portal',
      unsubscribeUrl: 'https://portico.test/off',
      tasks: [
        { title: 'A', dueDate: null, count: 0, step: 'first', url: 'https://portico.test/l/a' },
        { title: 'B', dueDate: '2030-01-01', count: 0, step: 'overdue', url: 'https://portico.test/l/b' },
      ],
    });
    expect(mail.subject).toBe('Overdue: 2 tasks from Demo');
    expect(mail.html).toContain('href="https://firm.test/portal"');
    expect(mail.text).toContain('• A\n  https://portico.test/l/a');
    expect(mail.text).toContain('• B (due 2030-01-01)\n  https://portico.test/l/b');
    expect(mail.html).toContain('href="https://portico.test/l/a"');
    expect(mail.html).toContain('href="https://portico.test/l/b"');
  });
});
