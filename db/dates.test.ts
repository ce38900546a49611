import { describe, expect, it } from 'vitest';
import { addDays, todayIn } from './dates.ts';

describe('calendar dates', () => {
  it("reads today in the firm's timezone", () => {
    const instant = Date.parse('2026-03-10T22:30:00Z');
    expect(todayIn('Europe/Tallinn', instant)).toBe('2026-03-11');
    expect(todayIn('America/New_York', instant)).toBe('2026-03-10');
    expect(todayIn('UTC', instant)).toBe('2026-03-10');
  });

  it('counts days across month and leap-year ends', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});
