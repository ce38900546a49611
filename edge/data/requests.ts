import { and, desc, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { clients, contacts, files, members, requests, tasks } from '../../db/schema.ts';
import type { ContactCaller, StaffCaller } from '../domain/caller.ts';
import { recordActivity, recordActivityIfChanged } from './activity.ts';
import { recordEvent } from './events.ts';
import { asBatch, newTaskInserts, type SameBatch } from './firm-tasks.ts';
import { withUnreadMessages } from './messages.ts';
import { pageOf, type CursorKey } from './paging.ts';
import { clientOpenTo, requestVisibleTo, requestVisibleToMember, taskVisibleTo } from './visibility.ts';
import { likeContaining } from './search.ts';

export type RequestState = (typeof requests.$inferSelect)['state'];
type RequestRow = typeof requests.$inferSelect;

const afterKey = (after: CursorKey | undefined): SQL | undefined =>
  after ? or(lt(requests.createdAt, Number(after[0])), and(eq(requests.createdAt, Number(after[0])), lt(requests.id, String(after[1])))) : undefined;

/** A request as its contact sees it: never who it is assigned to. */
async function portalViews(db: Db, caller: ContactCaller, rows: RequestRow[]) {
  const taskIds = rows.flatMap((r) => (r.taskId ? [r.taskId] : []));
  const titles = new Map<string, string>();
  if (taskIds.length) {
    // Only a task the contact may see now: a withdrawn or deleted one is not named or linked.
    for (const t of await db.select({ id: tasks.id, title: tasks.title }).from(tasks).where(and(taskVisibleTo(caller), inArray(tasks.id, taskIds)))) titles.set(t.id, t.title);
  }
  const views = rows.map((r) => ({
    id: r.id,
    clientId: r.clientId,
    subject: r.subject,
    body: r.body,
    state: r.state,
    /** The task it became, when the firm turned it into one. */
    task: r.taskId && titles.has(r.taskId) ? { id: r.taskId, title: titles.get(r.taskId)! } : null,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  }));
  return withUnreadMessages(db, caller, 'request', views);
}

/** Creates a request of the contact for one of their companies (checked open to them in the database), with its `request.created` event. */
export async function createRequest(db: Db, caller: ContactCaller, input: { clientId: string; subject: string; body: string }, now: number): Promise<string | null> {
  const [open] = await db.select({ id: clients.id }).from(clients).where(and(eq(clients.firmId, caller.firmId), eq(clients.id, input.clientId), clientOpenTo(caller, clients.id)));
  if (!open) return null;
  const id = newId('req');
  await db.batch([
    db.insert(requests).values({ id, firmId: caller.firmId, clientId: input.clientId, contactId: caller.contactId, subject: input.subject, body: input.body, createdAt: now, updatedAt: now }),
    ...recordEvent(db, { firmId: caller.firmId, kind: 'request.created', subjectId: id, caller, data: { clientId: input.clientId }, at: now }),
  ]);
  return id;
}

export async function listPortalRequests(db: Db, caller: ContactCaller, query: { clientId?: string | undefined; limit: number; after?: CursorKey | undefined }) {
  const rows = await db
    .select()
    .from(requests)
    .where(and(requestVisibleTo(caller), query.clientId ? eq(requests.clientId, query.clientId) : undefined, afterKey(query.after)))
    .orderBy(desc(requests.createdAt), desc(requests.id))
    .limit(query.limit + 1);
  const views = await portalViews(db, caller, rows.slice(0, query.limit));
  return { items: views, nextCursor: pageOf(rows, query.limit, (r) => [r.createdAt, r.id], (r) => r).nextCursor };
}

export async function getPortalRequest(db: Db, caller: ContactCaller, requestId: string) {
  const rows = await db.select().from(requests).where(and(requestVisibleTo(caller), eq(requests.id, requestId)));
  return (await portalViews(db, caller, rows))[0] ?? null;
}

/** Requests as staff see them, with who sent them and who they are assigned to. */
async function firmViews(db: Db, caller: StaffCaller, rows: { request: RequestRow; clientName: string; contactName: string; contactEmail: string }[]) {
  const views = rows.map(({ request: r, clientName, contactName, contactEmail }) => ({
    id: r.id,
    clientId: r.clientId,
    clientName,
    contact: { id: r.contactId, name: contactName, email: contactEmail },
    subject: r.subject,
    body: r.body,
    state: r.state,
    assignedMemberId: r.assignedMemberId,
    taskId: r.taskId,
    closedAt: r.closedAt,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    /** Compare-and-set: send it back with an assignment; a stale one answers 409. */
    version: r.version,
  }));
  return withUnreadMessages(db, caller, 'request', views);
}

function firmQuery(db: Db, caller: StaffCaller) {
  return db
    .select({ request: requests, clientName: clients.name, contactName: contacts.name, contactEmail: contacts.email })
    .from(requests)
    .innerJoin(clients, and(eq(clients.firmId, caller.firmId), eq(clients.id, requests.clientId)))
    .innerJoin(contacts, and(eq(contacts.firmId, caller.firmId), eq(contacts.id, requests.contactId)))
    .$dynamic();
}

export interface RequestFilters {
  state?: RequestState | undefined;
  clientId?: string | undefined;
  assignedMemberId?: string | undefined;
  /** A piece of the subject or body, any case. */
  q?: string | undefined;
}

export async function listFirmRequests(db: Db, caller: StaffCaller, filters: RequestFilters, page: { limit: number; after?: CursorKey | undefined }) {
  const rows = await firmQuery(db, caller)
    .where(
      and(
        requestVisibleToMember(caller),
        filters.state ? eq(requests.state, filters.state) : undefined,
        filters.clientId ? eq(requests.clientId, filters.clientId) : undefined,
        filters.assignedMemberId ? eq(requests.assignedMemberId, filters.assignedMemberId) : undefined,
        filters.q ? sql`(${requests.subject} like ${likeContaining(filters.q)} escape '\\' or ${requests.body} like ${likeContaining(filters.q)} escape '\\')` : undefined,
        afterKey(page.after),
      ),
    )
    .orderBy(desc(requests.createdAt), desc(requests.id))
    .limit(page.limit + 1);
  const views = await firmViews(db, caller, rows.slice(0, page.limit));
  return { items: views, nextCursor: pageOf(rows, page.limit, (r) => [r.request.createdAt, r.request.id], (r) => r).nextCursor };
}

export async function getFirmRequest(db: Db, caller: StaffCaller, requestId: string) {
  const rows = await firmQuery(db, caller).where(and(requestVisibleToMember(caller), eq(requests.id, requestId)));
  return (await firmViews(db, caller, rows))[0] ?? null;
}

/** The request's row, if the staff caller may see it. */
export async function findFirmRequestRow(db: Db, caller: StaffCaller, requestId: string): Promise<RequestRow | null> {
  const [row] = await db.select().from(requests).where(and(requestVisibleToMember(caller), eq(requests.id, requestId)));
  return row ?? null;
}

/** Moves a request from one of `from` to `to` (compare-and-set on its state), with a history entry. Answers whether it changed. */
export async function setRequestState(db: Db, caller: StaffCaller, row: RequestRow, to: 'open' | 'closed', now: number): Promise<boolean> {
  const [updated] = await db.batch([
    db
      .update(requests)
      .set({ state: to, closedAt: to === 'closed' ? now : null, updatedAt: now, version: sql`${requests.version} + 1` })
      .where(and(requestVisibleToMember(caller), eq(requests.id, row.id), eq(requests.version, row.version)))
      .returning({ id: requests.id }),
    recordActivity(db, { firmId: caller.firmId, subjectId: row.id, caller, action: to === 'closed' ? 'request.closed' : 'request.reopened', at: now }),
  ]);
  return updated.length === 1;
}

/** Whether a member of the firm (for an assignment). */
export async function isFirmMember(db: Db, firmId: string, memberId: string): Promise<boolean> {
  const [row] = await db.select({ id: members.id }).from(members).where(and(eq(members.firmId, firmId), eq(members.id, memberId)));
  return row !== undefined;
}

export async function assignRequest(db: Db, caller: StaffCaller, row: RequestRow, memberId: string | null, now: number): Promise<boolean> {
  const [updated] = await db.batch([
    db
      .update(requests)
      .set({ assignedMemberId: memberId, updatedAt: now, version: sql`${requests.version} + 1` })
      .where(and(requestVisibleToMember(caller), eq(requests.id, row.id), eq(requests.version, row.version)))
      .returning({ id: requests.id }),
    // Only when the compare-and-set took: a stale assignment leaves no trace in the history.
    recordActivityIfChanged(db, { firmId: caller.firmId, subjectId: row.id, caller, action: 'request.assigned', data: { memberId }, at: now }),
  ]);
  return updated.length === 1;
}

/**
 * Turns the request into a task for the same client, assigned to the portal
 * at once (so the client sees it): its subject and body become the task's
 * title and description, its files are linked to the task too, and the
 * request is `converted` with the task's id. Only an open or answered
 * request, compare-and-set on its version: `'stale'` writes nothing. The
 * state is claimed first, so of two racing conversions one makes a task.
 */
export async function convertRequest(db: Db, caller: StaffCaller, row: RequestRow, now: number, notices: SameBatch): Promise<{ taskId: string } | 'stale'> {
  const claimed = await db
    .update(requests)
    .set({ state: 'converted', updatedAt: now, version: sql`${requests.version} + 1` })
    .where(and(requestVisibleToMember(caller), eq(requests.id, row.id), eq(requests.version, row.version), sql`${requests.state} in ('open', 'answered')`))
    .returning({ id: requests.id });
  if (claimed.length !== 1) return 'stale';
  const task = { clientId: row.clientId, title: row.subject, description: row.body, dueDate: null, checklist: [], assign: true, autoComplete: false };
  const { taskId, inserts } = newTaskInserts(db, { firmId: caller.firmId, actor: caller }, task, now);
  try {
    await db.batch(
      asBatch([
        ...inserts,
        db.update(requests).set({ taskId }).where(and(eq(requests.firmId, caller.firmId), eq(requests.id, row.id))),
        db.update(files).set({ taskId, workId: null }).where(and(eq(files.firmId, caller.firmId), eq(files.requestId, row.id), isNull(files.taskId))),
        recordActivity(db, { firmId: caller.firmId, subjectId: row.id, caller, action: 'request.converted', data: { taskId }, at: now }),
        ...notices,
      ]),
    );
  } catch (error) {
    // The claim went first (so two converts cannot both make a task); without its task it is given back.
    await db
      .update(requests)
      .set({ state: row.state, updatedAt: now, version: sql`${requests.version} + 1` })
      .where(and(eq(requests.firmId, caller.firmId), eq(requests.id, row.id), eq(requests.state, 'converted'), isNull(requests.taskId)));
    throw error;
  }
  return { taskId };
}
