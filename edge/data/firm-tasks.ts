import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { checklistItems, clientContacts, clients, contacts, tasks, type Recurrence } from '../../db/schema.ts';
import type { StaffCaller } from '../domain/caller.ts';
import { actionsFrom, applyAction, firmStatus, isOverdue, type TaskAction } from '../domain/tasks.ts';
import { recordActivity, recordActivityIfChanged, type Actor } from './activity.ts';

export type TaskRow = typeof tasks.$inferSelect;
/** Writes of another module (the assignment notice's jobs) that must commit with the task change or not at all. */
export type SameBatch = BatchItem<'sqlite'>[];
type ChecklistRow = Pick<typeof checklistItems.$inferSelect, 'id' | 'taskId' | 'text' | 'doneAt'>;

/** A task as staff see it; only the fields a caller may see. */
function firmTaskView(task: TaskRow, items: ChecklistRow[], today: string) {
  const status = firmStatus(task);
  return {
    id: task.id,
    clientId: task.clientId,
    title: task.title,
    description: task.description,
    dueDate: task.dueDate,
    status,
    /** The transitions the caller may take now (`POST /firm/tasks/:id/<action>`). */
    actions: actionsFrom(status),
    clientState: task.clientState,
    /** Due before today in the firm's timezone and not done: the same rule the client sees. */
    overdue: isOverdue(task, today),
    autoComplete: task.autoComplete,
    assignedAt: task.assignedAt,
    withdrawnAt: task.withdrawnAt,
    completedAt: task.completedAt,
    createdAt: task.createdAt,
    checklistItems: items.map((i) => ({ id: i.id, text: i.text, done: i.doneAt !== null })),
  };
}

export type FirmTask = ReturnType<typeof firmTaskView>;

async function checklistsOf(db: Db, firmId: string, taskIds: string[]) {
  if (taskIds.length === 0) return new Map<string, ChecklistRow[]>();
  const rows = await db
    .select({ id: checklistItems.id, taskId: checklistItems.taskId, text: checklistItems.text, doneAt: checklistItems.doneAt })
    .from(checklistItems)
    .where(and(eq(checklistItems.firmId, firmId), inArray(checklistItems.taskId, taskIds)))
    .orderBy(asc(checklistItems.position));
  const byTask = new Map<string, ChecklistRow[]>();
  for (const row of rows) byTask.set(row.taskId, [...(byTask.get(row.taskId) ?? []), row]);
  return byTask;
}

export async function listFirmTasks(db: Db, firmId: string, today: string, clientId?: string): Promise<FirmTask[]> {
  const rows = await db
    .select()
    .from(tasks)
    .where(clientId ? and(eq(tasks.firmId, firmId), eq(tasks.clientId, clientId)) : eq(tasks.firmId, firmId))
    .orderBy(desc(tasks.createdAt))
    .limit(500);
  const lists = await checklistsOf(db, firmId, rows.map((r) => r.id));
  return rows.map((r) => firmTaskView(r, lists.get(r.id) ?? [], today));
}

export async function findFirmTaskRow(db: Db, firmId: string, taskId: string): Promise<TaskRow | null> {
  const [row] = await db.select().from(tasks).where(and(eq(tasks.firmId, firmId), eq(tasks.id, taskId)));
  return row ?? null;
}

export async function getFirmTask(db: Db, firmId: string, taskId: string, today: string): Promise<FirmTask | null> {
  const row = await findFirmTaskRow(db, firmId, taskId);
  if (!row) return null;
  const lists = await checklistsOf(db, firmId, [row.id]);
  return firmTaskView(row, lists.get(row.id) ?? [], today);
}

export async function findClient(db: Db, firmId: string, clientId: string) {
  const [row] = await db.select().from(clients).where(and(eq(clients.firmId, firmId), eq(clients.id, clientId)));
  return row ?? null;
}

export async function listClientsWithContacts(db: Db, firmId: string) {
  const rows = await db.select().from(clients).where(eq(clients.firmId, firmId)).orderBy(asc(clients.name));
  const links = await db
    .select({ clientId: clientContacts.clientId, id: contacts.id, email: contacts.email, name: contacts.name })
    .from(clientContacts)
    .innerJoin(contacts, and(eq(contacts.id, clientContacts.contactId), eq(contacts.firmId, firmId)))
    .where(eq(clientContacts.firmId, firmId))
    .orderBy(asc(contacts.name));
  return rows.map((c) => ({
    id: c.id,
    name: c.name,
    portalOpen: c.portalOpen,
    responsibleMemberId: c.responsibleMemberId,
    contacts: links.filter((l) => l.clientId === c.id).map(({ id, email, name }) => ({ id, email, name })),
  }));
}

/** A new task's fields; the optional ones default to "none". */
export interface NewTask {
  clientId: string;
  title: string;
  description: string;
  dueDate: string | null;
  checklist: string[];
  /** Assign it to the portal at once (`now`). */
  assign: boolean;
  autoComplete: boolean;
  workId?: string | null;
  section?: string | null;
  recurrence?: Recurrence | null;
  /** Of a series: its first task's id (the first task itself leaves it out and gets its own id) and its number. */
  seriesId?: string | null;
  occurrence?: number | null;
  /** When a sending rule assigns it (a job of the caller's); null: no rule pending. */
  sendAt?: number | null;
}

/**
 * The inserts that create one task of `firmId` with its checklist and its
 * `created` history entry, to run in the caller's own batch (bulk creation
 * puts many tasks' inserts in one batch). The caller has checked that the
 * client (and work) are of the firm. A recurring task (recurrence set)
 * becomes the first of its series.
 */
export function newTaskInserts(db: Db, scope: { firmId: string; actor: Actor }, input: NewTask, now: number): { taskId: string; inserts: SameBatch } {
  const taskId = newId('tsk');
  const { firmId, actor } = scope;
  const recurrence = input.recurrence ?? null;
  const inserts: SameBatch = [
    db.insert(tasks).values({
      id: taskId,
      firmId,
      clientId: input.clientId,
      title: input.title,
      description: input.description,
      dueDate: input.dueDate,
      autoComplete: input.autoComplete,
      checklistTotal: input.checklist.length,
      assignedAt: input.assign ? now : null,
      createdBy: actorId(actor),
      createdAt: now,
      updatedAt: now,
      workId: input.workId ?? null,
      section: input.section ?? null,
      recurrence,
      seriesId: input.seriesId ?? (recurrence ? taskId : null),
      occurrence: input.occurrence ?? (recurrence ? 1 : null),
      sendAt: input.sendAt ?? null,
    }),
    ...input.checklist.map((text, position) => db.insert(checklistItems).values({ id: newId('chk'), firmId, taskId, text, position })),
    recordActivity(db, { firmId, subjectId: taskId, caller: actor, action: 'task.created', data: { assign: input.assign }, at: now }),
  ];
  return { taskId, inserts };
}

function actorId(actor: Actor): string | null {
  switch (actor.kind) {
    case 'member':
      return actor.memberId;
    case 'apikey':
      return actor.keyId;
    case 'contact':
      return actor.contactId;
    case 'system':
      return null;
  }
}

/** Creates a task of the caller's firm with its checklist and history entry, in one batch; answers its id. */
export async function createTask(db: Db, caller: StaffCaller, input: NewTask, now: number, sameBatch: SameBatch = []): Promise<string> {
  const { taskId, inserts } = newTaskInserts(db, { firmId: caller.firmId, actor: caller }, input, now);
  await db.batch([inserts[0]!, ...inserts.slice(1), ...sameBatch]);
  return taskId;
}

/**
 * Applies an allowed transition to the task as it was read (`row`):
 * compare-and-set on its version, so of two changes made from the same read
 * exactly one wins and the other answers `'stale'`, writing nothing (no
 * history entry, none of `sameBatch`'s effects that depend on it).
 */
export async function transitionTask(
  db: Db,
  caller: StaffCaller,
  row: TaskRow,
  action: TaskAction,
  now: number,
  sameBatch: SameBatch = [],
): Promise<'done' | 'stale'> {
  const [updated] = await db.batch([
    db
      .update(tasks)
      .set({ ...applyAction(action, now), updatedAt: now, version: sql`${tasks.version} + 1` })
      .where(and(eq(tasks.firmId, caller.firmId), eq(tasks.id, row.id), eq(tasks.version, row.version)))
      .returning({ id: tasks.id }),
    recordActivityIfChanged(db, { firmId: caller.firmId, subjectId: row.id, caller, action: `task.${action}`, data: { from: firmStatus(row) }, at: now }),
    ...sameBatch,
  ]);
  return updated.length === 1 ? 'done' : 'stale';
}
