import { and, asc, eq, isNotNull, isNull, sql, type Placeholder } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { checklistItems, clientContacts, clients, firms, taskReads, tasks } from '../../db/schema.ts';
import { clientStatus, isOverdue, type TaskState } from '../domain/tasks.ts';
import { todayIn } from '../domain/calendar.ts';
import type { ContactCaller } from '../env.ts';

/**
 * What a contact may see, as one join: tasks assigned and not withdrawn, of
 * companies the contact belongs to with portal access, whose portal is open.
 */
function visibleTasks(db: Db, contactId: string | Placeholder) {
  return db
    .select({
      id: tasks.id,
      clientId: tasks.clientId,
      title: tasks.title,
      description: tasks.description,
      dueDate: tasks.dueDate,
      firmState: tasks.firmState,
      clientState: tasks.clientState,
      assignedAt: tasks.assignedAt,
      withdrawnAt: tasks.withdrawnAt,
      readAt: taskReads.readAt,
      timezone: firms.timezone,
      checklistTotal: sql<number>`(select count(*) from ${checklistItems} where ${checklistItems.firmId} = ${tasks.firmId} and ${checklistItems.taskId} = ${tasks.id})`,
      checklistDone: sql<number>`(select count(${checklistItems.doneAt}) from ${checklistItems} where ${checklistItems.firmId} = ${tasks.firmId} and ${checklistItems.taskId} = ${tasks.id})`,
    })
    .from(tasks)
    .innerJoin(firms, eq(firms.id, tasks.firmId))
    .innerJoin(
      clientContacts,
      and(
        eq(clientContacts.firmId, tasks.firmId),
        eq(clientContacts.clientId, tasks.clientId),
        eq(clientContacts.contactId, contactId),
        eq(clientContacts.portalAccess, true),
      ),
    )
    .innerJoin(clients, and(eq(clients.id, tasks.clientId), eq(clients.firmId, tasks.firmId), eq(clients.portalOpen, true)))
    .leftJoin(taskReads, and(eq(taskReads.taskId, tasks.id), eq(taskReads.contactId, contactId)))
    .$dynamic();
}

type Row = Awaited<ReturnType<ReturnType<typeof visibleTasks>['execute']>>[number];

function summary(row: Row, today: (timezone: string) => string) {
  const state = row as TaskState;
  return {
    id: row.id,
    clientId: row.clientId,
    title: row.title,
    dueDate: row.dueDate,
    state: clientStatus(state),
    unread: row.readAt === null,
    overdue: isOverdue(state, today(row.timezone)),
    assignedAt: row.assignedAt as number,
    checklist: { done: Number(row.checklistDone), total: Number(row.checklistTotal) },
  };
}

/** Today's date per timezone at `now`, worked out once per timezone (every row of a firm shares one). */
function todayAt(now: number) {
  const memo = new Map<string, string>();
  return (timezone: string) => {
    let day = memo.get(timezone);
    if (day === undefined) memo.set(timezone, (day = todayIn(timezone, now)));
    return day;
  };
}

export type PortalTaskSummary = ReturnType<typeof summary>;

const scope = (firmId: string | Placeholder) =>
  and(eq(tasks.firmId, firmId), isNotNull(tasks.assignedAt), isNull(tasks.withdrawnAt));

const placeholder = { firmId: sql.placeholder('firmId'), contactId: sql.placeholder('contactId'), clientId: sql.placeholder('clientId') };

/** The list queries, built and prepared once per database (the list is the portal's hottest read). */
function prepareLists(db: Db) {
  return {
    all: visibleTasks(db, placeholder.contactId).where(scope(placeholder.firmId)).prepare(),
    ofClient: visibleTasks(db, placeholder.contactId).where(and(scope(placeholder.firmId), eq(tasks.clientId, placeholder.clientId))).prepare(),
  };
}
const preparedLists = new WeakMap<Db, ReturnType<typeof prepareLists>>();

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

export async function listPortalTasks(db: Db, caller: ContactCaller, clientId: string | undefined, now: number) {
  let lists = preparedLists.get(db);
  if (!lists) preparedLists.set(db, (lists = prepareLists(db)));
  const args = { firmId: caller.firmId, contactId: caller.contactId, clientId };
  const rows = await (clientId ? lists.ofClient : lists.all).all(args);
  const today = todayAt(now);
  return rows.map((r) => summary(r, today)).sort(byUrgency);
}

export async function getPortalTask(db: Db, caller: ContactCaller, taskId: string, now: number) {
  const [row] = await visibleTasks(db, caller.contactId).where(and(scope(caller.firmId), eq(tasks.id, taskId)));
  if (!row) return null;
  const items = await db
    .select({ id: checklistItems.id, text: checklistItems.text, doneAt: checklistItems.doneAt })
    .from(checklistItems)
    .where(and(eq(checklistItems.firmId, caller.firmId), eq(checklistItems.taskId, taskId)))
    .orderBy(asc(checklistItems.position));
  return {
    ...summary(row, todayAt(now)),
    description: row.description,
    checklistItems: items.map((i) => ({ id: i.id, text: i.text, done: i.doneAt !== null })),
  };
}

export type PortalTaskDetail = NonNullable<Awaited<ReturnType<typeof getPortalTask>>>;

/** Records that the contact opened the task (the first time counts). */
export function markRead(db: Db, caller: ContactCaller, taskId: string, now: number) {
  return db
    .insert(taskReads)
    .values({ firmId: caller.firmId, taskId, contactId: caller.contactId, readAt: now })
    .onConflictDoNothing();
}
