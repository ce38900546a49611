import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ReminderRule as StoredRule } from '../../db/schema.ts';
import {
  DAY_MS,
  REMINDER_CAP,
  groupByMorning,
  linkExpiry,
  nextReminderAt,
  reminderPolicyProblem,
  reminderStep,
  type CustomRule,
  type ReminderPolicy,
  type ReminderState,
} from './reminders.ts';

const TALLINN = { timezone: 'Europe/Tallinn', hour: 9 };
/** 9:00 on the wall in Tallinn, written as UTC. */
const at = (iso: string) => Date.parse(iso);
const gentle: ReminderPolicy = { kind: 'gentle' };
const state = (over: Partial<ReminderState>): ReminderState => ({
  policy: gentle,
  sentAt: at('2026-03-01T10:00:00Z'),
  dueDate: '2026-03-31',
  count: 0,
  lastAt: null,
  settled: false,
  ...over,
});
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

it('keeps custom rules in the shape the tasks table stores', () => {
  expectTypeOf<StoredRule>().toEqualTypeOf<CustomRule>();
});

describe('the gentle ladder', () => {
  it.each([
    // [sent, last reminder, due, expected next (UTC)]
    ['7 days before a month-end due date', '2026-03-01T10:00:00Z', null, '2026-03-31', '2026-03-24T07:00:00.000Z'],
    ['then on the due date, after the spring DST change (09:00 EEST is 06:00 UTC)', '2026-03-01T10:00:00Z', '2026-03-24T07:00:00Z', '2026-03-31', '2026-03-31T06:00:00.000Z'],
    ['then daily while overdue', '2026-03-01T10:00:00Z', '2026-03-31T06:00:00Z', '2026-03-31', '2026-04-01T06:00:00.000Z'],
    ['and the next day after that', '2026-03-01T10:00:00Z', '2026-04-01T06:00:00Z', '2026-03-31', '2026-04-02T06:00:00.000Z'],
    ['sent less than 7 days before due: the due date first', '2026-03-27T10:00:00Z', null, '2026-03-31', '2026-03-31T06:00:00.000Z'],
    ['sent on the 7-days-before day itself: not that same day', '2026-03-24T05:00:00Z', null, '2026-03-31', '2026-03-31T06:00:00.000Z'],
    ['sent on the due date: tomorrow, as overdue', '2026-03-31T05:00:00Z', null, '2026-03-31', '2026-04-01T06:00:00.000Z'],
    ['sent already overdue: the day after sending', '2026-04-10T12:00:00Z', null, '2026-03-31', '2026-04-11T06:00:00.000Z'],
    ['a due date on 3 March: 24 February, across the month end', '2026-02-01T10:00:00Z', null, '2026-03-03', '2026-02-24T07:00:00.000Z'],
    ['a leap-year due date', '2028-02-01T10:00:00Z', null, '2028-03-01', '2028-02-23T07:00:00.000Z'],
    ['autumn DST change: due 26 October, 09:00 EET is 07:00 UTC again', '2026-10-01T10:00:00Z', '2026-10-19T06:00:00Z', '2026-10-26', '2026-10-26T07:00:00.000Z'],
  ])('%s', (_name, sent, last, due, expected) => {
    const next = nextReminderAt(state({ sentAt: at(sent), lastAt: last ? at(last) : null, dueDate: due }), TALLINN);
    expect(iso(next)).toBe(expected);
  });

  it('sends nothing without a due date', () => {
    expect(nextReminderAt(state({ dueDate: null }), TALLINN)).toBeNull();
  });

  it('reads "the day" in the given timezone: late evening in Tallinn is already the next day', () => {
    // 22:30 UTC on 23 March is 00:30 on 24 March in Tallinn: the 24th is the sending day, so no reminder on it.
    const next = nextReminderAt(state({ sentAt: at('2026-03-23T22:30:00Z') }), TALLINN);
    expect(iso(next)).toBe('2026-03-31T06:00:00.000Z');
    // The same instant in New York is still the 23rd: the 24th's reminder stands.
    const ny = nextReminderAt(state({ sentAt: at('2026-03-23T22:30:00Z') }), { timezone: 'America/New_York', hour: 9 });
    expect(iso(ny)).toBe('2026-03-24T13:00:00.000Z');
  });
});

describe('the urgent ladder', () => {
  it('is daily from the day after sending, due date or not', () => {
    const first = nextReminderAt(state({ policy: { kind: 'urgent' }, dueDate: null }), TALLINN);
    expect(iso(first)).toBe('2026-03-02T07:00:00.000Z');
    const second = nextReminderAt(state({ policy: { kind: 'urgent' }, dueDate: null, count: 1, lastAt: first }), TALLINN);
    expect(iso(second)).toBe('2026-03-03T07:00:00.000Z');
  });

  it('sends one reminder, not the missed ones, after the server was down for days', () => {
    // Last reminder on 2 March; it is now 6 March: the next is 3 March (in the past: due now) and then the day after the one sent now.
    const missed = nextReminderAt(state({ policy: { kind: 'urgent' }, count: 1, lastAt: at('2026-03-02T07:00:00Z') }), TALLINN);
    expect(iso(missed)).toBe('2026-03-03T07:00:00.000Z');
    const sentNow = at('2026-03-06T11:00:00Z');
    const after = nextReminderAt(state({ policy: { kind: 'urgent' }, count: 2, lastAt: sentNow }), TALLINN);
    expect(iso(after)).toBe('2026-03-07T07:00:00.000Z');
  });
});

describe('a custom ladder', () => {
  const custom = (...rules: Array<[('sent' | 'before_due' | 'after_due'), number]>): ReminderPolicy => ({
    kind: 'custom',
    rules: rules.map(([from, days]) => ({ from, days })),
  });

  it('takes its rules in date order, whatever order they are written in', () => {
    const policy = custom(['after_due', 2], ['sent', 3], ['before_due', 1]);
    const dates: Array<string | null> = [];
    let s = state({ policy });
    for (let i = 0; i < 4; i++) {
      const next = nextReminderAt(s, TALLINN);
      dates.push(iso(next));
      if (next === null) break;
      s = { ...s, count: s.count + 1, lastAt: next };
    }
    expect(dates).toEqual(['2026-03-04T07:00:00.000Z', '2026-03-30T06:00:00.000Z', '2026-04-02T06:00:00.000Z', null]);
  });

  it('skips rules about the due date when the task has none', () => {
    expect(iso(nextReminderAt(state({ policy: custom(['before_due', 3], ['sent', 10]), dueDate: null }), TALLINN))).toBe('2026-03-11T07:00:00.000Z');
    expect(nextReminderAt(state({ policy: custom(['after_due', 1]), dueDate: null }), TALLINN)).toBeNull();
  });

  it.each([
    ['no rules', [], /at least one/],
    ['a negative interval', [{ from: 'sent', days: -1 }], /0 to 365/],
    ['an absurd interval', [{ from: 'after_due', days: 100_000 }], /0 to 365/],
    ['a fraction of a day', [{ from: 'before_due', days: 1.5 }], /whole number/],
    ['0 days after sending', [{ from: 'sent', days: 0 }], /with the task itself/],
    ['eleven rules', Array.from({ length: 11 }, (_, i) => ({ from: 'sent' as const, days: i + 1 })), /at most 10/],
  ] as const)('refuses %s', (_name, rules, message) => {
    expect(reminderPolicyProblem({ kind: 'custom', rules: [...rules] })).toMatch(message);
  });

  it('accepts the due date itself and every built-in ladder', () => {
    expect(reminderPolicyProblem(custom(['before_due', 0], ['after_due', 365]))).toBeNull();
    for (const kind of ['none', 'gentle', 'urgent'] as const) expect(reminderPolicyProblem({ kind })).toBeNull();
  });
});

describe('what stops reminders', () => {
  it(`stops at ${REMINDER_CAP} automatic reminders, and a resend starts the count again`, () => {
    const urgent = { policy: { kind: 'urgent' } as const, lastAt: at('2026-03-05T07:00:00Z') };
    expect(nextReminderAt(state({ ...urgent, count: REMINDER_CAP - 1 }), TALLINN)).not.toBeNull();
    expect(nextReminderAt(state({ ...urgent, count: REMINDER_CAP }), TALLINN)).toBeNull();
    // A resend: count back to 0, the resend is the last contact, so the next is the day after it.
    const resent = nextReminderAt(state({ ...urgent, count: 0, lastAt: at('2026-03-20T12:00:00Z') }), TALLINN);
    expect(iso(resent)).toBe('2026-03-21T07:00:00.000Z');
  });

  it('sends nothing for a settled task (completed, withdrawn, done by the client, completed work) or one never sent', () => {
    expect(nextReminderAt(state({ settled: true }), TALLINN)).toBeNull();
    expect(nextReminderAt(state({ sentAt: null }), TALLINN)).toBeNull();
    expect(nextReminderAt(state({ policy: { kind: 'none' } }), TALLINN)).toBeNull();
  });
});

describe('reminder wording', () => {
  it.each([
    [{ count: 0, dueDate: '2026-03-31' }, '2026-03-24', 'first'],
    [{ count: 1, dueDate: '2026-03-31' }, '2026-03-25', 'again'],
    [{ count: 1, dueDate: '2026-03-31' }, '2026-03-31', 'due_today'],
    [{ count: 2, dueDate: '2026-03-31' }, '2026-04-01', 'overdue'],
    [{ count: REMINDER_CAP - 1, dueDate: '2026-03-31' }, '2026-04-03', 'last'],
    [{ count: 0, dueDate: null }, '2026-04-03', 'first'],
  ] as const)('%o on %s is the %s reminder', (s, date, step) => {
    expect(reminderStep(s, date)).toBe(step);
  });
});

describe('task link expiry', () => {
  const first = at('2026-03-01T09:00:00Z');
  it('is 30 days from the first email, 60 from each reminder, renewed by a resend', () => {
    const afterEmail = linkExpiry(null, { kind: 'email', at: first });
    expect(afterEmail).toBe(first + 30 * DAY_MS);
    const afterReminder = linkExpiry(afterEmail, { kind: 'reminder', at: first + 10 * DAY_MS });
    expect(afterReminder).toBe(first + 70 * DAY_MS);
    const afterResend = linkExpiry(afterReminder, { kind: 'resend', at: first + 90 * DAY_MS });
    expect(afterResend).toBe(first + 120 * DAY_MS);
  });

  it('never shortens: a resend soon after a reminder, or a clock moved back', () => {
    const afterReminder = linkExpiry(null, { kind: 'reminder', at: first });
    expect(linkExpiry(afterReminder, { kind: 'resend', at: first + DAY_MS })).toBe(afterReminder);
    expect(linkExpiry(afterReminder, { kind: 'email', at: first - 40 * DAY_MS })).toBe(afterReminder);
  });
});

describe('reminders on the same morning', () => {
  it('are one email per contact and local date', () => {
    const groups = groupByMorning([
      { contactId: 'con_a', taskId: 't1', at: at('2026-03-24T07:00:00Z'), timezone: 'Europe/Tallinn' },
      { contactId: 'con_a', taskId: 't2', at: at('2026-03-24T07:00:00Z'), timezone: 'Europe/Tallinn' },
      { contactId: 'con_b', taskId: 't1', at: at('2026-03-24T07:00:00Z'), timezone: 'Europe/Tallinn' },
      // 22:30 UTC is already the 25th in Tallinn: another morning.
      { contactId: 'con_a', taskId: 't3', at: at('2026-03-24T22:30:00Z'), timezone: 'Europe/Tallinn' },
    ]);
    expect(groups.map((g) => [g.contactId, g.date, g.items.map((i) => i.taskId)])).toEqual([
      ['con_a', '2026-03-24', ['t1', 't2']],
      ['con_b', '2026-03-24', ['t1']],
      ['con_a', '2026-03-25', ['t3']],
    ]);
  });
});
