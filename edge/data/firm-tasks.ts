import { and, asc, desc, eq, inArray, isNull, lt, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { activity, checklistItems, clients, requests, tasks, works, type Recurrence } from '../../db/schema.ts';
import type { StaffCaller } from '../domain/caller.ts';
import { actionsFrom, applyAction, firmStatus, isOverdue, type TaskAction } from '../domain/tasks.ts';
import { pageOf } from './paging.ts';
import { threadAudience, unreadCounts } from './messages.ts';
import { recordEventIfChanged } from './events.ts';
import { activityRow, actorColumns, recordActivityIfChanged, type Actor } from './activity.ts';
import { latestFilesOf } from './documents.ts';
import { likeContaining } from './search.ts';
import { requestVisibleToMember } from './visibility.ts';

export type TaskRow = typeof tasks.$inferSelect;
/** Writes of another module (the assignment notice's jobs) that must commit with the task change or not at all. */
export type SameBatch = BatchItem<'sqlite'>[];
/** A list of statements known to be non-empty, as `db.batch` wants it. */
export const asBatch = (items: SameBatch) => items as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]];
type ChecklistRow = Pick<typeof checklistItems.$inferSelect, 'id' | 'taskId' | 'text' | 'doneAt' | 'requestsFile'> & {
  /** A document request's latest live version (null: none yet, or not a document request). */
  latestFile: { id: string; name: string; review: { state: 'pending' | 'accepted' | 'rejected'; reason: string | null } } | null;
};
/** A checklist entry as given: its text, or the text and whether it asks for a file (a document request). */
export type ChecklistEntry = string | { text: string; requestsFile?: boolean | undefined };
const entryText = (entry: ChecklistEntry) => (typeof entry === 'string' ? entry : entry.text);
const entryRequestsFile = (entry: ChecklistEntry) => typeof entry !== 'string' && entry.requestsFile === true;

/** A task as staff see it; only the fields a caller may see. */
function firmTaskView(task: TaskRow, clientName: string, items: ChecklistRow[], today: string, unreadMessages: number, fromRequest: { id: string; subject: string } | null) {
  const status = firmStatus(task);
  return {
    id: task.id,
    clientId: task.clientId,
    clientName,
    title: task.title,
    description: task.description,
    dueDate: task.dueDate,
    status,
    /** The board's state: "done by client, waiting for you" is `client_done`. */
    stage: task.stage as Stage,
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
    checklistItems: items.map((i) => ({ id: i.id, text: i.text, done: i.doneAt !== null, requestsFile: i.requestsFile, latestFile: i.latestFile })),
    /** Compare-and-set: send it back with an edit or a delete; a stale one answers 409. */
    version: task.version,
    workId: task.workId,
    section: task.section,
    /** Addressed to this one contact of the client (only they see it); null: every contact with access. */
    contactId: task.contactId,
    recurrence: task.recurrence,
    seriesId: task.seriesId,
    occurrence: task.occurrence,
    sendAt: task.sendAt,
    reminderPolicy: task.reminderPolicy,
    reminderRules: task.reminderRules,
    /** Automatic reminders since the task was first emailed or last resent (at most 5). */
    reminderCount: task.reminderCount,
    firstEmailedAt: task.firstEmailedAt,
    lastReminderAt: task.lastReminderAt,
    /** Until when the task's links in emails open it. */
    linkExpiresAt: task.linkExpiresAt,
    /** Messages in its conversation the reader has not seen (internal comments included; not their own). */
    unreadMessages,
    /** The request it was made from, when the reader may see that request. */
    fromRequest,
  };
}

export type FirmTask = ReturnType<typeof firmTaskView>;
/** How the history names each transition. */
const PAST = { assign: 'assigned', withdraw: 'withdrawn', complete: 'completed', reopen: 'reopened' } as const satisfies Record<TaskAction, string>;

export type Stage = NonNullable<TaskRow['stage']>;

async function checklistsOf(db: Db, firmId: string, taskIds: string[]) {
  if (taskIds.length === 0) return new Map<string, ChecklistRow[]>();
  const rows = await db
    .select({ id: checklistItems.id, taskId: checklistItems.taskId, text: checklistItems.text, doneAt: checklistItems.doneAt, requestsFile: checklistItems.requestsFile })
    .from(checklistItems)
    .where(and(eq(checklistItems.firmId, firmId), inArray(checklistItems.taskId, taskIds)))
    .orderBy(asc(checklistItems.position));
  const latest = await latestFilesOf(db, firmId, rows.filter((r) => r.requestsFile).map((r) => r.id));
  const byTask = new Map<string, ChecklistRow[]>();
  for (const row of rows) byTask.set(row.taskId, [...(byTask.get(row.taskId) ?? []), { ...row, latestFile: latest.get(row.id) ?? null }]);
  return byTask;
}

/** The board's filters; each names a record the caller has checked is of the firm. */
export interface TaskFilters {
  stage?: Stage | undefined;
  overdue?: boolean | undefined;
  clientId?: string | undefined;
  workId?: string | undefined;
  /** The client's responsible member. */
  responsibleId?: string | undefined;
  /** A piece of the title, any case. */
  q?: string | undefined;
}

/** `%` and `_` in a search are letters, not wildcards. */

/**
 * One page of the firm's tasks (not deleted), newest first, after the cursor
 * `(createdAt, id)`. Every filter narrows an index that starts with the firm
 * (stage, client, work), so no page reads the firm's whole table.
 */
export async function listFirmTasks(
  db: Db,
  firmId: string,
  today: string,
  filters: TaskFilters,
  page: { limit: number; after?: readonly [number, string] | undefined },
  reader: StaffCaller,
) {
  const conditions: (SQL | undefined)[] = [eq(tasks.firmId, firmId), isNull(tasks.deletedAt)];
  if (filters.stage) conditions.push(eq(tasks.stage, filters.stage));
  if (filters.clientId) conditions.push(eq(tasks.clientId, filters.clientId));
  if (filters.workId) conditions.push(eq(tasks.workId, filters.workId));
  if (filters.responsibleId) {
    const theirs = db.select({ id: clients.id }).from(clients).where(and(eq(clients.firmId, firmId), eq(clients.responsibleMemberId, filters.responsibleId)));
    conditions.push(inArray(tasks.clientId, theirs));
  }
  if (filters.overdue) conditions.push(lt(tasks.dueDate, today), eq(tasks.firmState, 'open'), eq(tasks.clientState, 'open'));
  if (filters.q) conditions.push(sql`${tasks.title} like ${likeContaining(filters.q)} escape '\\'`);
  if (page.after) {
    const [createdAt, id] = page.after;
    conditions.push(or(lt(tasks.createdAt, createdAt), and(eq(tasks.createdAt, createdAt), lt(tasks.id, id))));
  }
  const rows = await db
    .select({ task: tasks, clientName: clients.name })
    .from(tasks)
    .innerJoin(clients, and(eq(clients.firmId, firmId), eq(clients.id, tasks.clientId)))
    .where(and(...conditions))
    .orderBy(desc(tasks.createdAt), desc(tasks.id))
    .limit(page.limit + 1);
  const shownIds = rows.slice(0, page.limit).map((r) => r.task.id);
  const [lists, unread, origins] = await Promise.all([checklistsOf(db, firmId, shownIds), unreadCounts(db, reader, 'task', shownIds), requestsOfTasks(db, reader, shownIds)]);
  return pageOf(
    rows,
    page.limit,
    (r) => [r.task.createdAt, r.task.id],
    (r) => firmTaskView(r.task, r.clientName, lists.get(r.task.id) ?? [], today, unread.get(r.task.id) ?? 0, origins.get(r.task.id) ?? null),
  );
}

/** The task, unless it is of another firm or deleted (then null, for a 404). */
export async function findFirmTaskRow(db: Db, firmId: string, taskId: string): Promise<TaskRow | null> {
  const [row] = await db.select().from(tasks).where(and(eq(tasks.firmId, firmId), eq(tasks.id, taskId), isNull(tasks.deletedAt)));
  return row ?? null;
}

export async function getFirmTask(db: Db, firmId: string, taskId: string, today: string, reader: StaffCaller): Promise<FirmTask | null> {
  const [row] = await db
    .select({ task: tasks, clientName: clients.name })
    .from(tasks)
    .innerJoin(clients, and(eq(clients.firmId, firmId), eq(clients.id, tasks.clientId)))
    .where(and(eq(tasks.firmId, firmId), eq(tasks.id, taskId), isNull(tasks.deletedAt)));
  if (!row) return null;
  const [lists, unread, origins] = await Promise.all([checklistsOf(db, firmId, [taskId]), unreadCounts(db, reader, 'task', [taskId]), requestsOfTasks(db, reader, [taskId])]);
  return firmTaskView(row.task, row.clientName, lists.get(taskId) ?? [], today, unread.get(taskId) ?? 0, origins.get(taskId) ?? null);
}

/** The requests these tasks were made from, of those the reader may see (a request is seen only by those it is directed to). */
async function requestsOfTasks(db: Db, reader: StaffCaller, taskIds: string[]): Promise<Map<string, { id: string; subject: string }>> {
  const found = new Map<string, { id: string; subject: string }>();
  if (taskIds.length === 0) return found;
  const rows = await db
    .select({ id: requests.id, subject: requests.subject, taskId: requests.taskId })
    .from(requests)
    .where(and(eq(requests.firmId, reader.firmId), inArray(requests.taskId, taskIds), requestVisibleToMember(reader)));
  for (const row of rows) found.set(row.taskId!, { id: row.id, subject: row.subject });
  return found;
}

export async function findClient(db: Db, firmId: string, clientId: string) {
  const [row] = await db.select().from(clients).where(and(eq(clients.firmId, firmId), eq(clients.id, clientId)));
  return row ?? null;
}

/** A new task's fields; the optional ones default to "none". */
export interface NewTask {
  clientId: string;
  title: string;
  description: string;
  dueDate: string | null;
  checklist: ChecklistEntry[];
  /** Assign it to the portal at once (`now`). */
  assign: boolean;
  autoComplete: boolean;
  workId?: string | null;
  section?: string | null;
  /** Addressed to one contact of the client (the caller checked they are); null: every contact with access. */
  contactId?: string | null;
  recurrence?: Recurrence | null;
  /** Of a series: its first task's id (the first task itself leaves it out and gets its own id) and its number. */
  seriesId?: string | null;
  occurrence?: number | null;
  /** When a sending rule assigns it (a job of the caller's); null: no rule pending. */
  sendAt?: number | null;
}

/** A new task's rows: the one place its values are built, for the single insert and the bulk one alike. */
export interface NewTaskRows {
  taskId: string;
  task: typeof tasks.$inferInsert;
  checklist: (typeof checklistItems.$inferInsert)[];
  /** The `task.created` history entry. */
  created: typeof activity.$inferInsert;
  /** The `task.assigned` entry when it is assigned at once (the bulk path records that in `created`'s data instead). */
  assigned: typeof activity.$inferInsert | null;
}

/**
 * The rows of one new task of `firmId`: the task with its defaults and
 * checklist count, series fields, checklist items and history entries.
 * `createdAt` (default `now`) lets a bulk creation order its tasks 1 ms apart;
 * `createdData` is the `created` entry's data.
 */
export function newTaskRows(
  scope: { firmId: string; actor: Actor },
  input: NewTask & { createdAt?: number; createdData?: Record<string, unknown>; taskId?: string },
  now: number,
): NewTaskRows {
  const taskId = input.taskId ?? newId('tsk');
  const { firmId, actor } = scope;
  const recurrence = input.recurrence ?? null;
  return {
    taskId,
    task: {
      id: taskId,
      firmId,
      clientId: input.clientId,
      title: input.title,
      description: input.description,
      dueDate: input.dueDate,
      autoComplete: input.autoComplete,
      checklistTotal: input.checklist.length,
      assignedAt: input.assign ? now : null,
      createdBy: actorColumns(actor).actorId,
      createdAt: input.createdAt ?? now,
      updatedAt: now,
      workId: input.workId ?? null,
      section: input.section ?? null,
      contactId: input.contactId ?? null,
      recurrence,
      seriesId: input.seriesId ?? (recurrence ? taskId : null),
      occurrence: input.occurrence ?? (recurrence ? 1 : null),
      sendAt: input.sendAt ?? null,
    },
    checklist: input.checklist.map((entry, position) => ({ id: newId('chk'), firmId, taskId, text: entryText(entry), position, requestsFile: entryRequestsFile(entry) })),
    created: activityRow({ firmId, subjectId: taskId, caller: actor, action: 'task.created', data: input.createdData, at: now }),
    assigned: input.assign ? activityRow({ firmId, subjectId: taskId, caller: actor, action: 'task.assigned', at: now }) : null,
  };
}

/**
 * The inserts that create one task of `firmId` with its checklist and its
 * `created` history entry, to run in the caller's own batch. The caller has
 * checked that the client (and work) are of the firm. With `assign`, it is
 * assigned at `now` (the caller adds the assignment notice:
 * `assignmentNoticeJobs`). A recurring task (recurrence set, no seriesId)
 * becomes the first of its series; the caller schedules the next occurrence
 * (`nextOccurrenceJob`). Many tasks at once: `templateInstanceInserts`.
 */
export function newTaskInserts(db: Db, scope: { firmId: string; actor: Actor }, input: NewTask, now: number): { taskId: string; inserts: SameBatch } {
  const rows = newTaskRows(scope, input, now);
  const inserts: SameBatch = [
    db.insert(tasks).values(rows.task),
    ...(rows.checklist.length > 0 ? [db.insert(checklistItems).values(rows.checklist)] : []),
    // Created before assigned: entries of the same instant are read in write order.
    db.insert(activity).values(rows.assigned ? [rows.created, rows.assigned] : [rows.created]),
  ];
  return { taskId: rows.taskId, inserts };
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
  // Who is told of a withdrawal: those who saw the task just before it (read now, while it is still visible).
  const withdrawnFrom = action === 'withdraw' ? await threadAudience(db, caller.firmId, { kind: 'task', id: row.id, clientId: row.clientId }) : [];
  const [updated] = await db.batch([
    db
      .update(tasks)
      .set({ ...applyAction(action, now), updatedAt: now, version: sql`${tasks.version} + 1` })
      .where(and(eq(tasks.firmId, caller.firmId), eq(tasks.id, row.id), eq(tasks.version, row.version)))
      .returning({ id: tasks.id }),
    recordActivityIfChanged(db, { firmId: caller.firmId, subjectId: row.id, caller, action: `task.${PAST[action]}`, data: { from: firmStatus(row) }, at: now }),
    ...(action === 'withdraw' ? recordEventIfChanged(db, { firmId: caller.firmId, kind: 'task.withdrawn', subjectId: row.id, caller, data: { contactIds: withdrawnFrom }, at: now }) : []),
    ...sameBatch,
  ]);
  return updated.length === 1 ? 'done' : 'stale';
}

/** What an edit may change; a field left out stays as it is. */
export interface TaskEdit {
  title?: string | undefined;
  description?: string | undefined;
  dueDate?: string | null | undefined;
  autoComplete?: boolean | undefined;
  reminderPolicy?: TaskRow['reminderPolicy'] | undefined;
  reminderRules?: TaskRow['reminderRules'] | undefined;
  workId?: string | null | undefined;
  section?: string | null | undefined;
  contactId?: string | null | undefined;
  recurrence?: Recurrence | null | undefined;
  /**
   * Replaces the list: an item with an id keeps its done state, one without is added, one missing is removed; order as given.
   * `requestsFile` left out keeps an item's (a new one: false).
   */
  checklist?: { id?: string | undefined; text: string; requestsFile?: boolean | undefined }[] | undefined;
}

const EDITABLE = ['title', 'description', 'dueDate', 'autoComplete', 'reminderPolicy', 'reminderRules', 'workId', 'section', 'contactId', 'recurrence', 'checklist'] as const;

/** The fields an edit really changes, against the task as read (what the `edited` entry names). */
export function changedFields(row: TaskRow, items: { id: string; text: string; requestsFile: boolean }[], edit: TaskEdit): string[] {
  const asRead = new Map(items.map((i) => [i.id, i.requestsFile]));
  return EDITABLE.filter((field) => {
    if (edit[field] === undefined) return false;
    if (field === 'checklist') {
      const given = edit.checklist!.map((i) => [i.id ?? null, i.text, i.requestsFile ?? (i.id ? asRead.get(i.id) : false) ?? false]);
      return JSON.stringify(given) !== JSON.stringify(items.map((i) => [i.id, i.text, i.requestsFile]));
    }
    return JSON.stringify(edit[field]) !== JSON.stringify(row[field]);
  });
}

/** The task's checklist items as stored, in order (for an edit to compare against). */
export async function checklistOf(db: Db, firmId: string, taskId: string) {
  return (await checklistsOf(db, firmId, [taskId])).get(taskId) ?? [];
}

/**
 * Applies an edit made from `row` as one batch: every statement is
 * conditional on the task still being at `row.version` and not deleted, so
 * an edit that lost a race writes nothing at all (no checklist item dropped
 * by a stale list) and answers `'stale'`. A recurring task without a series
 * becomes the first of one; `sameBatch` (the recurrence job) commits with it.
 */
export async function updateTask(
  db: Db,
  caller: StaffCaller,
  row: TaskRow,
  edit: TaskEdit,
  fields: string[],
  now: number,
  sameBatch: SameBatch = [],
): Promise<'done' | 'stale'> {
  const unchanged = sql`exists (select 1 from ${tasks} where ${tasks.firmId} = ${caller.firmId} and ${tasks.id} = ${row.id}
    and ${tasks.version} = ${row.version} and ${tasks.deletedAt} is null)`;
  const checklistWrites: SameBatch = [];
  if (edit.checklist) {
    const kept = edit.checklist.flatMap((i) => (i.id ? [i.id] : []));
    checklistWrites.push(
      db
        .delete(checklistItems)
        .where(and(eq(checklistItems.firmId, caller.firmId), eq(checklistItems.taskId, row.id), kept.length ? notInArray(checklistItems.id, kept) : undefined, unchanged)),
    );
    edit.checklist.forEach((item, position) => {
      checklistWrites.push(
        item.id
          ? db
              .update(checklistItems)
              .set({ text: item.text, position, ...(item.requestsFile === undefined ? {} : { requestsFile: item.requestsFile }) })
              .where(and(eq(checklistItems.firmId, caller.firmId), eq(checklistItems.taskId, row.id), eq(checklistItems.id, item.id), unchanged))
          : db.run(sql`insert into ${checklistItems} (id, firm_id, task_id, text, position, requests_file)
              select ${newId('chk')}, ${caller.firmId}, ${row.id}, ${item.text}, ${position}, ${item.requestsFile ? 1 : 0} where ${unchanged}`),
      );
    });
  }
  const { checklist: _checklist, ...columns } = edit;
  const startsSeries = edit.recurrence && !row.seriesId ? { seriesId: row.id, occurrence: 1 } : {};
  const countOf = (done: boolean) =>
    sql`(select count(*) from ${checklistItems} where ${checklistItems.firmId} = ${caller.firmId} and ${checklistItems.taskId} = ${row.id}${done ? sql` and ${checklistItems.doneAt} is not null` : sql``})`;
  const results = await db.batch(asBatch([
    ...checklistWrites,
    db
      .update(tasks)
      .set({ ...columns, ...startsSeries, checklistTotal: countOf(false), checklistDone: countOf(true), updatedAt: now, version: sql`${tasks.version} + 1` })
      .where(and(eq(tasks.firmId, caller.firmId), eq(tasks.id, row.id), eq(tasks.version, row.version), isNull(tasks.deletedAt)))
      .returning({ id: tasks.id }),
    recordActivityIfChanged(db, { firmId: caller.firmId, subjectId: row.id, caller, action: 'task.edited', data: { fields }, at: now }),
    ...sameBatch,
  ]));
  const updated = results[checklistWrites.length] as { id: string }[];
  return updated.length === 1 ? 'done' : 'stale';
}

/** Soft-deletes the task as read (compare-and-set on its version); its history stays. */
export async function deleteTask(db: Db, caller: StaffCaller, row: TaskRow, now: number): Promise<'done' | 'stale'> {
  const [deleted] = await db.batch([
    db
      .update(tasks)
      .set({ deletedAt: now, updatedAt: now, version: sql`${tasks.version} + 1` })
      .where(and(eq(tasks.firmId, caller.firmId), eq(tasks.id, row.id), eq(tasks.version, row.version), isNull(tasks.deletedAt)))
      .returning({ id: tasks.id }),
    recordActivityIfChanged(db, { firmId: caller.firmId, subjectId: row.id, caller, action: 'task.deleted', at: now }),
  ]);
  return deleted.length === 1 ? 'done' : 'stale';
}

/** Whether a work is of the firm (a task may only belong to the firm's own work, of the same client). */
export async function findWork(db: Db, firmId: string, workId: string) {
  const [row] = await db.select({ id: works.id, clientId: works.clientId }).from(works).where(and(eq(works.firmId, firmId), eq(works.id, workId)));
  return row ?? null;
}
