import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { clients, members } from '../../db/schema.ts';
import { senderName } from '../emails/brand.ts';
import { portalClientsOf } from './firms.ts';

/**
 * The From name of a contact email about these clients of the firm: their
 * responsible member, then the firm (`Kadri Tamm, Demo & Partners`) when
 * they all have the same one; the firm alone when any has none or they
 * differ (an email about two companies looked after by two people).
 */
export async function fromNameFor(db: Db, firm: { id: string; name: string }, clientIds: readonly string[]): Promise<string> {
  const ids = [...new Set(clientIds)];
  if (ids.length === 0) return senderName(firm.name);
  const rows = await db
    .selectDistinct({ memberId: clients.responsibleMemberId, name: members.name })
    .from(clients)
    .leftJoin(members, and(eq(members.firmId, clients.firmId), eq(members.id, clients.responsibleMemberId)))
    .where(and(eq(clients.firmId, firm.id), inArray(clients.id, ids)));
  const [only] = rows;
  return senderName(firm.name, rows.length === 1 ? only?.name : null);
}

/** The same for an email about whatever the contact has in the portal (the digest): the companies they see there. */
export async function fromNameForContact(db: Db, firm: { id: string; name: string }, contactId: string): Promise<string> {
  return fromNameFor(db, firm, (await portalClientsOf(db, firm.id, contactId)).map((c) => c.id));
}
