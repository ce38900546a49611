import { describe, expect, it } from 'vitest';
import { ATTACHMENT_BUDGET, base64Size, EMAIL_SIZE_LIMIT, planDigitisation } from './digitise.ts';

const MB = 1000 * 1000;

describe('splitting files into digitisation emails', () => {
  it('counts attachments as base64: 3 bytes become 4, padded', () => {
    expect([0, 1, 2, 3, 4, 6, 7].map(base64Size)).toEqual([0, 4, 4, 4, 8, 8, 12]);
  });

  it('keeps every email under the provider limit, encoded', () => {
    expect(ATTACHMENT_BUDGET).toBeLessThan(EMAIL_SIZE_LIMIT);
    const files = Array.from({ length: 9 }, (_, i) => ({ id: `f${i}`, size: (1 + i) * 0.7 * MB }));
    const plan = planDigitisation(files);
    const size = new Map(files.map((f) => [f.id, f.size]));
    for (const part of plan.parts) expect(part.reduce((sum, id) => sum + base64Size(size.get(id)!), 0)).toBeLessThanOrEqual(ATTACHMENT_BUDGET);
    expect(plan.parts.flat().sort()).toEqual(files.map((f) => f.id).sort());
  });

  it('sends small files in one email, in the order given', () => {
    expect(planDigitisation([{ id: 'a', size: 100 }, { id: 'b', size: 200 }, { id: 'c', size: 300 }])).toEqual({ parts: [['a', 'b', 'c']], skipped: [] });
  });

  it('puts a file into the first email with room for it', () => {
    // 3 MB raw is 4 MB encoded: two fit in one email, a third does not; the 1 MB file still fits beside the first two.
    const plan = planDigitisation([{ id: 'a', size: 3 * MB }, { id: 'b', size: 3 * MB }, { id: 'c', size: 3 * MB }, { id: 'd', size: 1 * MB }]);
    expect(plan).toEqual({ parts: [['a', 'b', 'd'], ['c']], skipped: [] });
  });

  it('skips a file too big to go even alone, and sends the rest', () => {
    // 10 MiB raw is about 14 MB encoded.
    const plan = planDigitisation([{ id: 'big', size: 10 * 1024 * 1024 }, { id: 'small', size: 1000 }]);
    expect(plan).toEqual({ parts: [['small']], skipped: ['big'] });
  });

  it('takes a file that exactly fills the budget, and not one byte more', () => {
    const exact = (ATTACHMENT_BUDGET / 4) * 3;
    expect(planDigitisation([{ id: 'x', size: exact }]).parts).toEqual([['x']]);
    expect(planDigitisation([{ id: 'y', size: exact + 1 }]).skipped).toEqual(['y']);
  });

  it('plans nothing for no files', () => {
    expect(planDigitisation([])).toEqual({ parts: [], skipped: [] });
  });
});
