import { and, eq, exists, isNotNull, isNull, notExists, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { alias, QueryBuilder } from 'drizzle-orm/sqlite-core';
import { clientContacts, clients, requests, tasks, works } from '../../db/schema.ts';

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
 * withdrawn, not deleted, not of a completed work, of a client open to them.
 */
export function taskVisibleTo(scope: { firmId: Value; contactId: Value }): SQL {
  return and(
    eq(tasks.firmId, scope.firmId),
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
