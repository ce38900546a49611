import { and, asc, desc, eq, exists, gt, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { checklistItems, firms, taskReads, tasks, works } from '../../db/schema.ts';
import { pageOf, type CursorKey } from './paging.ts';
import { clientStatus, isOverdue, type TaskState } from '../domain/tasks.ts';
import { todayIn } from '../../db/dates.ts';
import type { ContactCaller } from '../domain/caller.ts';
import { recordActivityIfChanged } from './activity.ts';
import { recordEventIfChanged } from './events.ts';
import { latestFilesOf } from './documents.ts';
import { taskVisibleTo } from './visibility.ts';
import { withUnreadMessages } from './messages.ts';

const summaryColumns = {
  id: tasks.id,
  clientId: tasks.clientId,
  title: tasks.title,
  dueDate: tasks.dueDate,
  firmState: tasks.firmState,
  clientState: tasks.clientState,
  assignedAt: tasks.assignedAt,
  withdrawnAt: tasks.withdrawnAt,
  clientDoneAt: tasks.clientDoneAt,
  completedAt: tasks.completedAt,
  checklistTotal: tasks.checklistTotal,
  checklistDone: tasks.checklistDone,
  workId: tasks.workId,
  workTitle: works.title,
  section: tasks.section,
  readAt: taskReads.readAt,
};

function summary(row: SummaryRow, today: string) {
  const state = row as TaskState;
  return {
    id: row.id,
    clientId: row.clientId,
    title: row.title,
    dueDate: row.dueDate,
    state: clientStatus(state),
    unread: row.readAt === null,
    overdue: isOverdue(state, today),
    assignedAt: row.assignedAt as number,
    checklistProgress: { done: row.checklistDone, total: row.checklistTotal },
    /** The work it belongs to and the section it is listed under there (null: none). */
    workId: row.workId,
    workTitle: row.workTitle,
    section: row.section,
    /** The firm completed it: it stays done, the client can no longer undo or tick. */
    completedByFirm: row.firmState === 'completed',
  };
}

export type PortalTaskSummary = ReturnType<typeof summary>;
type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['where']>>[number];

function summaryQuery(db: Db, caller: ContactCaller) {
  return db
    .select(summaryColumns)
    .from(tasks)
    .leftJoin(taskReads, and(eq(taskReads.taskId, tasks.id), eq(taskReads.contactId, caller.contactId)))
    .leftJoin(works, and(eq(works.firmId, caller.firmId), eq(works.id, tasks.workId)))
    .$dynamic();
}

/** The client's view of done, in SQL: marked done by them, or completed by the firm. */
const isDone = or(eq(tasks.clientState, 'done'), eq(tasks.firmState, 'completed'))!;
const doneAt = sql<number>`coalesce(${tasks.clientDoneAt}, ${tasks.completedAt})`;

/**
 * How each tab is ordered, and where a page after `key` starts. Open: by due
 * date (none last), then newest assignment first; done: newest done first.
 */
const tabs = {
  open: {
    where: and(eq(tasks.clientState, 'open'), eq(tasks.firmState, 'open'))!,
    orderBy: [sql`${tasks.dueDate} is null`, asc(tasks.dueDate), desc(tasks.assignedAt), desc(tasks.id)],
    keyOf: (r: SummaryRow): CursorKey => [r.dueDate, r.assignedAt, r.id],
    after([due, assigned, id]: CursorKey) {
      const sameDue = or(lt(tasks.assignedAt, Number(assigned)), and(eq(tasks.assignedAt, Number(assigned)), lt(tasks.id, String(id))));
      return due === null
        ? and(isNull(tasks.dueDate), sameDue)
        : or(isNull(tasks.dueDate), gt(tasks.dueDate, String(due)), and(eq(tasks.dueDate, String(due)), sameDue));
    },
  },
  done: {
    where: isDone,
    orderBy: [desc(doneAt), desc(tasks.id)],
    keyOf: (r: SummaryRow): CursorKey => [r.clientDoneAt ?? r.completedAt, r.id],
    after([at, id]: CursorKey) {
      return or(lt(doneAt, Number(at)), and(eq(doneAt, Number(at)), lt(tasks.id, String(id))));
    },
  },
} as const;

export type PortalTab = keyof typeof tabs;
export const CURSOR_LENGTH: Record<PortalTab, number> = { open: 3, done: 2 };

/**
 * One page of the contact's tasks in a tab, of one company or of all theirs.
 * A company not among the session's (`caller.clientIds`) answers null, for a
 * 404; the database decides the rest through the visibility rule, so access
 * switched off while a session is cached shows nothing.
 */
export async function listPortalTasks(
  db: Db,
  caller: ContactCaller,
  query: { clientId?: string | undefined; tab: PortalTab; limit: number; after?: CursorKey | undefined },
  now: number,
) {
  const { clientId, limit } = query;
  if (clientId !== undefined && !caller.clientIds.includes(clientId)) return null;
  if (caller.clientIds.length === 0) return { items: [], nextCursor: null };
  const tab = tabs[query.tab];
  const rows = await summaryQuery(db, caller)
    .where(
      and(
        taskVisibleTo(caller),
        // The session's companies only narrow the read to the index; the rule decides.
        clientId !== undefined ? eq(tasks.clientId, clientId) : inArray(tasks.clientId, [...caller.clientIds]),
        tab.where,
        query.after ? tab.after(query.after) : undefined,
      ),
    )
    .orderBy(...tab.orderBy)
    .limit(limit + 1);
  const today = todayIn(caller.timezone, now);
  const page = pageOf(rows, limit, tab.keyOf, (r) => summary(r, today));
  return { ...page, items: await withUnreadMessages(db, caller, 'task', page.items) };
}

/** One task with its checklist, if the contact may see it (checked in the database, not the session's cached companies). */
export async function getPortalTask(db: Db, caller: ContactCaller, taskId: string, now: number) {
  const [row] = await db
    .select({ ...summaryColumns, description: tasks.description, uploadsDoneAt: tasks.uploadsDoneAt, doneUploadingOffered: firms.doneUploadingEnabled })
    .from(tasks)
    .innerJoin(firms, eq(firms.id, tasks.firmId))
    .leftJoin(taskReads, and(eq(taskReads.taskId, tasks.id), eq(taskReads.contactId, caller.contactId)))
    .leftJoin(works, and(eq(works.firmId, caller.firmId), eq(works.id, tasks.workId)))
    .where(and(taskVisibleTo(caller), eq(tasks.id, taskId)));
  if (!row) return null;
  const items = await db
    .select({ id: checklistItems.id, text: checklistItems.text, doneAt: checklistItems.doneAt, requestsFile: checklistItems.requestsFile })
    .from(checklistItems)
    .where(and(eq(checklistItems.firmId, caller.firmId), eq(checklistItems.taskId, taskId)))
    .orderBy(asc(checklistItems.position));
  const [withUnread] = await withUnreadMessages(db, caller, 'task', [summary(row, todayIn(caller.timezone, now))]);
  const latest = await latestFilesOf(db, caller.firmId, items.filter((i) => i.requestsFile).map((i) => i.id), caller);
  return {
    ...withUnread!,
    description: row.description,
    checklist: items.map((i) => ({ id: i.id, text: i.text, done: i.doneAt !== null, requestsFile: i.requestsFile, file: latest.get(i.id) ?? null })),
    /** The firm's "Done uploading" button: offered, and when the contact last pressed it. */
    doneUploading: { offered: row.doneUploadingOffered, at: row.uploadsDoneAt },
  };
}

/** Records that the contact opened the task: the first time counts, and writes the `viewed` entry of its history. */
export function markRead(db: Db, caller: ContactCaller, taskId: string, now: number) {
  return [
    db.insert(taskReads).values({ firmId: caller.firmId, taskId, contactId: caller.contactId, readAt: now }).onConflictDoNothing(),
    recordActivityIfChanged(db, { firmId: caller.firmId, subjectId: taskId, caller, action: 'task.viewed', at: now }),
  ] as const;
}

/**
 * The contact marks a task done: completes it for the firm too when it has
 * auto-complete. Conditional on the task still being visible and open, so a
 * staff withdrawal or a second click in between changes nothing; the
 * history entry and the read mark go in the same batch.
 */
export async function completePortalTask(db: Db, caller: ContactCaller, taskId: string, now: number): Promise<void> {
  await db.batch([
    db
      .update(tasks)
      .set({
        clientState: 'done',
        clientDoneAt: now,
        updatedAt: now,
        version: sql`${tasks.version} + 1`,
        firmState: sql`case when ${tasks.autoComplete} then 'completed' else ${tasks.firmState} end`,
        completedAt: sql`case when ${tasks.autoComplete} then ${now} else ${tasks.completedAt} end`,
      })
      .where(and(taskVisibleTo(caller), eq(tasks.id, taskId), eq(tasks.clientState, 'open'), eq(tasks.firmState, 'open'))),
    recordActivityIfChanged(db, { firmId: caller.firmId, subjectId: taskId, caller, action: 'task.client_done', at: now }),
    // Only when the task was still open for the firm (the update's condition): "a client completed a task the firm has not completed".
    ...recordEventIfChanged(db, { firmId: caller.firmId, kind: 'task.client_completed', subjectId: taskId, caller, at: now }),
    ...markRead(db, caller, taskId, now),
  ]);
}

/**
 * The contact takes back their "done": only while the firm has not
 * completed the task (then it answers `'completed'`, for a 409) and the task
 * is still visible to them; nothing else changes.
 */
export async function reopenPortalTask(db: Db, caller: ContactCaller, taskId: string, now: number): Promise<'done' | 'completed'> {
  const [reopened] = await db.batch([
    db
      .update(tasks)
      .set({ clientState: 'open', clientDoneAt: null, updatedAt: now, version: sql`${tasks.version} + 1` })
      .where(and(taskVisibleTo(caller), eq(tasks.id, taskId), eq(tasks.clientState, 'done'), eq(tasks.firmState, 'open')))
      .returning({ id: tasks.id }),
    recordActivityIfChanged(db, { firmId: caller.firmId, subjectId: taskId, caller, action: 'task.client_undone', at: now }),
  ]);
  if (reopened.length === 1) return 'done';
  const [row] = await db.select({ firmState: tasks.firmState }).from(tasks).where(and(taskVisibleTo(caller), eq(tasks.id, taskId)));
  return row?.firmState === 'completed' ? 'completed' : 'done';
}

/**
 * Ticks or unticks one checklist item of a task the contact may see and the
 * firm has not completed, with its history entry and the task's counts in
 * the same batch. Answers `'missing'` (no such task for them, or no such
 * item on it) or `'completed'` without writing anything.
 */
export async function tickChecklistItem(
  db: Db,
  caller: ContactCaller,
  taskId: string,
  itemId: string,
  done: boolean,
  now: number,
): Promise<'done' | 'missing' | 'completed' | 'needs_file'> {
  const [task] = await db.select({ firmState: tasks.firmState }).from(tasks).where(and(taskVisibleTo(caller), eq(tasks.id, taskId)));
  if (!task) return 'missing';
  const [item] = await db
    .select({ text: checklistItems.text, requestsFile: checklistItems.requestsFile })
    .from(checklistItems)
    .where(and(eq(checklistItems.firmId, caller.firmId), eq(checklistItems.taskId, taskId), eq(checklistItems.id, itemId)));
  if (!item) return 'missing';
  if (task.firmState === 'completed') return 'completed';
  // A document request is done by sending its file (and undone by the firm asking again), never by a tick.
  if (item.requestsFile) return 'needs_file';
  const stillOpen = exists(
    db.select({ one: sql`1` }).from(tasks).where(and(taskVisibleTo(caller), eq(tasks.id, taskId), eq(tasks.firmState, 'open'))),
  );
  const doneCount = sql`(select count(*) from ${checklistItems} where ${checklistItems.firmId} = ${caller.firmId} and ${checklistItems.taskId} = ${taskId} and ${checklistItems.doneAt} is not null)`;
  await db.batch([
    db
      .update(checklistItems)
      .set(done ? { doneAt: now, doneBy: caller.contactId } : { doneAt: null, doneBy: null })
      .where(
        and(
          eq(checklistItems.firmId, caller.firmId),
          eq(checklistItems.taskId, taskId),
          eq(checklistItems.id, itemId),
          done ? isNull(checklistItems.doneAt) : isNotNull(checklistItems.doneAt),
          stillOpen,
        ),
      ),
    recordActivityIfChanged(db, { firmId: caller.firmId, subjectId: taskId, caller, action: 'task.checklist_ticked', data: { itemId, text: item.text, done }, at: now }),
    db
      .update(tasks)
      .set({ checklistDone: doneCount, updatedAt: now, version: sql`${tasks.version} + 1` })
      .where(and(eq(tasks.firmId, caller.firmId), eq(tasks.id, taskId), sql`${tasks.checklistDone} <> ${doneCount}`)),
  ]);
  return 'done';
}
