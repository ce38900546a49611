/**
 * Recurrence of tasks and work: pure rules over calendar dates (`YYYY-MM-DD`,
 * read in the firm's timezone, so DST never moves a date).
 *
 * Every occurrence is computed from the series' first date rather than from
 * the one before it, so a series due on the 31st comes back to the 31st after
 * a short month instead of drifting to the 28th.
 */
import { addDays } from '../../db/dates.ts';

/** How a task or a template repeats (db/schema.ts stores this shape as JSON). */
export interface Recurrence {
  freq: 'weekly' | 'monthly' | 'quarterly' | 'yearly';
  /** Monthly, quarterly, yearly: the day of the month (1-31, clamped to the month's length), or -1 for the last day. */
  day?: number;
  /** Stop after this calendar date. */
  until?: string;
  /** Stop after this many occurrences in all. */
  count?: number;
}

const MONTHS_PER_STEP = { monthly: 1, quarterly: 3, yearly: 12 } as const;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');


/**
 * The date of occurrence `n` (1 = the first, `first` itself) of a series that
 * starts on `first`. Monthly, quarterly and yearly series fall on `rule.day`
 * (or `first`'s day), clamped to the month's length; -1 is the last day.
 */
export function occurrenceDate(rule: Recurrence, first: string, n: number): string {
  if (rule.freq === 'weekly') return addDays(first, 7 * (n - 1));
  const [y, m, d] = first.split('-').map(Number) as [number, number, number];
  const months = m - 1 + MONTHS_PER_STEP[rule.freq] * (n - 1);
  const year = y + Math.floor(months / 12);
  const month = (months % 12) + 1;
  const last = daysInMonth(year, month);
  const wanted = rule.day ?? d;
  const day = wanted === -1 ? last : Math.min(wanted, last);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/**
 * The occurrence after occurrence `n`, or null when the series has ended
 * (its count is reached or the next date is past `until`). `first` is the
 * date of occurrence `firstN` (1 unless the series was re-based on an edited
 * occurrence).
 */
export function nextOccurrence(rule: Recurrence, first: string, n: number, firstN = 1): { n: number; date: string } | null {
  if (rule.count !== undefined && n >= rule.count) return null;
  const date = occurrenceDate(rule, first, n + 2 - firstN);
  if (rule.until !== undefined && date > rule.until) return null;
  return { n: n + 1, date };
}

/**
 * The first occurrence after occurrence `n` that falls on or after `today`,
 * or null when the series ends before it. A series started in the past
 * resumes at the present instead of catching up on every missed period.
 */
export function nextOccurrenceFrom(rule: Recurrence, first: string, n: number, today: string, firstN = 1): { n: number; date: string } | null {
  let next = nextOccurrence(rule, first, n, firstN);
  while (next && next.date < today) next = nextOccurrence(rule, first, next.n, firstN);
  return next;
}

/**
 * Why a rule cannot be used for a series starting on `first`, or null when it
 * can: an end before the start, or a rule that never reaches a second date
 * (a series of one is a one-time task).
 */
export function recurrenceProblem(rule: Recurrence, first: string): string | null {
  if (rule.until !== undefined && rule.until < first) return 'The end date is before the first date';
  if (rule.freq === 'weekly' && rule.day !== undefined) return 'A weekly series repeats on the weekday of its first date; day is for monthly, quarterly and yearly';
  if (nextOccurrence(rule, first, 1) === null) return 'The series ends before its second date: make it a one-time task';
  return null;
}
