import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { checklistItems, taskReads, tasks } from '../../db/schema.ts';
import { clientStatus, isOverdue, type TaskState } from '../domain/tasks.ts';
import { todayIn } from '../../db/dates.ts';
import type { ContactCaller } from '../domain/caller.ts';
import { recordActivityIfChanged } from './activity.ts';
import { taskVisibleTo } from './visibility.ts';

const summaryColumns = {
  id: tasks.id,
  clientId: tasks.clientId,
  title: tasks.title,
  dueDate: tasks.dueDate,
  firmState: tasks.firmState,
  clientState: tasks.clientState,
  assignedAt: tasks.assignedAt,
  withdrawnAt: tasks.withdrawnAt,
  checklistTotal: tasks.checklistTotal,
  checklistDone: tasks.checklistDone,
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
    checklist: { done: row.checklistDone, total: row.checklistTotal },
  };
}

export type PortalTaskSummary = ReturnType<typeof summary>;

/** Open tasks first, then by due date (none last), then newest assignment first. */
function byUrgency(a: PortalTaskSummary, b: PortalTaskSummary): number {
  if (a.state !== b.state) return a.state === 'open' ? -1 : 1;
  if (a.dueDate !== b.dueDate) {
    if (a.dueDate === null) return 1;
    if (b.dueDate === null) return -1;
    return a.dueDate < b.dueDate ? -1 : 1;
  }
  return b.assignedAt - a.assignedAt;
}

/** The one-company list, built and prepared once per database: it is the portal's hottest read. */
function prepareCompanyList(db: Db) {
  return db
    .select(summaryColumns)
    .from(tasks)
    .leftJoin(taskReads, and(eq(taskReads.taskId, tasks.id), eq(taskReads.contactId, sql.placeholder('contactId'))))
    .where(and(taskVisibleTo({ firmId: sql.placeholder('firmId'), contactId: sql.placeholder('contactId') }), eq(tasks.clientId, sql.placeholder('clientId'))))
    .prepare();
}
const companyLists = new WeakMap<Db, ReturnType<typeof prepareCompanyList>>();
type SummaryRow = Awaited<ReturnType<ReturnType<typeof prepareCompanyList>['all']>>[number];

/**
 * The contact's tasks, of one company or of all theirs. A company not among
 * the session's (`caller.clientIds`) answers null, for a 404; the database
 * decides the rest through the visibility rule, so access switched off while
 * a session is cached shows nothing.
 */
export async function listPortalTasks(db: Db, caller: ContactCaller, clientId: string | undefined, now: number) {
  if (clientId !== undefined && !caller.clientIds.includes(clientId)) return null;
  let rows: SummaryRow[];
  if (clientId !== undefined) {
    let list = companyLists.get(db);
    if (!list) companyLists.set(db, (list = prepareCompanyList(db)));
    rows = await list.all({ firmId: caller.firmId, contactId: caller.contactId, clientId });
  } else if (caller.clientIds.length === 0) {
    rows = [];
  } else {
    rows = await db
      .select(summaryColumns)
      .from(tasks)
      .leftJoin(taskReads, and(eq(taskReads.taskId, tasks.id), eq(taskReads.contactId, caller.contactId)))
      // The session's companies only narrow the scan to the index; the rule decides.
      .where(and(taskVisibleTo(caller), inArray(tasks.clientId, [...caller.clientIds])));
  }
  const today = todayIn(caller.timezone, now);
  return rows.map((r) => summary(r, today)).sort(byUrgency);
}

/** One task with its checklist, if the contact may see it (checked in the database, not the session's cached companies). */
export async function getPortalTask(db: Db, caller: ContactCaller, taskId: string, now: number) {
  const [row] = await db
    .select({ ...summaryColumns, description: tasks.description })
    .from(tasks)
    .leftJoin(taskReads, and(eq(taskReads.taskId, tasks.id), eq(taskReads.contactId, caller.contactId)))
    .where(and(taskVisibleTo(caller), eq(tasks.id, taskId)));
  if (!row) return null;
  const items = await db
    .select({ id: checklistItems.id, text: checklistItems.text, doneAt: checklistItems.doneAt })
    .from(checklistItems)
    .where(and(eq(checklistItems.firmId, caller.firmId), eq(checklistItems.taskId, taskId)))
    .orderBy(asc(checklistItems.position));
  return {
    ...summary(row, todayIn(caller.timezone, now)),
    description: row.description,
    checklistItems: items.map((i) => ({ id: i.id, text: i.text, done: i.doneAt !== null })),
  };
}

/** Records that the contact opened the task (the first time counts). */
export function markRead(db: Db, caller: ContactCaller, taskId: string, now: number) {
  return db
    .insert(taskReads)
    .values({ firmId: caller.firmId, taskId, contactId: caller.contactId, readAt: now })
    .onConflictDoNothing();
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
    markRead(db, caller, taskId, now),
  ]);
}
