import { describe, expect, expectTypeOf, it } from 'vitest';
import type { TemplateTask as StoredTemplateTask } from '../../db/schema.ts';
import { dueDateOf, previewTemplate, sendDateOf, sendInstantOf, templateProblem, type TemplateTask } from './templates.ts';

describe('a template task', () => {
  it('is the shape the database stores', () => {
    expectTypeOf<StoredTemplateTask>().toEqualTypeOf<TemplateTask>();
  });
});

const task = (over: Partial<TemplateTask> = {}): TemplateTask => ({
  section: null, title: 'T', description: '', checklist: [], dueOffsetDays: null, sending: { kind: 'immediate' }, autoComplete: false, ...over,
});

describe('relative dates', () => {
  it.each([
    ['2028-02-20', 9, '2028-02-29'], // leap year
    ['2027-02-20', 9, '2027-03-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-29', 0, '2026-03-29'], // the DST change in Tallinn moves no date
  ])('from %s, %i days is %s', (start, days, expected) => {
    expect(dueDateOf({ dueOffsetDays: days }, start)).toBe(expected);
    expect(sendDateOf({ kind: 'offset', days }, start, '2000-01-01')).toBe(expected);
  });

  it('sends immediate today, manual never, and no due offset means no due date', () => {
    expect(sendDateOf({ kind: 'immediate' }, '2030-01-01', '2026-05-05')).toBe('2026-05-05');
    expect(sendDateOf({ kind: 'manual' }, '2030-01-01', '2026-05-05')).toBeNull();
    expect(dueDateOf({ dueOffsetDays: null }, '2030-01-01')).toBeNull();
  });

  it.each([
    ['2026-03-28', 1, '2026-03-29T06:00:00.000Z'], // summer time starts that night: 9:00 is UTC+3
    ['2026-03-27', 1, '2026-03-28T07:00:00.000Z'], // still winter: UTC+2
    ['2026-10-24', 1, '2026-10-25T07:00:00.000Z'], // winter again
  ])('an offset from %s by %i sends at 9:00 in Tallinn: %s', (start, days, iso) => {
    expect(new Date(sendInstantOf({ kind: 'offset', days }, start, 9, 'Europe/Tallinn')).toISOString()).toBe(iso);
  });
});

describe('templateProblem', () => {
  const today = '2026-06-01';
  it.each([
    ['no tasks', { kind: 'work' as const, tasks: [], recurrence: null }, 'tasks'],
    ['a task template of two', { kind: 'task' as const, tasks: [task(), task()], recurrence: null }, 'tasks'],
    ['a task template of none', { kind: 'task' as const, tasks: [], recurrence: null }, 'tasks'],
    ['due before sent', { kind: 'work' as const, tasks: [task(), task({ dueOffsetDays: -1, sending: { kind: 'offset', days: 0 } })], recurrence: null }, 'tasks.1.dueOffsetDays'],
    ['a repeating task template', { kind: 'task' as const, tasks: [task()], recurrence: { freq: 'monthly' as const } }, 'recurrence'],
    ['weekly work', { kind: 'work' as const, tasks: [task()], recurrence: { freq: 'weekly' as const } }, 'recurrence.freq'],
    ['a series of one', { kind: 'work' as const, tasks: [task()], recurrence: { freq: 'yearly' as const, count: 1 } }, 'recurrence'],
    ['an end in the past', { kind: 'work' as const, tasks: [task()], recurrence: { freq: 'monthly' as const, until: '2026-01-01' } }, 'recurrence'],
  ])('refuses %s', (_, template, path) => {
    expect(templateProblem(template, today)?.path).toBe(path);
  });

  it.each([
    ['due on the sending day', [task({ dueOffsetDays: 3, sending: { kind: 'offset', days: 3 } })]],
    ['due before the start but sent earlier', [task({ dueOffsetDays: -2, sending: { kind: 'offset', days: -5 } })]],
    ['a manual task due any time', [task({ dueOffsetDays: -30, sending: { kind: 'manual' } })]],
  ])('accepts %s', (_, tasks) => {
    expect(templateProblem({ kind: 'work', tasks, recurrence: { freq: 'quarterly', day: -1 } }, today)).toBeNull();
  });
});

describe('previewTemplate', () => {
  it('groups by section in first-appearance order, keeping task order', () => {
    const preview = previewTemplate([task({ section: 'B', title: '1' }), task({ section: null, title: '2' }), task({ section: 'B', title: '3' })], '2030-01-01', '2029-12-01');
    expect(preview.sections.map((s) => [s.title, s.tasks.map((x) => x.title)])).toEqual([['B', ['1', '3']], [null, ['2']]]);
  });
});
