import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { activity } from '../../db/schema.ts';
import { activityPage } from './activity.ts';

/** Who changed a contact: staff, the contact themselves, an API key, or the system (an import job, a bounce). */
export interface HistoryActor {
  type: 'member' | 'contact' | 'apikey' | 'system';
  id: string | null;
}

/** The actor of a staff or contact caller, as contact history names it. */
export function historyActor(caller: { kind: 'member'; memberId: string } | { kind: 'apikey'; keyId: string } | { kind: 'contact'; contactId: string } | { kind: 'system' }): HistoryActor {
  switch (caller.kind) {
    case 'member':
      return { type: 'member', id: caller.memberId };
    case 'apikey':
      return { type: 'apikey', id: caller.keyId };
    case 'contact':
      return { type: 'contact', id: caller.contactId };
    case 'system':
      return { type: 'system', id: null };
  }
}

export interface ContactHistoryInput {
  firmId: string;
  contactId: string;
  actor: HistoryActor;
  /** `contact.created`, `contact.edited`, `contact.linked`, ... (the full list is ContactHistoryEntry's in api-types.ts). */
  action: string;
  data?: Record<string, unknown> | null | undefined;
  at: number;
}

/** The row of one contact history entry (an `activity` row whose subject is the contact), for a multi-row insert. */
export function contactHistoryRow(entry: ContactHistoryInput): typeof activity.$inferInsert {
  return {
    id: newId('act'),
    firmId: entry.firmId,
    subjectId: entry.contactId,
    actorType: entry.actor.type,
    actorId: entry.actor.id,
    action: entry.action,
    data: entry.data ?? null,
    at: entry.at,
  };
}

/** The insert of one contact history entry, to run in the batch of the change it records. */
export function recordContactHistory(db: Db, entry: ContactHistoryInput) {
  return db.insert(activity).values(contactHistoryRow(entry));
}

/**
 * The same entry, written only when the statement just before it in the
 * batch changed a row (a link made, an update that matched): a lost race or
 * a no-op leaves no entry.
 */
export function recordContactHistoryIfChanged(db: Db, entry: ContactHistoryInput) {
  return db.run(sql`insert into ${activity} (id, firm_id, subject_id, actor_type, actor_id, action, data, at)
    select ${newId('act')}, ${entry.firmId}, ${entry.contactId}, ${entry.actor.type}, ${entry.actor.id}, ${entry.action},
      ${entry.data ? JSON.stringify(entry.data) : null}, ${entry.at}
    where changes() = 1`);
}

/** One page of a contact's history, newest first (entries of one instant in the order written), each naming its actor; actions in full (`contact.edited`). */
export function contactHistory(db: Db, firmId: string, contactId: string, page: { limit: number; after?: readonly [number, number] | undefined }) {
  return activityPage(db, firmId, contactId, page, (action) => action);
}
