import { and, eq, exists, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { clients, contacts, messages, requests, tasks, threadReads } from '../../db/schema.ts';
import type { StaffCaller } from '../domain/caller.ts';
import { readerIdOf } from './messages.ts';
import { likeContaining } from './search.ts';
import { pageOf, type CursorKey } from './paging.ts';
import { requestVisibleToMember } from './visibility.ts';

interface InboxRow {
  kind: 'request' | 'message';
  id: string;
  threadKind: 'task' | 'request';
  threadId: string;
  clientId: string;
  contactId: string | null;
  body: string;
  at: number;
  readAt: number | null;
}

export interface InboxFilters {
  /** Only items of task threads, or only of request threads (requests and the messages on them). */
  thread?: 'task' | 'request' | undefined;
  /** A piece of the item's text (a request's subject or body, a message's body), any case. */
  q?: string | undefined;
}

/**
 * The staff inbox: new client requests and client portal messages on tasks
 * and requests, newest first, each unread when it came after the reader last
 * opened its thread. Requests (and messages on them) only as the request
 * rule lets this caller see them. The filters narrow each half inside its
 * firm-scoped query (the `firm_id` indexes still lead; the text match is a
 * residual filter on those rows), so scope and visibility stay as they are.
 */
export async function listInbox(db: Db, caller: StaffCaller, filters: InboxFilters, page: { limit: number; after?: CursorKey | undefined }) {
  const reader = readerIdOf(caller);
  const readOf = (threadId: unknown) => sql`(select ${threadReads.readAt} from ${threadReads} where ${threadReads.threadId} = ${threadId} and ${threadReads.readerId} = ${reader})`;
  const visibleRequest = exists(db.select({ one: sql`1` }).from(requests).where(and(eq(requests.id, messages.requestId), requestVisibleToMember(caller))));
  const liveTask = exists(db.select({ one: sql`1` }).from(tasks).where(and(eq(tasks.firmId, caller.firmId), eq(tasks.id, messages.taskId), isNull(tasks.deletedAt))));
  const pattern = filters.q ? likeContaining(filters.q) : null;
  const requestText = pattern ? sql` and (${requests.subject} like ${pattern} escape '\\' or ${requests.body} like ${pattern} escape '\\')` : sql``;
  const messageText = pattern ? sql` and ${messages.body} like ${pattern} escape '\\'` : sql``;
  const messageThread =
    filters.thread === 'task' ? liveTask : filters.thread === 'request' ? visibleRequest : or(liveTask, visibleRequest);
  const requestHalf = sql`select 'request' as kind, ${requests.id} as id, 'request' as threadKind, ${requests.id} as threadId, ${requests.clientId} as clientId,
        ${requests.contactId} as contactId, ${requests.subject} || char(10) || ${requests.body} as body, ${requests.createdAt} as at, ${readOf(requests.id)} as readAt
      from ${requests} where ${requestVisibleToMember(caller)}${requestText}`;
  const messageHalf = sql`select 'message' as kind, ${messages.id} as id, case when ${messages.taskId} is null then 'request' else 'task' end as threadKind,
        coalesce(${messages.taskId}, ${messages.requestId}) as threadId, ${messages.clientId} as clientId, ${messages.authorId} as contactId, ${messages.body} as body,
        ${messages.createdAt} as at, ${readOf(sql`coalesce(${messages.taskId}, ${messages.requestId})`)} as readAt
      from ${messages}
      where ${messages.firmId} = ${caller.firmId} and ${messages.authorType} = 'contact' and ${messages.visibility} = 'portal' and ${messages.deletedAt} is null
        and ${messageThread}${messageText}`;
  const halves = filters.thread === 'task' ? messageHalf : sql`${requestHalf} union all ${messageHalf}`;
  const after = page.after ? sql`where (at < ${Number(page.after[0])} or (at = ${Number(page.after[0])} and id < ${String(page.after[1])}))` : sql``;
  const rows = (await db.all(sql`select * from (${halves}) ${after} order by at desc, id desc limit ${page.limit + 1}`)) as InboxRow[];
  const shown = rows.slice(0, page.limit);
  const names = await namesOf(db, caller.firmId, shown);
  return pageOf(rows, page.limit, (r) => [r.at, r.id], (r) => ({
    kind: r.kind,
    id: r.id,
    thread: { kind: r.threadKind, id: r.threadId, title: names.titles.get(r.threadId) ?? '' },
    client: { id: r.clientId, name: names.clients.get(r.clientId) ?? '' },
    contact: r.contactId ? { id: r.contactId, name: names.contacts.get(r.contactId) ?? '' } : null,
    /** The first 200 characters of the text. */
    excerpt: r.body.slice(0, 200),
    at: r.at,
    unread: r.readAt === null || r.at > r.readAt,
  }));
}

async function namesOf(db: Db, firmId: string, rows: InboxRow[]) {
  const ids = (pick: (r: InboxRow) => string | null) => [...new Set(rows.map(pick).filter((x): x is string => x !== null))];
  const taskIds = ids((r) => (r.threadKind === 'task' ? r.threadId : null));
  const requestIds = ids((r) => (r.threadKind === 'request' ? r.threadId : null));
  const [clientRows, contactRows, taskRows, requestRows] = await Promise.all([
    rows.length ? db.select({ id: clients.id, name: clients.name }).from(clients).where(and(eq(clients.firmId, firmId), inArray(clients.id, ids((r) => r.clientId)))) : [],
    ids((r) => r.contactId).length
      ? db.select({ id: contacts.id, name: contacts.name }).from(contacts).where(and(eq(contacts.firmId, firmId), inArray(contacts.id, ids((r) => r.contactId))))
      : [],
    taskIds.length ? db.select({ id: tasks.id, title: tasks.title }).from(tasks).where(and(eq(tasks.firmId, firmId), inArray(tasks.id, taskIds))) : [],
    requestIds.length ? db.select({ id: requests.id, title: requests.subject }).from(requests).where(and(eq(requests.firmId, firmId), inArray(requests.id, requestIds))) : [],
  ]);
  return {
    clients: new Map(clientRows.map((r) => [r.id, r.name])),
    contacts: new Map(contactRows.map((r) => [r.id, r.name])),
    titles: new Map([...taskRows, ...requestRows].map((r) => [r.id, r.title])),
  };
}
