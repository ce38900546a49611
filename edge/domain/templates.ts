/**
 * Templates: pure rules over a template's tasks, placed relative to a work's
 * start date (calendar dates in the firm's timezone, so DST never moves a date).
 */
import { addDays } from '../../db/dates.ts';
import { instantAt } from './calendar.ts';
import { recurrenceProblem, type Recurrence } from './recurrence.ts';

/** When a template's task goes to the client (db/schema.ts stores this shape as JSON). */
export type SendingRule = { kind: 'offset'; days: number } | { kind: 'immediate' } | { kind: 'manual' };

/** A template's checklist entry: a text, or a text that asks for a file (a document request), as a task's checklist takes them. */
export type TemplateChecklistEntry = string | { text: string; requestsFile: true };

/** The text of a checklist entry, whichever form it has. */
export const entryText = (entry: TemplateChecklistEntry): string => (typeof entry === 'string' ? entry : entry.text);

/** One task of a template, placed relative to the work's start date (db/schema.ts stores this shape as JSON). */
export interface TemplateTask {
  /** The client section it is listed under (null: none). */
  section: string | null;
  title: string;
  description: string;
  checklist: TemplateChecklistEntry[];
  /** Due this many days after (negative: before) the start date; null: no due date. */
  dueOffsetDays: number | null;
  sending: SendingRule;
  autoComplete: boolean;
}

/** Most tasks one template holds (the contract's limit). */
export const MAX_TEMPLATE_TASKS = 50;

/** The due date of a template task for a work starting on `startDate`; null: no due date. */
export function dueDateOf(task: Pick<TemplateTask, 'dueOffsetDays'>, startDate: string): string | null {
  return task.dueOffsetDays === null ? null : addDays(startDate, task.dueOffsetDays);
}

/** The calendar date a sending rule sends on: an offset from the start date, `today` when immediate, null when manual. */
export function sendDateOf(rule: SendingRule, startDate: string, today: string): string | null {
  switch (rule.kind) {
    case 'offset':
      return addDays(startDate, rule.days);
    case 'immediate':
      return today;
    case 'manual':
      return null;
  }
}

/** The instant an offset rule assigns its task: the morning hour of its send date in the firm's timezone. */
export function sendInstantOf(rule: Extract<SendingRule, { kind: 'offset' }>, startDate: string, morningHour: number, timezone: string): number {
  return instantAt(addDays(startDate, rule.days), morningHour, timezone);
}

/**
 * Why a template cannot be saved, with the path of the offending field, or
 * null when it can: no tasks, a task template with more than one, a task due
 * before its sending date, or a recurrence that never reaches a second date.
 */
export function templateProblem(template: {
  kind: 'work' | 'task';
  tasks: readonly TemplateTask[];
  recurrence: Recurrence | null;
}, today: string): { path: string; message: string } | null {
  if (template.tasks.length === 0) return { path: 'tasks', message: 'A template holds at least one task' };
  if (template.kind === 'task' && template.tasks.length !== 1) return { path: 'tasks', message: 'A single-task template holds exactly one task' };
  for (const [i, task] of template.tasks.entries()) {
    if (task.sending.kind === 'offset' && task.dueOffsetDays !== null && task.dueOffsetDays < task.sending.days) {
      return { path: `tasks.${i}.dueOffsetDays`, message: 'The task would be due before it is sent' };
    }
  }
  if (template.recurrence) {
    if (template.kind === 'task') return { path: 'recurrence', message: 'Only a work template repeats; a recurring task is made as a task' };
    if (template.recurrence.freq === 'weekly') return { path: 'recurrence.freq', message: 'A work template repeats monthly, quarterly or yearly' };
    const problem = recurrenceProblem(template.recurrence, today);
    if (problem) return { path: 'recurrence', message: problem };
  }
  return null;
}

export interface PreviewTask {
  title: string;
  description: string;
  checklist: string[];
  dueDate: string | null;
  /** null: sent by hand ("Send to client"). */
  sendDate: string | null;
}

/** What the client will see for a work starting on `startDate`: tasks grouped by section, sections in first-appearance order. */
export function previewTemplate(tasks: readonly TemplateTask[], startDate: string, today: string): { sections: { title: string | null; tasks: PreviewTask[] }[] } {
  const sections = new Map<string | null, PreviewTask[]>();
  for (const task of tasks) {
    const list = sections.get(task.section) ?? [];
    list.push({
      title: task.title,
      description: task.description,
      checklist: task.checklist.map(entryText),
      dueDate: dueDateOf(task, startDate),
      sendDate: sendDateOf(task.sending, startDate, today),
    });
    sections.set(task.section, list);
  }
  return { sections: [...sections].map(([title, list]) => ({ title, tasks: list })) };
}
