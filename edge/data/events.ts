import { sql } from 'drizzle-orm';
import { events, jobs } from '../../db/schema.ts';
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
  | 'task.client_completed'
  | 'task.withdrawn'
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

/** The job kind that delivers recorded events (edge/jobs/notify-dispatch.ts). */
export const DISPATCH_JOB = 'events.dispatch';

/**
 * The dispatcher's job for an event, inserted only when the event row exists
 * (so it follows a conditional event too). One per event, keyed by it; the
 * job handles every unhandled event of the firm, so a late one catches up
 * with the rest.
 */
function dispatchJobFor(db: Db, eventId: string) {
  return db.run(sql`insert into ${jobs} (id, firm_id, kind, unique_key, run_at, payload, created_at, updated_at)
    select ${newId('job')}, firm_id, ${DISPATCH_JOB}, ${`${DISPATCH_JOB}:${eventId}`}, at, '{}', at, at from ${events} where id = ${eventId}
    on conflict (unique_key) do nothing`);
}

/** The statements that record one event and wake its dispatcher, to batch with the change it reports. */
export function recordEvent(db: Db, event: DomainEvent) {
  const id = newId('evt');
  return [
    db.insert(events).values({ id, firmId: event.firmId, kind: event.kind, subjectId: event.subjectId, ...actorColumns(event.caller), data: event.data ?? null, at: event.at }),
    dispatchJobFor(db, id),
  ] as const;
}

/** The same, written only when the statement just before it in the batch wrote a row (as `recordActivityIfChanged`). */
export function recordEventIfChanged(db: Db, event: DomainEvent) {
  const id = newId('evt');
  const actor = actorColumns(event.caller);
  return [
    db.run(sql`insert into ${events} (id, firm_id, kind, subject_id, actor_type, actor_id, data, at)
      select ${id}, ${event.firmId}, ${event.kind}, ${event.subjectId}, ${actor.actorType}, ${actor.actorId},
        ${event.data ? JSON.stringify(event.data) : null}, ${event.at}
      where changes() = 1`),
    dispatchJobFor(db, id),
  ] as const;
}
