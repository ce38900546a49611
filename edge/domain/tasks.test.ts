import { describe, expect, it } from 'vitest';
import { isCalendarDate } from './calendar.ts';
import { actionsFrom, applyAction, canApply, clientStatus, firmStatus, isOverdue, type TaskState } from './tasks.ts';

const base: TaskState = { firmState: 'open', clientState: 'open', assignedAt: null, withdrawnAt: null, dueDate: null };

describe('task states', () => {
  it('derive the firm status', () => {
    expect(firmStatus(base)).toBe('draft');
    expect(firmStatus({ ...base, assignedAt: 1 })).toBe('assigned');
    expect(firmStatus({ ...base, assignedAt: 1, withdrawnAt: 2 })).toBe('withdrawn');
    expect(firmStatus({ ...base, assignedAt: 1, firmState: 'completed' })).toBe('completed');
  });

  it('allow exactly these transitions', () => {
    const table = Object.fromEntries(
      (['draft', 'assigned', 'withdrawn', 'completed'] as const).map((s) => [s, (['assign', 'withdraw', 'complete', 'reopen'] as const).filter((a) => canApply(a, s))]),
    );
    expect(table).toEqual({
      draft: ['assign', 'complete'],
      assigned: ['withdraw', 'complete'],
      withdrawn: ['assign', 'complete'],
      completed: ['reopen'],
    });
  });

  it('offer as actions exactly the transitions allowed now', () => {
    expect(Object.fromEntries((['draft', 'assigned', 'withdrawn', 'completed'] as const).map((s) => [s, actionsFrom(s)]))).toEqual({
      draft: ['assign', 'complete'],
      assigned: ['withdraw', 'complete'],
      withdrawn: ['assign', 'complete'],
      completed: ['reopen'],
    });
  });

  it('reopen clears both sides', () => {
    expect(applyAction('reopen', 5)).toEqual({ firmState: 'open', clientState: 'open', completedAt: null, clientDoneAt: null });
    expect(applyAction('assign', 5)).toEqual({ assignedAt: 5, withdrawnAt: null });
  });

  it('are overdue only after the due date and while open', () => {
    const t = { ...base, assignedAt: 1, dueDate: '2026-03-10' };
    expect(isOverdue(t, '2026-03-10')).toBe(false);
    expect(isOverdue(t, '2026-03-11')).toBe(true);
    expect(isOverdue({ ...t, clientState: 'done' }, '2026-03-11')).toBe(false);
    expect(isOverdue({ ...t, firmState: 'completed' }, '2026-03-11')).toBe(false);
    expect(isOverdue({ ...t, dueDate: null }, '2099-01-01')).toBe(false);
    expect(clientStatus({ ...t, firmState: 'completed' })).toBe('done');
  });
});

describe('calendar', () => {
  it('accepts only real dates written YYYY-MM-DD', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    for (const bad of ['2026-02-29', '2026-13-01', '2026-1-1', '10.03.2026', '', '2026-03-10T00:00']) expect(isCalendarDate(bad), bad).toBe(false);
  });
});
