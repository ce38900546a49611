import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { activity } from '../../db/schema.ts';
import type { Caller } from '../domain/caller.ts';
import { newId } from '../../db/ids.ts';

/** Who a history entry names: a caller, or the system (a job acting on its own, e.g. the next occurrence of a series). */
export type Actor = Caller | { kind: 'system' };

function actorOf(caller: Actor) {
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

/** The insert for one history entry, to batch with the change it records. */
export function recordActivity(
  db: Db,
  entry: { firmId: string; subjectId: string; caller: Actor; action: string; data?: Record<string, unknown>; at: number },
) {
  return db.insert(activity).values({
    id: newId('act'),
    firmId: entry.firmId,
    subjectId: entry.subjectId,
    ...actorOf(entry.caller),
    action: entry.action,
    data: entry.data ?? null,
    at: entry.at,
  });
}

/**
 * The same entry, written only when the statement just before it in the
 * batch changed a row: a compare-and-set update and its history stay one
 * atomic step, and a lost race leaves no entry.
 */
export function recordActivityIfChanged(db: Db, entry: Parameters<typeof recordActivity>[1]) {
  const actor = actorOf(entry.caller);
  return db.run(sql`insert into ${activity} (id, firm_id, subject_id, actor_type, actor_id, action, data, at)
    select ${newId('act')}, ${entry.firmId}, ${entry.subjectId}, ${actor.actorType}, ${actor.actorId}, ${entry.action},
      ${entry.data ? JSON.stringify(entry.data) : null}, ${entry.at}
    where changes() = 1`);
}
