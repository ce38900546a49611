import { and, asc, desc, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { clients, clientWatchers, contacts, events, members, notifications, requests, type ContactEmailPrefs, type MemberEmailPrefs } from '../../db/schema.ts';
import type { ContactCaller, StaffCaller } from '../domain/caller.ts';
import { pageOf, type CursorKey } from './paging.ts';
import { requestVisibleToMember } from './visibility.ts';
import { recordContactHistory } from './contact-history.ts';

export type EventRow = typeof events.$inferSelect;
export type MemberCaller = Extract<StaffCaller, { kind: 'member' }>;

/** The firm's events not yet handled, oldest first (the order they happened in). */
export async function unhandledEvents(db: Db, firmId: string, limit: number): Promise<EventRow[]> {
  return db
    .select()
    .from(events)
    .where(and(eq(events.firmId, firmId), isNull(events.handledAt)))
    .orderBy(asc(events.at), sql`${events}.rowid`)
    .limit(limit);
}

export function markHandled(db: Db, firmId: string, eventId: string, now: number) {
  return db.update(events).set({ handledAt: now }).where(and(eq(events.firmId, firmId), eq(events.id, eventId), isNull(events.handledAt)));
}

export interface Recipient {
  id: string;
  email: string;
  name: string;
  emailPrefs: MemberEmailPrefs | null;
}

/**
 * Who hears about a client: its responsible member and its watchers. About
 * a request (or its thread), only those it is directed to, by the one
 * staff-side request rule (`requestVisibleToMember`).
 */
export async function clientAudience(db: Db, firmId: string, about: { clientId: string; requestId?: string | null | undefined }): Promise<Recipient[]> {
  const watching = db.select({ id: clientWatchers.memberId }).from(clientWatchers).where(and(eq(clientWatchers.firmId, firmId), eq(clientWatchers.clientId, about.clientId)));
  const responsible = db.select({ id: clients.responsibleMemberId }).from(clients).where(and(eq(clients.firmId, firmId), eq(clients.id, about.clientId)));
  const rows = await db
    .select({ id: members.id, email: members.email, name: members.name, role: members.role, emailPrefs: members.emailPrefs })
    .from(members)
    .where(and(eq(members.firmId, firmId), isNull(members.removedAt), or(inArray(members.id, watching), inArray(members.id, responsible))))
    .orderBy(asc(members.id));
  const requestId = about.requestId;
  if (!requestId) return rows;
  const directed = [];
  for (const row of rows) {
    const caller: StaffCaller = { kind: 'member', firmId, memberId: row.id, role: row.role, sessionId: '', timezone: '' };
    const [seen] = await db.select({ id: requests.id }).from(requests).where(and(requestVisibleToMember(caller), eq(requests.id, requestId)));
    if (seen) directed.push(row);
  }
  return directed;
}

export interface NewNotification {
  firmId: string;
  memberId: string;
  eventId: string;
  kind: string;
  clientId: string | null;
  taskId: string | null;
  requestId: string | null;
  actorName: string | null;
  summary: string;
  createdAt: number;
}

/** Writes the notifications; one per event and member however often this runs. */
export function insertNotifications(db: Db, rows: readonly NewNotification[]) {
  return db
    .insert(notifications)
    .values(rows.map((r) => ({ id: newId('ntf'), ...r })))
    .onConflictDoNothing({ target: [notifications.eventId, notifications.memberId] });
}

/** The member's notifications, newest first, after the cursor `(createdAt, id)`; only unread ones on request. */
export async function listNotifications(db: Db, caller: MemberCaller, query: { unread: boolean; limit: number; after?: CursorKey | undefined }) {
  const conditions = [eq(notifications.firmId, caller.firmId), eq(notifications.memberId, caller.memberId)];
  if (query.unread) conditions.push(isNull(notifications.readAt));
  if (query.after) {
    const [createdAt, id] = query.after as [number, string];
    conditions.push(or(lt(notifications.createdAt, createdAt), and(eq(notifications.createdAt, createdAt), lt(notifications.id, id)))!);
  }
  const rows = await db
    .select()
    .from(notifications)
    .where(and(...conditions))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(query.limit + 1);
  const page = pageOf(rows, query.limit, (r) => [r.createdAt, r.id], (r) => ({
    id: r.id,
    kind: r.kind,
    clientId: r.clientId,
    taskId: r.taskId,
    requestId: r.requestId,
    actorName: r.actorName,
    summary: r.summary,
    createdAt: r.createdAt,
    read: r.readAt !== null,
  }));
  return { ...page, unreadCount: await unreadCount(db, caller) };
}

export async function unreadCount(db: Db, caller: MemberCaller): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(notifications)
    .where(and(eq(notifications.firmId, caller.firmId), eq(notifications.memberId, caller.memberId), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}

/** Marks the member's own notifications read (the given ones, or all); another member's ids change nothing. */
export async function markNotificationsRead(db: Db, caller: MemberCaller, which: { ids: readonly string[] } | { all: true }, now: number) {
  const mine = and(eq(notifications.firmId, caller.firmId), eq(notifications.memberId, caller.memberId), isNull(notifications.readAt));
  await db
    .update(notifications)
    .set({ readAt: now })
    .where('all' in which ? mine : and(mine, inArray(notifications.id, [...which.ids])));
}

/** The client's watchers (member ids), or null when the client is not the firm's. */
export async function listWatchers(db: Db, firmId: string, clientId: string): Promise<{ responsibleMemberId: string | null; memberIds: string[] } | null> {
  const [client] = await db.select({ responsible: clients.responsibleMemberId }).from(clients).where(and(eq(clients.firmId, firmId), eq(clients.id, clientId)));
  if (!client) return null;
  const rows = await db
    .select({ id: clientWatchers.memberId })
    .from(clientWatchers)
    .where(and(eq(clientWatchers.firmId, firmId), eq(clientWatchers.clientId, clientId)))
    .orderBy(asc(clientWatchers.memberId));
  return { responsibleMemberId: client.responsible, memberIds: rows.map((r) => r.id) };
}

/** Which of these ids are members of the firm. */
export async function firmMemberIds(db: Db, firmId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.select({ id: members.id }).from(members).where(and(eq(members.firmId, firmId), inArray(members.id, [...ids])));
  return new Set(rows.map((r) => r.id));
}

/** Replaces the client's watchers with these members (checked to be the firm's by the caller), in one batch. */
export async function setWatchers(db: Db, firmId: string, clientId: string, memberIds: readonly string[], now: number) {
  const clear = db.delete(clientWatchers).where(and(eq(clientWatchers.firmId, firmId), eq(clientWatchers.clientId, clientId)));
  if (memberIds.length === 0) {
    await clear;
    return;
  }
  await db.batch([clear, db.insert(clientWatchers).values(memberIds.map((memberId) => ({ firmId, clientId, memberId, createdAt: now })))]);
}

export const MEMBER_PREF_KEYS = ['requestCreated', 'clientMessage', 'clientCompleted', 'uploadsDone'] as const satisfies readonly (keyof MemberEmailPrefs)[];
export const CONTACT_PREF_KEYS = ['assigned', 'messages', 'reminders', 'withdrawn', 'fileRejected', 'digest'] as const satisfies readonly (keyof ContactEmailPrefs)[];

/** Every preference spelled out: a missing one (or null prefs) is on, except the digest, which is off. */
export function memberPrefsView(prefs: MemberEmailPrefs | null): Required<MemberEmailPrefs> {
  return Object.fromEntries(MEMBER_PREF_KEYS.map((k) => [k, prefs?.[k] ?? true])) as Required<MemberEmailPrefs>;
}
export function contactPrefsView(prefs: ContactEmailPrefs | null): Required<ContactEmailPrefs> {
  return Object.fromEntries(CONTACT_PREF_KEYS.map((k) => [k, prefs?.[k] ?? k !== 'digest'])) as Required<ContactEmailPrefs>;
}

export async function memberEmailPrefs(db: Db, caller: MemberCaller) {
  const [row] = await db.select({ prefs: members.emailPrefs }).from(members).where(and(eq(members.firmId, caller.firmId), eq(members.id, caller.memberId)));
  return memberPrefsView(row?.prefs ?? null);
}

export async function updateMemberEmailPrefs(db: Db, caller: MemberCaller, patch: MemberEmailPrefs) {
  const merged = { ...(await memberEmailPrefs(db, caller)), ...patch };
  await db.update(members).set({ emailPrefs: merged }).where(and(eq(members.firmId, caller.firmId), eq(members.id, caller.memberId)));
  return merged;
}

export type ContactRow = typeof contacts.$inferSelect;

export async function contactProfile(db: Db, caller: ContactCaller): Promise<ContactRow | null> {
  const [row] = await db.select().from(contacts).where(and(eq(contacts.firmId, caller.firmId), eq(contacts.id, caller.contactId)));
  return row ?? null;
}

/**
 * Changes the contact's own name, phone, locale, timezone, email preferences
 * or the company the portal opens on; a preference left out stays. What the
 * contact changed about themselves (not the company switch, not the welcome
 * video) goes into their history as `contact.profile_changed { fields }`.
 */
export async function updateContactProfile(
  db: Db,
  caller: ContactCaller,
  patch: {
    name?: string | undefined;
    phone?: string | null | undefined;
    lastClientId?: string | undefined;
    locale?: 'en' | 'et' | null | undefined;
    timezone?: string | null | undefined;
    emailPrefs?: ContactEmailPrefs | undefined;
    welcomeSeen?: true | undefined;
  },
  now: number,
) {
  const current = await contactProfile(db, caller);
  if (!current) return;
  const set: { [K in keyof typeof contacts.$inferInsert]?: (typeof contacts.$inferInsert)[K] | SQL } = {};
  const changed: string[] = [];
  for (const key of ['name', 'phone', 'locale', 'timezone'] as const) {
    const value = patch[key];
    if (value === undefined || (key === 'name' && value === null)) continue;
    Object.assign(set, { [key]: value });
    if (value !== current[key]) changed.push(key);
  }
  if (patch.lastClientId !== undefined) set.lastClientId = patch.lastClientId;
  // The first showing counts; a second PATCH keeps it.
  if (patch.welcomeSeen) set.welcomeSeenAt = sql`coalesce(${contacts.welcomeSeenAt}, ${now})`;
  if (patch.emailPrefs) {
    const before = contactPrefsView(current.emailPrefs);
    const after = { ...before, ...patch.emailPrefs };
    set.emailPrefs = after;
    if (JSON.stringify(before) !== JSON.stringify(after)) changed.push('emailPrefs');
  }
  if (Object.keys(set).length === 0) return;
  const update = db.update(contacts).set(set).where(and(eq(contacts.firmId, caller.firmId), eq(contacts.id, caller.contactId)));
  if (changed.length === 0) {
    await update;
    return;
  }
  await db.batch([
    update,
    recordContactHistory(db, { firmId: caller.firmId, contactId: caller.contactId, actor: { type: 'contact', id: caller.contactId }, action: 'contact.profile_changed', data: { fields: changed }, at: now }),
  ]);
}
