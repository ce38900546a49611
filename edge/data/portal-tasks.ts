import { and, asc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { checklistItems, clientContacts, clients, taskReads, tasks } from '../../db/schema.ts';
import { clientStatus, isOverdue, type TaskState } from '../domain/tasks.ts';
import { todayIn } from '../../db/dates.ts';
import type { ContactCaller } from '../domain/caller.ts';

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

/** What a contact may see of a firm's tasks: assigned to the portal and not withdrawn. */
const assignedIn = (firmId: string | ReturnType<typeof sql.placeholder>) =>
  and(eq(tasks.firmId, firmId), isNotNull(tasks.assignedAt), isNull(tasks.withdrawnAt));

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
    .where(and(assignedIn(sql.placeholder('firmId')), eq(tasks.clientId, sql.placeholder('clientId'))))
    .prepare();
}
const companyLists = new WeakMap<Db, ReturnType<typeof prepareCompanyList>>();
type SummaryRow = Awaited<ReturnType<ReturnType<typeof prepareCompanyList>['all']>>[number];

/**
 * The contact's tasks, of one company or of all theirs. The companies come
 * from the verified session (`caller.clientIds`: linked with portal access,
 * portal open); a company not among them answers null, for a 404.
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
      .where(and(assignedIn(caller.firmId), inArray(tasks.clientId, [...caller.clientIds])));
  }
  const today = todayIn(caller.timezone, now);
  return rows.map((r) => summary(r, today)).sort(byUrgency);
}

/**
 * One task with its checklist, checked against the database itself (not the
 * session's cached companies): the contact must still belong to its company,
 * with portal access, and the company's portal must be open.
 */
export async function getPortalTask(db: Db, caller: ContactCaller, taskId: string, now: number) {
  const [row] = await db
    .select({ ...summaryColumns, description: tasks.description })
    .from(tasks)
    .innerJoin(
      clientContacts,
      and(
        eq(clientContacts.firmId, tasks.firmId),
        eq(clientContacts.clientId, tasks.clientId),
        eq(clientContacts.contactId, caller.contactId),
        eq(clientContacts.portalAccess, true),
      ),
    )
    .innerJoin(clients, and(eq(clients.id, tasks.clientId), eq(clients.firmId, tasks.firmId), eq(clients.portalOpen, true)))
    .leftJoin(taskReads, and(eq(taskReads.taskId, tasks.id), eq(taskReads.contactId, caller.contactId)))
    .where(and(assignedIn(caller.firmId), eq(tasks.id, taskId)));
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
