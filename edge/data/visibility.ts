import { and, eq, exists, isNotNull, isNull, notExists, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { alias, QueryBuilder } from 'drizzle-orm/sqlite-core';
import { clientContacts, clients, files, messages, requests, tasks, works } from '../../db/schema.ts';
import type { StaffCaller } from '../domain/caller.ts';

/**
 * "What a contact may see", written once (ARCHITECTURE.md). Every client-side
 * read, count, write and notification puts one of these in its `where`, so a
 * rule added here reaches all of them at once. Tasks addressed to one
 * contact are not in the schema yet; "only the contact it is addressed to"
 * belongs in `taskVisibleTo` when it lands.
 * Each value is a string, a column (to correlate: "the contacts who may see
 * this client") or a prepared-statement placeholder.
 */
type Value = string | SQLWrapper;

const subquery = new QueryBuilder();
// Aliased, so a value that is a column of the outer query (`clients.id`) still names the outer row.
const access = alias(clientContacts, 'visible_access');
const openClient = alias(clients, 'visible_client');
const completedWork = alias(works, 'visible_completed_work');

/** The contact belongs to the client, their access (the client_contacts link) is on, and the client's portal is open. */
export function clientOpenTo(scope: { firmId: Value; contactId: Value }, clientId: Value): SQL {
  return exists(
    subquery
      .select({ one: sql`1` })
      .from(access)
      .innerJoin(openClient, eq(openClient.id, access.clientId))
      .where(
        and(
          eq(access.firmId, scope.firmId),
          eq(access.clientId, clientId),
          eq(access.contactId, scope.contactId),
          eq(access.portalAccess, true),
          eq(openClient.firmId, scope.firmId),
          eq(openClient.portalOpen, true),
        ),
      ),
  );
}

/** The task belongs to no work, or to one not completed: a completed work takes its tasks out of the portal. */
function notOfCompletedWork(firmId: Value): SQL {
  return notExists(
    subquery
      .select({ one: sql`1` })
      .from(completedWork)
      .where(and(eq(completedWork.firmId, firmId), eq(completedWork.id, tasks.workId), isNotNull(completedWork.completedAt))),
  );
}

/**
 * A task of the firm the contact may see: assigned to the portal, not
 * withdrawn, not deleted, not of a completed work, of a client open to them,
 * and addressed to no one contact or to them.
 */
export function taskVisibleTo(scope: { firmId: Value; contactId: Value }): SQL {
  return and(
    eq(tasks.firmId, scope.firmId),
    or(isNull(tasks.contactId), eq(tasks.contactId, scope.contactId)),
    isNotNull(tasks.assignedAt),
    isNull(tasks.withdrawnAt),
    isNull(tasks.deletedAt),
    notOfCompletedWork(scope.firmId),
    clientOpenTo(scope, tasks.clientId),
  )!;
}

/**
 * A request the contact may see in the portal: one they sent themselves, for
 * a client still open to them.
 */
export function requestVisibleTo(scope: { firmId: Value; contactId: Value }): SQL {
  return and(eq(requests.firmId, scope.firmId), eq(requests.contactId, scope.contactId), clientOpenTo(scope, requests.clientId))!;
}

/**
 * A message the contact may see: a portal message (never an internal one),
 * not deleted, in the thread of a task or a request they may see. Every
 * client-side read, count and email of messages puts this in its `where`.
 */
export function messageVisibleTo(scope: { firmId: Value; contactId: Value }): SQL {
  return and(
    eq(messages.firmId, scope.firmId),
    eq(messages.visibility, 'portal'),
    isNull(messages.deletedAt),
    or(
      exists(subquery.select({ one: sql`1` }).from(tasks).where(and(eq(tasks.id, messages.taskId), taskVisibleTo(scope)))),
      exists(subquery.select({ one: sql`1` }).from(requests).where(and(eq(requests.id, messages.requestId), requestVisibleTo(scope)))),
    ),
  )!;
}

const attachedTo = alias(messages, 'visible_attached_to');

/**
 * A file the contact may see as far as its own kind and its message go: not
 * a staff upload kept from the client (`internal`), and on no message or on
 * a portal message (a file attached to an internal note stays in the firm).
 * It says nothing about the task or request the file is on: file reads add
 * their own rule for that (taskVisibleTo, requestVisibleTo).
 */
export function fileMessageVisibleTo(scope: { firmId: Value; contactId: Value }): SQL {
  return clientFacingFile(scope.firmId);
}

/** The same rule where no one contact reads: a file meant for the client's side (what digitisation may send out). */
export function clientFacingFile(firmId: Value): SQL {
  return and(
    eq(files.internal, false),
    or(
      isNull(files.messageId),
      exists(
        subquery
          .select({ one: sql`1` })
          .from(attachedTo)
          .where(and(eq(attachedTo.firmId, firmId), eq(attachedTo.id, files.messageId), eq(attachedTo.visibility, 'portal'), isNull(attachedTo.deletedAt))),
      ),
    ),
  )!;
}

/**
 * A file that may go onto a message of this visibility: onto an internal
 * note never a document request's version (the client sees that one on its
 * checklist item, and must keep seeing it). Onto a portal message any of the
 * author's own uploads to the thread: a staff upload for a message goes up
 * `internal` and the portal message publishes it (postMessageStatements), so
 * a draft that is never sent leaves nothing the client sees.
 */
export function fileAttachableTo(visibility: 'internal' | 'portal'): SQL | undefined {
  return visibility === 'portal' ? undefined : isNull(files.checklistItemId);
}

const responsibleFor = alias(clients, 'visible_responsible_for');

/**
 * A request a staff caller may see: the owner, admins and the firm's API keys
 * (made by them) see every request of the firm; any other member only those
 * assigned to them or of a client they are responsible for. Every staff-side
 * read, count and write of requests puts this in its `where`.
 */
export function requestVisibleToMember(caller: StaffCaller): SQL {
  const firmWide = caller.kind === 'apikey' || caller.role !== 'member';
  if (firmWide) return eq(requests.firmId, caller.firmId);
  return and(
    eq(requests.firmId, caller.firmId),
    or(
      eq(requests.assignedMemberId, caller.memberId),
      exists(
        subquery
          .select({ one: sql`1` })
          .from(responsibleFor)
          .where(and(eq(responsibleFor.firmId, caller.firmId), eq(responsibleFor.id, requests.clientId), eq(responsibleFor.responsibleMemberId, caller.memberId))),
      ),
    ),
  )!;
}
