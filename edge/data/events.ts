import { events } from '../../db/schema.ts';
import type { Db } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { actorColumns, type Actor } from './activity.ts';

/**
 * The domain events the notification engine delivers (issue 10). Each is
 * written in the same batch as the change it reports, so an event exists
 * exactly when its change does.
 */
export type EventKind =
  | 'file.rejected'
  | 'task.uploads_done'
  | 'request.created'
  | 'message.client_added'
  | 'message.staff_added'
  | 'message.email_reply';

export interface DomainEvent {
  firmId: string;
  kind: EventKind;
  subjectId: string;
  caller: Actor;
  data?: Record<string, unknown> | null | undefined;
  at: number;
}

/** The row of one event: for a bulk insert. */
export function eventRow(event: DomainEvent): typeof events.$inferInsert {
  return {
    id: newId('evt'),
    firmId: event.firmId,
    kind: event.kind,
    subjectId: event.subjectId,
    ...actorColumns(event.caller),
    data: event.data ?? null,
    at: event.at,
  };
}

/** The insert for one event, to batch with the change it reports. */
export function recordEvent(db: Db, event: DomainEvent) {
  return db.insert(events).values(eventRow(event));
}
