/**
 * Calendar dates as the database keeps them: `YYYY-MM-DD`, read in the
 * firm's timezone. Here rather than in edge/ so the demo seed can use them
 * too (db/ imports nothing from edge/).
 */

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Today's calendar date (`YYYY-MM-DD`) in a timezone, at instant `now` (UTC ms). */
export function todayIn(timezone: string, now: number): string {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timezone, f);
  }
  return f.format(now);
}

/** The calendar date `days` after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
