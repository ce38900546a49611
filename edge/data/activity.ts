import { and, desc, eq, getTableColumns, inArray, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { activity, apiKeys, contacts, members } from '../../db/schema.ts';
import { pageOf } from './paging.ts';
import type { Caller } from '../domain/caller.ts';
import { newId } from '../../db/ids.ts';

/** Who a history entry names: a caller, or the system (a job acting on its own, e.g. the next occurrence of a series). */
export type Actor = Caller | { kind: 'system' };

/** Who an entry names, as far as its columns need: a caller's kind and id. */
export type ActorRef =
  | { kind: 'system' }
  | { kind: 'contact'; contactId: string }
  | { kind: 'member'; memberId: string }
  | { kind: 'apikey'; keyId: string };

/** The actor columns of a history entry. */
export function actorColumns(caller: ActorRef): HistoryActorColumns {
  switch (caller.kind) {
    case 'system':
      return { actorType: 'system' as const, actorId: null };
    case 'contact':
      return { actorType: 'contact' as const, actorId: caller.contactId };
    case 'member':
      return { actorType: 'member' as const, actorId: caller.memberId };
    case 'apikey':
      return { actorType: 'apikey' as const, actorId: caller.keyId };
  }
}

export interface HistoryActorColumns {
  actorType: 'member' | 'contact' | 'apikey' | 'system';
  actorId: string | null;
}

export interface ActivityEntry {
  firmId: string;
  subjectId: string;
  caller: Actor;
  action: string;
  data?: Record<string, unknown> | null | undefined;
  at: number;
}

/** An entry whose actor is already in columns (contact history names its actors so). */
export type HistoryRowInput = Omit<ActivityEntry, 'caller'> & { actor: HistoryActorColumns };

/** The row of one history entry, whoever names its actor how: for an insert of one or many. */
export function historyRow(entry: HistoryRowInput): typeof activity.$inferInsert {
  return {
    id: newId('act'),
    firmId: entry.firmId,
    subjectId: entry.subjectId,
    ...entry.actor,
    action: entry.action,
    data: entry.data ?? null,
    at: entry.at,
  };
}

/**
 * The insert of an entry, run only when the statement just before it in the
 * batch changed a row: a compare-and-set update and its history stay one
 * atomic step, and a lost race (or a no-op) leaves no entry.
 */
export function insertHistoryIfChanged(db: Db, entry: HistoryRowInput) {
  const { actorType, actorId } = entry.actor;
  return db.run(sql`insert into ${activity} (id, firm_id, subject_id, actor_type, actor_id, action, data, at)
    select ${newId('act')}, ${entry.firmId}, ${entry.subjectId}, ${actorType}, ${actorId}, ${entry.action},
      ${entry.data ? JSON.stringify(entry.data) : null}, ${entry.at}
    where changes() = 1`);
}

const withActorColumns = ({ caller, ...entry }: ActivityEntry): HistoryRowInput => ({ ...entry, actor: actorColumns(caller) });

/** The row of one history entry: for a bulk multi-row insert. */
export function activityRow(entry: ActivityEntry): typeof activity.$inferInsert {
  return historyRow(withActorColumns(entry));
}

/** The insert for one history entry, to batch with the change it records. */
export function recordActivity(db: Db, entry: ActivityEntry) {
  return db.insert(activity).values(activityRow(entry));
}

/** The same entry, written only when the statement just before it in the batch changed a row (see {@link insertHistoryIfChanged}). */
export function recordActivityIfChanged(db: Db, entry: ActivityEntry) {
  return insertHistoryIfChanged(db, withActorColumns(entry));
}

/** The order entries were written in: breaks ties between entries of the same instant. */
const writeOrder = sql<number>`${activity}.rowid`;

/** Who did it, by name as the firm knows them (null for the system, or a record since removed). */
export async function actorNames(db: Db, firmId: string, rows: { actorType: string; actorId: string | null }[]) {
  const idsOf = (type: string) => [...new Set(rows.filter((r) => r.actorType === type && r.actorId).map((r) => r.actorId!))];
  const lookups = [
    ['member', members] as const,
    ['contact', contacts] as const,
    ['apikey', apiKeys] as const,
  ].map(async ([type, table]) => {
    const ids = idsOf(type);
    if (ids.length === 0) return [];
    const found = await db.select({ id: table.id, name: table.name }).from(table).where(and(eq(table.firmId, firmId), inArray(table.id, ids)));
    return found.map((f) => [`${type}:${f.id}`, f.name] as const);
  });
  return new Map<string, string>((await Promise.all(lookups)).flat());
}

/**
 * One page of a record's history, newest first, after the cursor `(at, rowid)`
 * (entries of one instant, such as created and assigned, in the order written),
 * each entry naming its actor. Actions are stored as `<subject>.<action>`
 * (`task.edited`); the answer drops the subject.
 */
export async function historyOf(db: Db, firmId: string, subjectId: string, page: { limit: number; after?: readonly [number, number] | undefined }) {
  return activityPage(db, firmId, subjectId, page, (action) => action.slice(action.indexOf('.') + 1) as HistoryAction);
}

/**
 * One page of a subject's activity rows, newest first after the cursor
 * `(at, rowid)`, optionally of one stored action, each naming its actor;
 * `action` says how the stored action is answered. Served by the index
 * `activity_firm_subject` (firm, subject, at). Task, contact and firm
 * histories are all this one page.
 */
export async function activityPage<A extends string>(
  db: Db,
  firmId: string,
  subjectId: string,
  page: { limit: number; after?: readonly [number, number] | undefined; action?: string | undefined },
  action: (stored: string) => A,
) {
  const rows = await db
    .select({ ...getTableColumns(activity), seq: writeOrder })
    .from(activity)
    .where(
      and(
        eq(activity.firmId, firmId),
        eq(activity.subjectId, subjectId),
        page.action ? eq(activity.action, page.action) : undefined,
        page.after ? or(lt(activity.at, page.after[0]), and(eq(activity.at, page.after[0]), lt(writeOrder, page.after[1]))) : undefined,
      ),
    )
    .orderBy(desc(activity.at), desc(writeOrder))
    .limit(page.limit + 1);
  const names = await actorNames(db, firmId, rows.slice(0, page.limit));
  return pageOf(
    rows,
    page.limit,
    (r) => [r.at, r.seq],
    (r) => ({
      id: r.id,
      action: action(r.action),
      actor: { type: r.actorType, id: r.actorId, name: r.actorId ? (names.get(`${r.actorType}:${r.actorId}`) ?? null) : null },
      data: r.data as HistoryData | null,
      at: r.at,
    }),
  );
}

/** What an entry's `data` holds: flat values (`edited`: `{ fields }`; `checklist_ticked`: `{ itemId, text, done }`). */
export type HistoryData = Record<string, string | number | boolean | null | string[]>;

export type HistoryAction =
  | 'created'
  | 'edited'
  | 'assigned'
  | 'viewed'
  | 'checklist_ticked'
  | 'client_done'
  | 'client_undone'
  | 'completed'
  | 'reopened'
  | 'withdrawn'
  | 'deleted'
  | 'sent_by_rule'
  | 'file_accepted'
  | 'file_rejected'
  | 'uploads_done'
  | 'digitised';
export type HistoryEntry = Awaited<ReturnType<typeof historyOf>>['items'][number];
