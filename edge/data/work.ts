import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { defaultWorkStatusRows } from '../../db/seed.ts';
import { activity, clients, tasks, workStatuses, works, type Recurrence } from '../../db/schema.ts';
import type { StaffCaller } from '../domain/caller.ts';
import { recordActivity, recordActivityIfChanged } from './activity.ts';
import { clientOpenTo } from './visibility.ts';
import { pageOf, type CursorKey } from './paging.ts';

type SameBatch = BatchItem<'sqlite'>[];

/** Newest first: after the (createdAt, id) a previous page ended on. */
function olderThan(after: CursorKey | undefined): SQL | undefined {
  if (!after) return undefined;
  const [createdAt, id] = after as [number, string];
  return or(lt(works.createdAt, createdAt), and(eq(works.createdAt, createdAt), lt(works.id, id)));
}

// ---------- work statuses ----------

/** The insert that gives a new firm the default status list, to batch with the firm's creation. */
export function defaultWorkStatusInsert(db: Db, firmId: string, now: number) {
  return db.insert(workStatuses).values(defaultWorkStatusRows(firmId, now));
}

/** Gives a new firm the default status list ("Waiting for documents", "In progress", "In review", "Done"; the seed's list). */
export async function createDefaultWorkStatuses(db: Db, firmId: string, now: number = Date.now()): Promise<void> {
  await defaultWorkStatusInsert(db, firmId, now);
}

const statusView = (s: typeof workStatuses.$inferSelect) => ({ id: s.id, name: s.name, position: s.position, clientFacing: s.clientFacing, version: s.version });
export type WorkStatusView = ReturnType<typeof statusView>;

export async function listWorkStatuses(db: Db, firmId: string): Promise<WorkStatusView[]> {
  const rows = await db.select().from(workStatuses).where(eq(workStatuses.firmId, firmId)).orderBy(asc(workStatuses.position), asc(workStatuses.createdAt));
  return rows.map(statusView);
}

export async function findWorkStatus(db: Db, firmId: string, statusId: string): Promise<WorkStatusView | null> {
  const [row] = await db.select().from(workStatuses).where(and(eq(workStatuses.firmId, firmId), eq(workStatuses.id, statusId)));
  return row ? statusView(row) : null;
}

export async function findWorkStatusByName(db: Db, firmId: string, name: string, exceptId?: string) {
  const [row] = await db.select({ id: workStatuses.id }).from(workStatuses).where(and(eq(workStatuses.firmId, firmId), eq(workStatuses.name, name)));
  return row && row.id !== exceptId ? row : null;
}

/** Adds a status at the end of the firm's list; answers its id. */
export async function createWorkStatus(db: Db, caller: StaffCaller, input: { name: string; clientFacing: boolean }, now: number): Promise<string> {
  const id = newId('wst');
  const position = sql`(select coalesce(max(${workStatuses.position}), -1) + 1 from ${workStatuses} where ${workStatuses.firmId} = ${caller.firmId})`;
  await db.batch([
    db.insert(workStatuses).values({ id, firmId: caller.firmId, name: input.name, clientFacing: input.clientFacing, position, createdAt: now }),
    recordActivity(db, { firmId: caller.firmId, subjectId: id, caller, action: 'work_status.created', data: { name: input.name }, at: now }),
  ]);
  return id;
}

/** Changes a status if it is still at `version` (compare-and-set), with its history entry; 'stale' writes nothing. */
export async function updateWorkStatus(db: Db, caller: StaffCaller, statusId: string, version: number, change: { name?: string; clientFacing?: boolean; position?: number }, now: number): Promise<'done' | 'stale'> {
  const [updated] = await db.batch([
    db
      .update(workStatuses)
      .set({ ...change, version: sql`${workStatuses.version} + 1` })
      .where(and(eq(workStatuses.firmId, caller.firmId), eq(workStatuses.id, statusId), eq(workStatuses.version, version)))
      .returning({ id: workStatuses.id }),
    recordActivityIfChanged(db, { firmId: caller.firmId, subjectId: statusId, caller, action: 'work_status.edited', data: { fields: Object.keys(change) }, at: now }),
  ]);
  return updated.length === 1 ? 'done' : 'stale';
}

// ---------- work ----------

const openTaskCount = sql<number>`(select count(*) from ${tasks} where ${tasks.firmId} = ${works.firmId} and ${tasks.workId} = ${works.id} and ${tasks.deletedAt} is null and ${tasks.firmState} = 'open' and ${tasks.withdrawnAt} is null)`;
const totalTaskCount = sql<number>`(select count(*) from ${tasks} where ${tasks.firmId} = ${works.firmId} and ${tasks.workId} = ${works.id} and ${tasks.deletedAt} is null)`;

/** When a client started this work from a self-service template (the activity the firm is told by), or null. */
const selfServiceStartedAt = sql<number | null>`(select min(${activity.at}) from ${activity} where ${activity.firmId} = ${works.firmId} and ${activity.subjectId} = ${works.id} and ${activity.action} = 'self_service_started')`;

function workQuery(db: Db) {
  return db
    .select({
      work: works,
      clientName: clients.name,
      statusName: workStatuses.name,
      clientFacing: workStatuses.clientFacing,
      total: totalTaskCount,
      open: openTaskCount,
      selfServiceStartedAt: selfServiceStartedAt,
    })
    .from(works)
    .innerJoin(clients, and(eq(clients.id, works.clientId), eq(clients.firmId, works.firmId)))
    .leftJoin(workStatuses, and(eq(workStatuses.id, works.statusId), eq(workStatuses.firmId, works.firmId)));
}

type WorkQueryRow = Awaited<ReturnType<ReturnType<typeof workQuery>['where']>>[number];

/** A work as staff see it. */
function workView(row: WorkQueryRow) {
  const w = row.work;
  return {
    id: w.id,
    clientId: w.clientId,
    clientName: row.clientName,
    title: w.title,
    startDate: w.startDate,
    responsibleMemberId: w.responsibleMemberId,
    statusId: w.statusId,
    statusName: row.statusName,
    clientFacing: row.clientFacing ?? false,
    templateId: w.templateId,
    recurrence: w.recurrence as Recurrence | null,
    completedAt: w.completedAt,
    createdAt: w.createdAt,
    version: w.version,
    taskCounts: { total: Number(row.total), open: Number(row.open) },
    /** Set when a client started it from a self-service template: the firm is told in the list. */
    selfServiceStartedAt: row.selfServiceStartedAt === null ? null : Number(row.selfServiceStartedAt),
  };
}

export type WorkView = ReturnType<typeof workView>;

export interface WorkFilter {
  clientId?: string;
  statusId?: string;
  responsibleId?: string;
  state?: 'open' | 'completed';
  q?: string;
}

/** The firm's work, newest first, one page; `after` is where the previous page ended. */
export async function listWork(db: Db, firmId: string, filter: WorkFilter, page: { limit: number; after?: CursorKey | undefined }) {
  const where: (SQL | undefined)[] = [eq(works.firmId, firmId)];
  if (filter.clientId) where.push(eq(works.clientId, filter.clientId));
  if (filter.statusId) where.push(eq(works.statusId, filter.statusId));
  if (filter.responsibleId) where.push(eq(works.responsibleMemberId, filter.responsibleId));
  if (filter.state === 'open') where.push(isNull(works.completedAt));
  if (filter.state === 'completed') where.push(isNotNull(works.completedAt));
  if (filter.q) where.push(sql`instr(lower(${works.title}), lower(${filter.q})) > 0`);
  where.push(olderThan(page.after));
  const rows = await workQuery(db)
    .where(and(...where))
    .orderBy(desc(works.createdAt), desc(works.id))
    .limit(page.limit + 1);
  return pageOf(rows, page.limit, (r) => [r.work.createdAt, r.work.id], workView);
}

export async function getWork(db: Db, firmId: string, workId: string): Promise<WorkView | null> {
  const [row] = await workQuery(db).where(and(eq(works.firmId, firmId), eq(works.id, workId)));
  return row ? workView(row) : null;
}

/** The ids of a work's tasks (not deleted), in creation order: a template's tasks in the template's order (sections are grouped by the reader). */
export async function workTaskIds(db: Db, firmId: string, workId: string): Promise<string[]> {
  const rows = await db
    .select({ id: tasks.id })
    .from(tasks)
    .where(and(eq(tasks.firmId, firmId), eq(tasks.workId, workId), isNull(tasks.deletedAt)))
    .orderBy(asc(tasks.createdAt), asc(tasks.id));
  return rows.map((r) => r.id);
}

export async function createWork(
  db: Db,
  caller: StaffCaller,
  input: { clientId: string; title: string; startDate: string; responsibleMemberId: string | null; statusId: string | null },
  now: number,
): Promise<string> {
  const id = newId('wrk');
  await db.batch([
    db.insert(works).values({ id, firmId: caller.firmId, ...input, createdAt: now, updatedAt: now }),
    recordActivity(db, { firmId: caller.firmId, subjectId: id, caller, action: 'work.created', at: now }),
  ]);
  return id;
}

export type WorkChange = Partial<{ title: string; startDate: string; responsibleMemberId: string | null; statusId: string | null; completedAt: number | null }>;

/**
 * Changes a work if it is still at `version` (compare-and-set), with its
 * history entry, in one batch: answers 'stale' and writes nothing when
 * another change won meanwhile.
 */
export async function updateWork(
  db: Db,
  caller: StaffCaller,
  workId: string,
  version: number,
  change: WorkChange,
  action: string,
  now: number,
  sameBatch: SameBatch = [],
): Promise<'done' | 'stale'> {
  const [updated] = await db.batch([
    db
      .update(works)
      .set({ ...change, updatedAt: now, version: sql`${works.version} + 1` })
      .where(and(eq(works.firmId, caller.firmId), eq(works.id, workId), eq(works.version, version)))
      .returning({ id: works.id }),
    recordActivityIfChanged(db, { firmId: caller.firmId, subjectId: workId, caller, action, data: action === 'work.edited' ? { fields: Object.keys(change) } : undefined, at: now }),
    ...sameBatch,
  ]);
  return updated.length === 1 ? 'done' : 'stale';
}

/** True while a task of the work still waits for its sending rule (a draft with a sending time). */
export async function hasPendingRuleSends(db: Db, firmId: string, workId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: tasks.id })
    .from(tasks)
    .where(and(eq(tasks.firmId, firmId), eq(tasks.workId, workId), eq(tasks.stage, 'draft'), isNotNull(tasks.sendAt), isNull(tasks.deletedAt)))
    .limit(1);
  return row !== undefined;
}

/** The work's draft tasks (not assigned, not withdrawn, not completed, not deleted): what "Send to client" assigns. */
export async function draftTasksOf(db: Db, firmId: string, workId: string) {
  return db
    .select({ id: tasks.id })
    .from(tasks)
    .where(and(eq(tasks.firmId, firmId), eq(tasks.workId, workId), eq(tasks.stage, 'draft'), isNull(tasks.deletedAt)));
}

/**
 * Assigns the given draft tasks now, each with its history entry, in one
 * batch with `sameBatch` (the assignment notices). A task that stopped being
 * a draft meanwhile is left alone.
 */
export async function assignDrafts(db: Db, caller: StaffCaller, taskIds: string[], now: number, sameBatch: SameBatch): Promise<void> {
  if (taskIds.length === 0) return;
  const writes: SameBatch = [];
  for (const id of taskIds) {
    writes.push(
      db
        .update(tasks)
        .set({ assignedAt: now, sendAt: null, updatedAt: now, version: sql`${tasks.version} + 1` })
        .where(and(eq(tasks.firmId, caller.firmId), eq(tasks.id, id), eq(tasks.stage, 'draft'), isNull(tasks.deletedAt))),
      recordActivityIfChanged(db, { firmId: caller.firmId, subjectId: id, caller, action: 'task.assign', data: { from: 'draft', by: 'send_to_client' }, at: now }),
    );
  }
  await db.batch([writes[0]!, ...writes.slice(1), ...sameBatch]);
}

/** A contact's view of one company's open work: the client-facing status name, or null when the status is internal. */
export async function listPortalWork(db: Db, firmId: string, clientId: string, page: { limit: number; after?: CursorKey | undefined }) {
  const where: (SQL | undefined)[] = [eq(works.firmId, firmId), eq(works.clientId, clientId), isNull(works.completedAt), olderThan(page.after)];
  const rows = await db
    .select({ id: works.id, title: works.title, startDate: works.startDate, createdAt: works.createdAt, statusName: workStatuses.name, clientFacing: workStatuses.clientFacing })
    .from(works)
    .leftJoin(workStatuses, and(eq(workStatuses.id, works.statusId), eq(workStatuses.firmId, works.firmId)))
    .where(and(...where))
    .orderBy(desc(works.createdAt), desc(works.id))
    .limit(page.limit + 1);
  return pageOf(rows, page.limit, (r) => [r.createdAt, r.id], (r) => ({ id: r.id, title: r.title, startDate: r.startDate, status: r.clientFacing ? r.statusName : null }));
}

/** Which of `clientIds` are this firm's clients (to refuse a batch naming any other). */
export async function firmClientIds(db: Db, firmId: string, clientIds: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < clientIds.length; i += 500) {
    const rows = await db.select({ id: clients.id }).from(clients).where(and(eq(clients.firmId, firmId), inArray(clients.id, clientIds.slice(i, i + 500))));
    for (const r of rows) found.add(r.id);
  }
  return found;
}

/** Whether the contact may open this company in the portal (the visibility rule). */
export async function clientOpenToContact(db: Db, firmId: string, contactId: string, clientId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: clients.id })
    .from(clients)
    .where(and(eq(clients.firmId, firmId), eq(clients.id, clientId), clientOpenTo({ firmId, contactId }, clients.id)));
  return row !== undefined;
}
