import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Recurrence as StoredRecurrence } from '../../db/schema.ts';
import { instantAt } from './calendar.ts';
import { nextOccurrence, occurrenceDate, recurrenceProblem, type Recurrence } from './recurrence.ts';

describe('a recurring series', () => {
  it('is the shape the database stores', () => {
    expectTypeOf<StoredRecurrence>().toEqualTypeOf<Recurrence>();
  });

  it.each([
    // rule, first date, occurrence, expected date
    [{ freq: 'weekly' }, '2026-12-28', 2, '2027-01-04'],
    [{ freq: 'weekly' }, '2027-03-22', 2, '2027-03-29'], // across the spring DST change in Europe
    [{ freq: 'monthly' }, '2027-01-31', 2, '2027-02-28'],
    [{ freq: 'monthly' }, '2027-01-31', 3, '2027-03-31'], // back to the 31st, no drift
    [{ freq: 'monthly' }, '2028-01-31', 2, '2028-02-29'], // leap year
    [{ freq: 'monthly', day: -1 }, '2027-04-30', 2, '2027-05-31'],
    [{ freq: 'monthly', day: -1 }, '2027-01-31', 2, '2027-02-28'],
    [{ freq: 'monthly', day: 15 }, '2027-01-15', 13, '2028-01-15'],
    [{ freq: 'quarterly' }, '2026-11-30', 2, '2027-02-28'],
    [{ freq: 'quarterly', day: -1 }, '2027-03-31', 2, '2027-06-30'],
    [{ freq: 'quarterly' }, '2026-12-15', 5, '2027-12-15'],
    [{ freq: 'yearly' }, '2028-02-29', 2, '2029-02-28'],
    [{ freq: 'yearly' }, '2028-02-29', 5, '2032-02-29'],
    [{ freq: 'yearly', day: -1 }, '2027-02-28', 2, '2028-02-29'],
  ] as const)('%j from %s: occurrence %i is %s', (rule, first, n, expected) => {
    expect(occurrenceDate(rule, first, n)).toBe(expected);
  });

  it('starts on its first date', () => {
    expect(occurrenceDate({ freq: 'monthly' }, '2027-05-20', 1)).toBe('2027-05-20');
  });

  it('ends at its count', () => {
    const rule = { freq: 'monthly' as const, count: 3 };
    expect(nextOccurrence(rule, '2027-01-10', 1)).toEqual({ n: 2, date: '2027-02-10' });
    expect(nextOccurrence(rule, '2027-01-10', 2)).toEqual({ n: 3, date: '2027-03-10' });
    expect(nextOccurrence(rule, '2027-01-10', 3)).toBeNull();
  });

  it('ends at its end date, which may fall on an occurrence', () => {
    const rule = { freq: 'weekly' as const, until: '2027-01-15' };
    expect(nextOccurrence(rule, '2027-01-01', 1)).toEqual({ n: 2, date: '2027-01-08' });
    expect(nextOccurrence(rule, '2027-01-01', 2)).toEqual({ n: 3, date: '2027-01-15' });
    expect(nextOccurrence(rule, '2027-01-01', 3)).toBeNull();
  });

  it.each([
    [{ freq: 'monthly', until: '2027-01-01' }, '2027-02-01', /before the first date/],
    [{ freq: 'monthly', count: 1 }, '2027-02-01', /ends before its second date/],
    [{ freq: 'monthly', until: '2027-02-27' }, '2027-02-01', /ends before its second date/],
    [{ freq: 'weekly', day: 3 }, '2027-02-01', /weekly/],
  ] as const)('refuses %j starting %s', (rule, first, problem) => {
    expect(recurrenceProblem(rule, first)).toMatch(problem);
  });

  it('accepts a rule with a second date', () => {
    expect(recurrenceProblem({ freq: 'monthly', day: -1, count: 2 }, '2027-02-28')).toBeNull();
    expect(recurrenceProblem({ freq: 'yearly', until: '2028-02-29' }, '2027-02-28')).toBeNull();
  });
});

describe('a morning hour in the firm timezone', () => {
  it.each([
    ['2027-01-15', 9, 'Europe/Tallinn', '2027-01-15T07:00:00.000Z'], // winter, UTC+2
    ['2027-07-15', 9, 'Europe/Tallinn', '2027-07-15T06:00:00.000Z'], // summer, UTC+3
    ['2027-03-28', 9, 'Europe/Tallinn', '2027-03-28T06:00:00.000Z'], // the day clocks go forward (03:00 -> 04:00)
    ['2027-10-31', 9, 'Europe/Tallinn', '2027-10-31T07:00:00.000Z'], // the day clocks go back
    ['2027-03-28', 3, 'Europe/Tallinn', '2027-03-28T01:00:00.000Z'], // a skipped hour resolves to the one after
    ['2027-03-14', 9, 'America/New_York', '2027-03-14T13:00:00.000Z'],
    ['2027-06-01', 9, 'UTC', '2027-06-01T09:00:00.000Z'],
    ['2027-06-01', 9, 'Asia/Kolkata', '2027-06-01T03:30:00.000Z'],
  ])('%s %i:00 in %s is %s', (date, hour, timezone, expected) => {
    expect(new Date(instantAt(date, hour, timezone)).toISOString()).toBe(expected);
  });
});
