import type { Db } from '../../db/client.ts';
import { activity } from '../../db/schema.ts';
import { activityPage, actorColumns, historyRow, insertHistoryIfChanged, type ActorRef, type HistoryActorColumns, type HistoryRowInput } from './activity.ts';

/** Who changed a contact: staff, the contact themselves, an API key, or the system (an import job, a bounce). */
export interface HistoryActor {
  type: HistoryActorColumns['actorType'];
  id: string | null;
}

/** The actor of a staff or contact caller, as contact history names it. */
export function historyActor(caller: ActorRef): HistoryActor {
  const { actorType, actorId } = actorColumns(caller);
  return { type: actorType, id: actorId };
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

/** A contact's entry is an `activity` entry whose subject is the contact. */
const asHistoryRow = ({ contactId, actor, ...entry }: ContactHistoryInput): HistoryRowInput => ({
  ...entry,
  subjectId: contactId,
  actor: { actorType: actor.type, actorId: actor.id },
});

/** The row of one contact history entry, for a multi-row insert. */
export function contactHistoryRow(entry: ContactHistoryInput): typeof activity.$inferInsert {
  return historyRow(asHistoryRow(entry));
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
  return insertHistoryIfChanged(db, asHistoryRow(entry));
}

/** One page of a contact's history, newest first (entries of one instant in the order written), each naming its actor; actions in full (`contact.edited`). */
export function contactHistory(db: Db, firmId: string, contactId: string, page: { limit: number; after?: readonly [number, number] | undefined }) {
  return activityPage(db, firmId, contactId, page, (action) => action);
}
