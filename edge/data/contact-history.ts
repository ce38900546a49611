import type { Db } from '../../db/client.ts';
import { activity } from '../../db/schema.ts';
import { newId } from '../../db/ids.ts';

/**
 * One entry of a contact's history (an `activity` row whose subject is the
 * contact), as an insert to batch with the change it records.
 */
export function recordContactHistory(
  db: Db,
  entry: {
    firmId: string;
    contactId: string;
    actor: { type: 'member' | 'contact' | 'apikey' | 'system'; id: string | null };
    action: string;
    data?: Record<string, unknown> | null;
    at: number;
  },
) {
  return db.insert(activity).values({
    id: newId('act'),
    firmId: entry.firmId,
    subjectId: entry.contactId,
    actorType: entry.actor.type,
    actorId: entry.actor.id,
    action: entry.action,
    data: entry.data ?? null,
    at: entry.at,
  });
}
