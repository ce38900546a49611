/**
 * The reminder ladder and the life of a task link in emails: pure rules over
 * plain data, the clock passed in. The jobs that send reminders ask these
 * functions when the next one is due and re-ask after every change (a
 * resend, a new due date, completion), so the database row stays the truth.
 */
import { addDays, todayIn } from '../../db/dates.ts';
import { instantAt } from './calendar.ts';

export const DAY_MS = 86_400_000;
/** At most this many automatic reminders per task; a manual resend starts the count again. */
export const REMINDER_CAP = 5;
/** A custom ladder has at most this many rules, each at most this many days away. */
export const CUSTOM_RULES_MAX = 10;
export const CUSTOM_DAYS_MAX = 365;
/** A task link is valid this long after the first email or a resend, and after each reminder. */
export const LINK_DAYS_AFTER_EMAIL = 30;
export const LINK_DAYS_AFTER_REMINDER = 60;

/** One rung of a custom ladder: `days` after the task was sent, before its due date, or after it. */
export interface CustomRule {
  from: 'sent' | 'before_due' | 'after_due';
  days: number;
}

export type ReminderPolicy =
  | { kind: 'none' }
  /** 7 days before due, on the due date, then daily while overdue. Nothing without a due date. */
  | { kind: 'gentle' }
  /** Daily from the day after sending. */
  | { kind: 'urgent' }
  | { kind: 'custom'; rules: CustomRule[] };

/** Why a policy cannot be used, or null when it can. */
export function reminderPolicyProblem(policy: ReminderPolicy): string | null {
  if (policy.kind !== 'custom') return null;
  if (policy.rules.length === 0) return 'A custom reminder ladder needs at least one rule.';
  if (policy.rules.length > CUSTOM_RULES_MAX) return `A custom reminder ladder has at most ${CUSTOM_RULES_MAX} rules.`;
  for (const rule of policy.rules) {
    if (!Number.isInteger(rule.days) || rule.days < 0 || rule.days > CUSTOM_DAYS_MAX) {
      return `Each rule's days must be a whole number from 0 to ${CUSTOM_DAYS_MAX}.`;
    }
    if (rule.from === 'sent' && rule.days === 0) return 'A reminder 0 days after sending would arrive with the task itself.';
  }
  return null;
}

/** What the ladder needs to know about a task. */
export interface ReminderState {
  policy: ReminderPolicy;
  /** When the task was first emailed to its contacts (UTC ms); null while it never was. */
  sentAt: number | null;
  dueDate: string | null;
  /** Automatic reminders sent since the task was sent or last resent. */
  count: number;
  /** The last reminder or manual resend (UTC ms), or null. */
  lastAt: number | null;
  /** Nothing more to remind: completed, withdrawn, done by the client, or of a completed work. */
  settled: boolean;
}

/** Where and when reminders go out: the morning hour on the wall clock of `timezone`. */
export interface ReminderClock {
  timezone: string;
  hour: number;
}

/**
 * The instant of the next automatic reminder, or null when there is none.
 * Reminders fall on whole local days after the sending (or the last
 * reminder): never two on one day, and never on the day the task arrived.
 * An instant in the past means "due now" (the server was down that
 * morning): one reminder goes out, the missed ones are not caught up.
 */
export function nextReminderAt(state: ReminderState, clock: ReminderClock): number | null {
  if (state.settled || state.sentAt === null || state.count >= REMINDER_CAP) return null;
  const sentDate = todayIn(clock.timezone, state.sentAt);
  const after = todayIn(clock.timezone, Math.max(state.sentAt, state.lastAt ?? 0));
  const date = nextLadderDate(state.policy, sentDate, state.dueDate, after);
  return date === null ? null : instantAt(date, clock.hour, clock.timezone);
}

/** The first date of the ladder strictly after `after` (a local calendar date). */
function nextLadderDate(policy: ReminderPolicy, sentDate: string, dueDate: string | null, after: string): string | null {
  const later = (dates: Array<string | null>) => dates.filter((d): d is string => d !== null && d > after).sort()[0] ?? null;
  switch (policy.kind) {
    case 'none':
      return null;
    case 'urgent':
      return addDays(after, 1);
    case 'gentle':
      if (dueDate === null) return null;
      // The daily overdue rungs are open-ended: the first of them after `after` is the day after the later of the two.
      return later([addDays(dueDate, -7), dueDate, addDays(dueDate > after ? dueDate : after, 1)]);
    case 'custom':
      return later(
        policy.rules.map((rule) => {
          if (rule.from === 'sent') return addDays(sentDate, rule.days);
          if (dueDate === null) return null;
          return addDays(dueDate, rule.from === 'before_due' ? -rule.days : rule.days);
        }),
      );
  }
}

/** Where a reminder stands on its ladder, for wording that changes as it goes (identical repeats look like spam). */
export type ReminderStep = 'first' | 'again' | 'due_today' | 'overdue' | 'last';

export function reminderStep(state: Pick<ReminderState, 'count' | 'dueDate'>, sendDate: string): ReminderStep {
  if (state.count + 1 >= REMINDER_CAP) return 'last';
  if (state.dueDate !== null && sendDate === state.dueDate) return 'due_today';
  if (state.dueDate !== null && sendDate > state.dueDate) return 'overdue';
  return state.count === 0 ? 'first' : 'again';
}

/** Something that extends a task link's life: its first email, a reminder, or a manual resend. */
export interface LinkEvent {
  kind: 'email' | 'reminder' | 'resend';
  at: number;
}

/**
 * When a task link stops working after `event`, given when it would have
 * stopped (`current`, null before the first email). Validity only grows: a
 * clock moved back or a late event never cuts a link short.
 */
export function linkExpiry(current: number | null, event: LinkEvent): number {
  const days = event.kind === 'reminder' ? LINK_DAYS_AFTER_REMINDER : LINK_DAYS_AFTER_EMAIL;
  return Math.max(current ?? 0, event.at + days * DAY_MS);
}

/** A reminder ready to go to one contact. */
export interface DueReminder {
  contactId: string;
  taskId: string;
  at: number;
  timezone: string;
}

/** Reminders of one contact on the same local morning go out as one email: groups keyed by contact and local date. */
export function groupByMorning<T extends DueReminder>(due: readonly T[]): Array<{ contactId: string; date: string; items: T[] }> {
  const groups = new Map<string, { contactId: string; date: string; items: T[] }>();
  for (const item of due) {
    const date = todayIn(item.timezone, item.at);
    const key = `${item.contactId}\u0000${date}`;
    const group = groups.get(key) ?? { contactId: item.contactId, date, items: [] };
    group.items.push(item);
    groups.set(key, group);
  }
  return [...groups.values()];
}
