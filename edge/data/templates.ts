import { and, asc, eq, gt, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { activity, checklistItems, tasks, templates, works, type Recurrence, type TemplateTask } from '../../db/schema.ts';
import type { StaffCaller } from '../domain/caller.ts';
import { dueDateOf, sendInstantOf } from '../domain/templates.ts';
import { activityRow, recordActivity, recordActivityIfChanged, type Actor } from './activity.ts';
import { newTaskRows } from './firm-tasks.ts';
import { pageOf, type CursorKey } from './paging.ts';

export type TemplateRow = typeof templates.$inferSelect;

function templateView(t: TemplateRow) {
  return {
    id: t.id,
    kind: t.kind,
    title: t.title,
    description: t.description,
    tasks: t.tasks,
    recurrence: t.recurrence as Recurrence | null,
    selfService: t.selfService,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    version: t.version,
  };
}

export type TemplateView = ReturnType<typeof templateView>;

const live = (firmId: string) => and(eq(templates.firmId, firmId), isNull(templates.deletedAt));

/** The firm's templates by title, one page; `after` is the (title, id) the previous page ended on. */
export async function listTemplates(db: Db, firmId: string, filter: { kind?: 'work' | 'task'; q?: string }, page: { limit: number; after?: CursorKey | undefined }) {
  const where: (SQL | undefined)[] = [live(firmId)];
  if (filter.kind) where.push(eq(templates.kind, filter.kind));
  if (filter.q) where.push(sql`instr(lower(${templates.title}), lower(${filter.q})) > 0`);
  if (page.after) {
    const [title, id] = page.after as [string, string];
    where.push(or(gt(templates.title, title), and(eq(templates.title, title), gt(templates.id, id))));
  }
  const rows = await db.select().from(templates).where(and(...where)).orderBy(asc(templates.title), asc(templates.id)).limit(page.limit + 1);
  return pageOf(rows, page.limit, (r) => [r.title, r.id], templateView);
}

export async function findTemplateRow(db: Db, firmId: string, templateId: string): Promise<TemplateRow | null> {
  const [row] = await db.select().from(templates).where(and(live(firmId), eq(templates.id, templateId)));
  return row ?? null;
}

export async function getTemplate(db: Db, firmId: string, templateId: string): Promise<TemplateView | null> {
  const row = await findTemplateRow(db, firmId, templateId);
  return row ? templateView(row) : null;
}

export interface TemplateInput {
  kind: 'work' | 'task';
  title: string;
  description: string;
  tasks: TemplateTask[];
  recurrence: Recurrence | null;
  selfService: boolean;
}

export async function createTemplate(db: Db, caller: StaffCaller, input: TemplateInput, now: number): Promise<string> {
  const id = newId('tpl');
  await db.batch([
    db.insert(templates).values({ id, firmId: caller.firmId, ...input, createdAt: now, updatedAt: now }),
    recordActivity(db, { firmId: caller.firmId, subjectId: id, caller, action: 'template.created', at: now }),
  ]);
  return id;
}

/** Compare-and-set on version, with its history entry; a deleted template is never changed. */
export async function updateTemplate(
  db: Db,
  caller: StaffCaller,
  templateId: string,
  version: number,
  change: Partial<TemplateInput> & { deletedAt?: number },
  now: number,
): Promise<'done' | 'stale'> {
  const [updated] = await db.batch([
    db
      .update(templates)
      .set({ ...change, updatedAt: now, version: sql`${templates.version} + 1` })
      .where(and(live(caller.firmId), eq(templates.id, templateId), eq(templates.version, version)))
      .returning({ id: templates.id }),
    recordActivityIfChanged(db, {
      firmId: caller.firmId,
      subjectId: templateId,
      caller,
      action: change.deletedAt ? 'template.deleted' : 'template.edited',
      data: change.deletedAt ? undefined : { fields: Object.keys(change) },
      at: now,
    }),
  ]);
  return updated.length === 1 ? 'done' : 'stale';
}

/** The firm's self-service templates, by title, for the portal (only what a client may see of them). */
export async function listSelfServiceTemplates(db: Db, firmId: string) {
  return db
    .select({ id: templates.id, title: templates.title, description: templates.description })
    .from(templates)
    .where(and(live(firmId), eq(templates.selfService, true)))
    .orderBy(asc(templates.title), asc(templates.id))
    .limit(100);
}

// ---------- creating work and tasks from a template ----------

export interface TemplateInstances {
  firmId: string;
  timezone: string;
  morningHour: number;
  now: number;
  template: Pick<TemplateRow, 'id' | 'kind' | 'title' | 'tasks' | 'recurrence'>;
  clientIds: readonly string[];
  startDate: string;
  title: string;
  actor: Actor;
  /** Self-service: every task goes to the client at once, whatever its sending rule. */
  sendAllNow?: boolean;
  /** The repeating series this work continues (its first work's id and this one's occurrence); a first work starts its own. */
  series?: { seriesId: string; occurrence: number };
  /** Extra history entries on each work (e.g. `self_service_started`). */
  workAction?: string;
}

export interface PlannedWork {
  clientId: string;
  workId: string | null;
  taskIds: string[];
}

/** Rows per multi-row insert: well under SQLite's limit of bound parameters per statement. */
const ROWS_PER_INSERT = 400;

function chunked<T>(rows: T[], insert: (chunk: T[]) => BatchItem<'sqlite'>): BatchItem<'sqlite'>[] {
  const out: BatchItem<'sqlite'>[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) out.push(insert(rows.slice(i, i + ROWS_PER_INSERT)));
  return out;
}

/**
 * The bulk insert builder for "create from template": per client, a work
 * (for a work template) and its tasks with checklists and history entries,
 * as a few multi-row inserts to run in ONE batch with whatever the caller
 * adds (assignment notices, sending jobs). Each task is assigned now
 * (`immediate`, an offset already past, or `sendAllNow`), waits with
 * `send_at` for its offset (answered in `sends`), or stays a draft (`manual`).
 * Each task's rows come from `newTaskRows`, as a single new task's do.
 */
export function templateInstanceInserts(db: Db, input: TemplateInstances) {
  const { firmId, now, template, actor } = input;
  const taskRows: (typeof tasks.$inferInsert)[] = [];
  const checklistRows: (typeof checklistItems.$inferInsert)[] = [];
  const workRows: (typeof works.$inferInsert)[] = [];
  const activityRows: (typeof activity.$inferInsert)[] = [];
  const planned: PlannedWork[] = [];
  const sends: { taskId: string; clientId: string; runAt: number }[] = [];
  const assignedClients = new Set<string>();
  const history = (subjectId: string, action: string, data: Record<string, unknown>) =>
    activityRows.push(activityRow({ firmId, subjectId, caller: actor, action, data, at: now }));
  const isWork = template.kind === 'work';
  const recurrence = isWork ? (template.recurrence as Recurrence | null) : null;

  // The same for every client: each task's due date and sending moment (Intl-based, so computed once).
  const placed = template.tasks.map((t) => ({
    dueDate: dueDateOf(t, input.startDate),
    sendAt: !input.sendAllNow && t.sending.kind === 'offset' ? sendInstantOf(t.sending, input.startDate, input.morningHour, input.timezone) : null,
  }));

  for (const clientId of input.clientIds) {
    const workId = isWork ? newId('wrk') : null;
    if (workId) {
      const series = recurrence ? (input.series ?? { seriesId: workId, occurrence: 1 }) : null;
      workRows.push({
        id: workId, firmId, clientId, title: input.title, startDate: input.startDate, templateId: template.id,
        recurrence, seriesId: series?.seriesId ?? null, occurrence: series?.occurrence ?? null, createdAt: now, updatedAt: now,
      });
      history(workId, 'work.created', { templateId: template.id });
      if (input.workAction) history(workId, input.workAction, { templateId: template.id });
    }
    const taskIds: string[] = [];
    for (const [i, t] of template.tasks.entries()) {
      const { sendAt, dueDate } = placed[i]!;
      // An offset whose morning has already come is as good as immediate.
      const assignNow = input.sendAllNow || t.sending.kind === 'immediate' || (sendAt !== null && sendAt <= now);
      const rows = newTaskRows(
        { firmId, actor },
        {
          clientId, title: isWork ? t.title : input.title, description: t.description, dueDate, checklist: t.checklist,
          assign: assignNow, autoComplete: t.autoComplete, workId, section: isWork ? t.section : null, sendAt: assignNow ? null : sendAt,
          // 1 ms apart in the template's order: a work lists its tasks in creation order, as the template has them.
          createdAt: now + i,
          createdData: { assign: assignNow, templateId: template.id, ...(workId ? { workId } : {}) },
        },
        now,
      );
      taskIds.push(rows.taskId);
      if (assignNow) assignedClients.add(clientId);
      else if (sendAt !== null) sends.push({ taskId: rows.taskId, clientId, runAt: sendAt });
      taskRows.push(rows.task);
      checklistRows.push(...rows.checklist);
      activityRows.push(rows.created);
      if (input.workAction && !workId) history(rows.taskId, input.workAction, { templateId: template.id });
    }
    planned.push({ clientId, workId, taskIds });
  }

  // In key order: each insert lands beside the one before in the primary-key index, not on a random page of it.
  for (const rows of [workRows, taskRows, checklistRows, activityRows] as { id: string }[][]) rows.sort((a, b) => (a.id < b.id ? -1 : 1));
  const statements = [
    ...chunked(workRows, (rows) => db.insert(works).values(rows)),
    ...chunked(taskRows, (rows) => db.insert(tasks).values(rows)),
    ...chunked(checklistRows, (rows) => db.insert(checklistItems).values(rows)),
    ...chunked(activityRows, (rows) => db.insert(activity).values(rows)),
  ];
  return { statements, planned, sends, assignedClients: [...assignedClients] };
}

// ---------- what the jobs re-read ----------

/** A task a sending rule is about to assign, with its work's completion, as it is now. */
export async function findTaskToSend(db: Db, firmId: string, taskId: string) {
  const [row] = await db
    .select({ task: tasks, workCompletedAt: works.completedAt })
    .from(tasks)
    .leftJoin(works, and(eq(works.id, tasks.workId), eq(works.firmId, tasks.firmId)))
    .where(and(eq(tasks.firmId, firmId), eq(tasks.id, taskId)));
  return row ?? null;
}

/**
 * Assigns a task by its sending rule, only if it is still a draft waiting
 * for that very moment, with a history entry by the system, in one batch
 * with `sameBatch` (its assignment notices). Answers whether it assigned.
 */
export async function assignBySendingRule(db: Db, firmId: string, taskId: string, sendAt: number, now: number, sameBatch: BatchItem<'sqlite'>[]): Promise<boolean> {
  const [updated] = await db.batch([
    db
      .update(tasks)
      .set({ assignedAt: now, sendAt: null, updatedAt: now, version: sql`${tasks.version} + 1` })
      .where(and(eq(tasks.firmId, firmId), eq(tasks.id, taskId), eq(tasks.sendAt, sendAt), eq(tasks.stage, 'draft'), isNull(tasks.deletedAt)))
      .returning({ id: tasks.id }),
    db.run(sql`insert into ${activity} (id, firm_id, subject_id, actor_type, actor_id, action, data, at)
      select ${newId('act')}, ${firmId}, ${taskId}, 'system', null, 'task.sent_by_rule', null, ${now} where changes() = 1`),
    ...sameBatch,
  ]);
  return updated.length === 1;
}

/** A work of a repeating series, and whether the series already has its occurrence `n`. */
export async function findWorkRow(db: Db, firmId: string, workId: string) {
  const [row] = await db.select().from(works).where(and(eq(works.firmId, firmId), eq(works.id, workId)));
  return row ?? null;
}

export async function seriesHasOccurrence(db: Db, firmId: string, seriesId: string, occurrence: number): Promise<boolean> {
  const [row] = await db
    .select({ id: works.id })
    .from(works)
    .where(and(eq(works.firmId, firmId), eq(works.seriesId, seriesId), eq(works.occurrence, occurrence)));
  return row !== undefined;
}
