import { and, desc, eq, exists, gte, inArray, isNull, lt, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { apiKeys, clientContacts, contacts, files, firms, members, messages, requests, tasks, threadReads } from '../../db/schema.ts';
import type { Caller, ContactCaller, StaffCaller } from '../domain/caller.ts';
import { actorColumns } from './activity.ts';
import { recordEvent, type EventKind } from './events.ts';
import { pageOf, type CursorKey } from './paging.ts';
import { fileAttachableTo, fileMessageVisibleTo, messageVisibleTo, requestVisibleTo, requestVisibleToMember, taskVisibleTo } from './visibility.ts';

/** A conversation: the thread of a task or of a request. */
export interface Thread {
  kind: 'task' | 'request';
  id: string;
}

export type Visibility = 'internal' | 'portal';
type MessageRow = typeof messages.$inferSelect;

/** Whose reads are counted: a contact, a member, or an API key. */
export function readerIdOf(caller: Caller): string {
  return caller.kind === 'contact' ? caller.contactId : caller.kind === 'member' ? caller.memberId : caller.keyId;
}

const threadColumn = (kind: Thread['kind']) => (kind === 'task' ? messages.taskId : messages.requestId);

/** What a thread is as far as posting goes: its client, and for a request its state. */
export interface ThreadInfo {
  thread: Thread;
  clientId: string;
  workId: string | null;
  /** A request's state; null for a task. */
  requestState: 'open' | 'answered' | 'converted' | 'closed' | null;
  /** A task the firm completed. */
  completed: boolean;
  /** The task's title or the request's subject. */
  title: string;
}

/**
 * Why a contact may no longer write in the thread, or null while it is open:
 * the firm completed the task, or the request was closed or turned into a task.
 * (Staff may still write; the client still reads it.)
 */
export function closedFor(info: ThreadInfo): 'completed' | 'closed' | 'converted' | null {
  if (info.completed) return 'completed';
  return info.requestState === 'closed' || info.requestState === 'converted' ? info.requestState : null;
}

/** The thread, if the contact may see it (the visibility rule); else null. */
export async function findPortalThread(db: Db, scope: { firmId: string; contactId: string }, thread: Thread): Promise<ThreadInfo | null> {
  if (thread.kind === 'task') {
    const [row] = await db
      .select({ clientId: tasks.clientId, workId: tasks.workId, firmState: tasks.firmState, title: tasks.title })
      .from(tasks)
      .where(and(taskVisibleTo(scope), eq(tasks.id, thread.id)));
    return row ? { thread, clientId: row.clientId, workId: row.workId, requestState: null, completed: row.firmState === 'completed', title: row.title } : null;
  }
  const [row] = await db
    .select({ clientId: requests.clientId, state: requests.state, subject: requests.subject })
    .from(requests)
    .where(and(requestVisibleTo(scope), eq(requests.id, thread.id)));
  return row ? { thread, clientId: row.clientId, workId: null, requestState: row.state, completed: false, title: row.subject } : null;
}

/** The thread, if the staff caller may see it (a task of the firm, not deleted; a request by the request rule); else null. */
export async function findFirmThread(db: Db, caller: StaffCaller, thread: Thread): Promise<ThreadInfo | null> {
  if (thread.kind === 'task') {
    const [row] = await db
      .select({ clientId: tasks.clientId, workId: tasks.workId, firmState: tasks.firmState, title: tasks.title })
      .from(tasks)
      .where(and(eq(tasks.firmId, caller.firmId), eq(tasks.id, thread.id), isNull(tasks.deletedAt)));
    return row ? { thread, clientId: row.clientId, workId: row.workId, requestState: null, completed: row.firmState === 'completed', title: row.title } : null;
  }
  const [row] = await db
    .select({ clientId: requests.clientId, state: requests.state, subject: requests.subject })
    .from(requests)
    .where(and(requestVisibleToMember(caller), eq(requests.id, thread.id)));
  return row ? { thread, clientId: row.clientId, workId: null, requestState: row.state, completed: false, title: row.subject } : null;
}

/** The messages of a thread the reader may see: for a contact the visibility rule, for staff all of the firm's. */
function readable(reader: Caller, thread: Thread): SQL {
  const inThread = eq(threadColumn(thread.kind), thread.id);
  return reader.kind === 'contact'
    ? and(messageVisibleTo(reader), inThread)!
    : and(eq(messages.firmId, reader.firmId), isNull(messages.deletedAt), inThread)!;
}

/** Whether `messageId` is a message of this thread the reader may see (a reply may only answer one of those). */
export async function isReadableMessage(db: Db, reader: Caller, thread: Thread, messageId: string): Promise<boolean> {
  const [row] = await db.select({ id: messages.id }).from(messages).where(and(readable(reader, thread), eq(messages.id, messageId)));
  return row !== undefined;
}

/** Whether the thread already has a message the reader may see (the firm's "no new threads from the portal" lets replies through). */
export async function threadHasMessages(db: Db, reader: Caller, thread: Thread): Promise<boolean> {
  const [row] = await db.select({ id: messages.id }).from(messages).where(readable(reader, thread)).limit(1);
  return row !== undefined;
}

async function authorNames(db: Db, firmId: string, rows: MessageRow[]) {
  const ids = (type: MessageRow['authorType']) => [...new Set(rows.filter((r) => r.authorType === type && r.authorId).map((r) => r.authorId!))];
  const [memberRows, contactRows, keyRows, firm] = await Promise.all([
    ids('member').length ? db.select({ id: members.id, name: members.name }).from(members).where(and(eq(members.firmId, firmId), inArray(members.id, ids('member')))) : [],
    ids('contact').length ? db.select({ id: contacts.id, name: contacts.name }).from(contacts).where(and(eq(contacts.firmId, firmId), inArray(contacts.id, ids('contact')))) : [],
    ids('apikey').length ? db.select({ id: apiKeys.id, name: apiKeys.name }).from(apiKeys).where(and(eq(apiKeys.firmId, firmId), inArray(apiKeys.id, ids('apikey')))) : [],
    db.select({ name: firms.name }).from(firms).where(eq(firms.id, firmId)),
  ]);
  const names = new Map([...memberRows, ...contactRows, ...keyRows].map((r) => [r.id, r.name]));
  return { names, firmName: firm[0]?.name ?? '' };
}

async function attachmentsOf(db: Db, reader: Caller, messageIds: string[]) {
  const byMessage = new Map<string, { id: string; name: string; size: number; type: string }[]>();
  if (messageIds.length === 0) return byMessage;
  const rows = await db
    .select({ id: files.id, name: files.name, size: files.size, type: files.type, messageId: files.messageId })
    .from(files)
    .where(and(eq(files.firmId, reader.firmId), inArray(files.messageId, messageIds), isNull(files.deletedAt), reader.kind === 'contact' ? fileMessageVisibleTo(reader) : undefined))
    // In the order they were attached (one message's files share an instant).
    .orderBy(files.createdAt, sql`${files}.rowid`);
  for (const { messageId, ...file } of rows) byMessage.set(messageId!, [...(byMessage.get(messageId!) ?? []), file]);
  return byMessage;
}

/** Messages as the reader may see them: a client never sees an API key's name (the firm's name stands for it). */
async function viewsOf(db: Db, reader: Caller, rows: MessageRow[]) {
  const [{ names, firmName }, attachments] = await Promise.all([authorNames(db, reader.firmId, rows), attachmentsOf(db, reader, rows.map((r) => r.id))]);
  const me = actorColumns(reader);
  return rows.map((row) => ({
    id: row.id,
    body: row.body,
    visibility: row.visibility,
    author: {
      type: row.authorType,
      id: row.authorId,
      name: row.authorType === 'system' || (row.authorType === 'apikey' && reader.kind === 'contact') ? firmName : (names.get(row.authorId ?? '') ?? ''),
    },
    replyToId: row.replyToId,
    via: row.via,
    createdAt: row.createdAt,
    mine: row.authorType === me.actorType && row.authorId === me.actorId,
    attachments: attachments.get(row.id) ?? [],
  }));
}

export type MessageView = Awaited<ReturnType<typeof viewsOf>>[number];

/** One page of a thread, newest first, after the cursor `(createdAt, id)`. */
export async function listThread(db: Db, reader: Caller, thread: Thread, page: { limit: number; after?: CursorKey | undefined }) {
  const after = page.after
    ? or(lt(messages.createdAt, Number(page.after[0])), and(eq(messages.createdAt, Number(page.after[0])), lt(messages.id, String(page.after[1]))))
    : undefined;
  const rows = await db
    .select()
    .from(messages)
    .where(and(readable(reader, thread), after))
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(page.limit + 1);
  const views = await viewsOf(db, reader, rows.slice(0, page.limit));
  return { items: views, nextCursor: pageOf(rows, page.limit, (r) => [r.createdAt, r.id], (r) => r).nextCursor };
}

export async function getMessage(db: Db, reader: Caller, thread: Thread, messageId: string): Promise<MessageView | null> {
  const rows = await db.select().from(messages).where(and(readable(reader, thread), eq(messages.id, messageId)));
  return (await viewsOf(db, reader, rows))[0] ?? null;
}

/** The reader has seen the thread up to `now` (never moves back). */
export function markThreadRead(db: Db, reader: Caller, threadId: string, now: number) {
  return db
    .insert(threadReads)
    .values({ firmId: reader.firmId, threadId, readerId: readerIdOf(reader), readAt: now })
    .onConflictDoUpdate({ target: [threadReads.threadId, threadReads.readerId], set: { readAt: sql`max(${threadReads.readAt}, ${now})` } });
}

/**
 * Unread messages per thread for the reader: messages they may see (for a
 * contact the visibility rule: never an internal one), not their own,
 * written after they last opened the thread. Threads with none are left out.
 * The caller passes only threads the reader may see.
 */
export async function unreadCounts(db: Db, reader: Caller, kind: Thread['kind'], threadIds: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (threadIds.length === 0) return counts;
  const column = threadColumn(kind);
  const me = actorColumns(reader);
  const readAt = sql`coalesce((select ${threadReads.readAt} from ${threadReads} where ${threadReads.threadId} = ${column} and ${threadReads.readerId} = ${readerIdOf(reader)}), 0)`;
  const visible = reader.kind === 'contact' ? messageVisibleTo(reader) : and(eq(messages.firmId, reader.firmId), isNull(messages.deletedAt));
  const rows = await db
    .select({ threadId: column, n: sql<number>`count(*)` })
    .from(messages)
    .where(
      and(
        visible,
        inArray(column, [...threadIds]),
        sql`${messages.createdAt} > ${readAt}`,
        or(ne(messages.authorType, me.actorType), me.actorId === null ? undefined : ne(messages.authorId, me.actorId), isNull(messages.authorId)),
      ),
    )
    .groupBy(column);
  for (const row of rows) counts.set(row.threadId!, Number(row.n));
  return counts;
}

/** Adds `unreadMessages` to each answer of a list of tasks or requests. */
export async function withUnreadMessages<T extends { id: string }>(db: Db, reader: Caller, kind: Thread['kind'], items: T[]): Promise<(T & { unreadMessages: number })[]> {
  const counts = await unreadCounts(db, reader, kind, items.map((i) => i.id));
  return items.map((item) => ({ ...item, unreadMessages: counts.get(item.id) ?? 0 }));
}

/** Who writes a message: a caller, or a contact replying by email (no session). */
export type Author = Caller | { kind: 'contact'; firmId: string; contactId: string };

export interface NewMessage {
  body: string;
  visibility: Visibility;
  replyToId?: string | undefined;
  /** Files the author uploaded to this thread, not yet on a message. */
  fileIds?: readonly string[] | undefined;
  via?: 'portal' | 'email';
  /** The inbound email's provider id: the same one is posted once. */
  sourceId?: string | undefined;
}

/**
 * The statements that post one message, to run as one batch with whatever
 * else goes with it: the message, its files linked, the author's read mark,
 * the domain event, and a request's state (a staff portal message answers an
 * open request; a client's message opens an answered one again).
 */
export function postMessageStatements(db: Db, author: Author, info: ThreadInfo, input: NewMessage, now: number, extra: BatchItem<'sqlite'>[] = []) {
  const id = newId('msg');
  const { thread } = info;
  const actor = actorColumns(author as Caller);
  const fromClient = author.kind === 'contact';
  const statements: BatchItem<'sqlite'>[] = [
    db
      .insert(messages)
      .values({
        id,
        firmId: author.firmId,
        clientId: info.clientId,
        taskId: thread.kind === 'task' ? thread.id : null,
        requestId: thread.kind === 'request' ? thread.id : null,
        authorType: actor.actorType,
        authorId: actor.actorId,
        body: input.body,
        visibility: input.visibility,
        replyToId: input.replyToId ?? null,
        via: input.via ?? 'portal',
        sourceId: input.sourceId ?? null,
        createdAt: now,
      }),
    // No "on conflict do nothing": an inbound email posted already (its source id is unique in the firm)
    // fails the whole batch, so a racing retry writes no second event, read mark or state change.
    ...extra,
    db
      .insert(threadReads)
      .values({ firmId: author.firmId, threadId: thread.id, readerId: actor.actorId ?? 'system', readAt: now })
      .onConflictDoUpdate({ target: [threadReads.threadId, threadReads.readerId], set: { readAt: sql`max(${threadReads.readAt}, ${now})` } }),
  ];
  if (input.fileIds?.length) {
    statements.push(
      db
        .update(files)
        // A portal message publishes the files it carries (a staff upload for a message goes up internal).
        .set(input.visibility === 'portal' ? { messageId: id, internal: false } : { messageId: id })
        .where(
          and(
            eq(files.firmId, author.firmId),
            inArray(files.id, [...input.fileIds]),
            eq(thread.kind === 'task' ? files.taskId : files.requestId, thread.id),
            isNull(files.messageId),
            isNull(files.deletedAt),
            fileAttachableTo(input.visibility),
            eq(files.uploadedByType, actor.actorType as 'member' | 'contact' | 'apikey'),
            eq(files.uploadedById, actor.actorId ?? ''),
          ),
        ),
    );
  }
  const kind: EventKind | null = input.via === 'email' ? 'message.email_reply' : fromClient ? 'message.client_added' : input.visibility === 'portal' ? 'message.staff_added' : null;
  if (kind) {
    statements.push(
      ...recordEvent(db, {
        firmId: author.firmId,
        kind,
        subjectId: id,
        caller: author as Caller,
        data: { threadKind: thread.kind, threadId: thread.id, clientId: info.clientId },
        at: now,
      }),
    );
  }
  if (thread.kind === 'request') {
    const [from, to] = fromClient ? (['answered', 'open'] as const) : (['open', 'answered'] as const);
    if (fromClient || input.visibility === 'portal') {
      statements.push(
        db
          .update(requests)
          .set({ state: to, updatedAt: now, version: sql`${requests.version} + 1` })
          .where(and(eq(requests.firmId, author.firmId), eq(requests.id, thread.id), eq(requests.state, from))),
      );
    }
  }
  return { id, statements: statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]] };
}

/** Which of `fileIds` the author may attach in this thread: uploaded by them to it, live, on no message yet, fit for a message of this visibility. */
export async function attachableFiles(db: Db, author: Author, thread: Thread, fileIds: readonly string[], visibility: Visibility): Promise<Set<string>> {
  if (fileIds.length === 0) return new Set();
  const actor = actorColumns(author as Caller);
  const rows = await db
    .select({ id: files.id })
    .from(files)
    .where(
      and(
        eq(files.firmId, author.firmId),
        inArray(files.id, [...fileIds]),
        eq(thread.kind === 'task' ? files.taskId : files.requestId, thread.id),
        isNull(files.messageId),
        isNull(files.deletedAt),
        fileAttachableTo(visibility),
        eq(files.uploadedByType, actor.actorType as 'member' | 'contact' | 'apikey'),
        eq(files.uploadedById, actor.actorId ?? ''),
      ),
    );
  return new Set(rows.map((r) => r.id));
}

/**
 * The contacts who may see the thread, and so hear of the firm's portal
 * messages on it (the visibility rule, read from the thread's side): for a
 * task every contact of its client it is visible to, for a request the
 * contact who sent it (while the client is open to them).
 */
export async function threadAudience(db: Db, firmId: string, thread: Thread & { clientId: string }): Promise<string[]> {
  if (thread.kind === 'request') {
    const rows = await db
      .select({ id: requests.contactId })
      .from(requests)
      .where(and(requestVisibleTo({ firmId, contactId: requests.contactId }), eq(requests.id, thread.id)));
    return rows.map((r) => r.id);
  }
  const visible = db.select({ one: sql`1` }).from(tasks).where(and(eq(tasks.id, thread.id), taskVisibleTo({ firmId, contactId: clientContacts.contactId })));
  const rows = await db
    .select({ id: clientContacts.contactId })
    .from(clientContacts)
    .where(and(eq(clientContacts.firmId, firmId), eq(clientContacts.clientId, thread.clientId), exists(visible)));
  return rows.map((r) => r.id);
}

/**
 * The firm's portal messages in the thread written in `[since, until]` that
 * the contact has not read (written after they last opened the thread), as
 * the contact sees them (the visibility rule: never an internal one, only
 * while they may see the thread), oldest first.
 */
export async function unreadFromFirm(db: Db, scope: ContactScope, thread: Thread, window: { since: number; until: number }): Promise<MessageView[]> {
  const reader = { kind: 'contact', ...scope } as Caller;
  const readAt = sql`coalesce((select ${threadReads.readAt} from ${threadReads} where ${threadReads.firmId} = ${scope.firmId} and ${threadReads.threadId} = ${thread.id} and ${threadReads.readerId} = ${scope.contactId}), 0)`;
  const rows = await db
    .select()
    .from(messages)
    .where(and(readable(reader, thread), ne(messages.authorType, 'contact'), gte(messages.createdAt, window.since), lte(messages.createdAt, window.until), sql`${messages.createdAt} > ${readAt}`))
    .orderBy(messages.createdAt, messages.id);
  return viewsOf(db, reader, rows);
}

/** Whether an inbound email with this provider id was already posted in the firm. */
export async function isPostedSource(db: Db, firmId: string, sourceId: string): Promise<boolean> {
  const [row] = await db.select({ id: messages.id }).from(messages).where(and(eq(messages.firmId, firmId), eq(messages.sourceId, sourceId)));
  return row !== undefined;
}

export type ContactScope = Pick<ContactCaller, 'firmId' | 'contactId'>;

/** The firm a thread belongs to, whoever asks (an inbound email names its thread before anyone is known); null when there is none. */
export async function firmOfThread(db: Db, thread: Thread): Promise<string | null> {
  const table = thread.kind === 'task' ? tasks : requests;
  const [row] = await db.select({ firmId: table.firmId }).from(table).where(eq(table.id, thread.id));
  return row?.firmId ?? null;
}

/** The contact's address, for checking who an email reply came from. */
export async function contactEmailOf(db: Db, firmId: string, contactId: string): Promise<string | null> {
  const [row] = await db.select({ email: contacts.email }).from(contacts).where(and(eq(contacts.firmId, firmId), eq(contacts.id, contactId)));
  return row?.email ?? null;
}

/** The insert of files that arrived with a message (an email's attachments, already in the blob store). */
export function messageFilesInsert(db: Db, rows: (typeof files.$inferInsert)[]) {
  return db.insert(files).values(rows);
}
