import { and, asc, eq, gt, inArray, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { clientContacts, clients, contacts, signInTokens } from '../../db/schema.ts';
import type { StaffCaller } from '../domain/caller.ts';
import { recordActivity } from './activity.ts';
import { historyActor, recordContactHistory, recordContactHistoryIfChanged } from './contact-history.ts';
import { isUniqueViolation } from './clients.ts';
import { pageOf, type CursorKey } from './paging.ts';

export const ACCESS_HEALTH = ['never_invited', 'invited', 'link_expired', 'active', 'undeliverable'] as const;
export type AccessHealth = (typeof ACCESS_HEALTH)[number];

/**
 * Whether a contact can get in, derived from the contact row and their newest
 * invitation: an undeliverable address first (nothing reaches them), then a
 * sign-in since the last invitation, an invitation whose link expired unused,
 * one still open, none at all. The subquery names its tables itself: drizzle
 * leaves columns unqualified in a one-table select, where `id` would read as the token's.
 */
const healthOf = (now: number) => sql<AccessHealth>`case
  when ${contacts.emailUndeliverableAt} is not null then 'undeliverable'
  when ${contacts.lastSignInAt} is not null and (${contacts.invitedAt} is null or ${contacts.lastSignInAt} >= ${contacts.invitedAt}) then 'active'
  when ${contacts.invitedAt} is null then 'never_invited'
  when not exists (select 1 from sign_in_tokens t where t.firm_id = contacts.firm_id and t.subject_id = contacts.id
    and t.audience = 'client' and t.purpose = 'invitation' and t.used_at is null and t.expires_at > ${now}) then 'link_expired'
  else 'invited' end`;

/**
 * The firm's contacts by name, one page, each with their companies (and
 * whether their access is on) and their access health; `health` filters by
 * it, `q` finds a part of the name or email.
 */
export async function listContacts(db: Db, firmId: string, filter: { q?: string | undefined; health?: AccessHealth | undefined }, page: { limit: number; after?: CursorKey | undefined }, now: number) {
  const health = healthOf(now);
  const where: (SQL | undefined)[] = [eq(contacts.firmId, firmId)];
  if (filter.q) where.push(sql`(instr(lower(${contacts.name}), lower(${filter.q})) > 0 or instr(lower(${contacts.email}), lower(${filter.q})) > 0)`);
  if (filter.health) where.push(sql`${health} = ${filter.health}`);
  if (page.after) {
    const [name, id] = page.after as [string, string];
    where.push(or(gt(contacts.name, name), and(eq(contacts.name, name), gt(contacts.id, id))));
  }
  const rows = await db
    .select({ id: contacts.id, name: contacts.name, email: contacts.email, phone: contacts.phone, health, invitedAt: contacts.invitedAt, lastSignInAt: contacts.lastSignInAt })
    .from(contacts)
    .where(and(...where))
    .orderBy(asc(contacts.name), asc(contacts.id))
    .limit(page.limit + 1);
  const ids = rows.slice(0, page.limit).map((r) => r.id);
  const links = ids.length
    ? await db
        .select({ contactId: clientContacts.contactId, id: clients.id, name: clients.name, portalOpen: clients.portalOpen, access: clientContacts.portalAccess })
        .from(clientContacts)
        .innerJoin(clients, and(eq(clients.firmId, clientContacts.firmId), eq(clients.id, clientContacts.clientId)))
        .where(and(eq(clientContacts.firmId, firmId), inArray(clientContacts.contactId, ids)))
        .orderBy(asc(clients.name))
    : [];
  return pageOf(rows, page.limit, (r) => [r.name, r.id], (r) => ({
    ...r,
    companies: links.filter((l) => l.contactId === r.id).map(({ id, name, portalOpen, access }) => ({ id, name, portalOpen, access })),
  }));
}

/** Turns one contact's access to one company on or off; answers false when the contact is not the company's. */
export async function setPortalAccess(db: Db, caller: StaffCaller, clientId: string, contactId: string, access: boolean, now: number): Promise<boolean> {
  const [updated] = await db.batch([
    db
      .update(clientContacts)
      .set({ portalAccess: access })
      .where(and(eq(clientContacts.firmId, caller.firmId), eq(clientContacts.clientId, clientId), eq(clientContacts.contactId, contactId)))
      .returning({ contactId: clientContacts.contactId }),
    recordContactHistory(db, { firmId: caller.firmId, contactId, actor: historyActor(caller), action: 'contact.access_changed', data: { clientId, access }, at: now }),
  ]);
  return updated.length === 1;
}

/** The clients of the firm among these ids. */
export async function firmClientsAmong(db: Db, firmId: string, clientIds: readonly string[]) {
  return db.select({ id: clients.id }).from(clients).where(and(eq(clients.firmId, firmId), inArray(clients.id, [...clientIds])));
}

/**
 * Opens the portal for these clients of the firm; answers the contacts to
 * invite (with access and an address that is not undeliverable), marked
 * invited now. Silently: none (they learn of it with their first task).
 */
export async function openPortalFor(db: Db, caller: StaffCaller, clientIds: readonly string[], mode: 'invite' | 'silent', now: number) {
  const ids = [...clientIds];
  const invitees =
    mode === 'invite'
      ? await db
          .select({ id: contacts.id, email: contacts.email, clientId: clientContacts.clientId })
          .from(clientContacts)
          .innerJoin(contacts, and(eq(contacts.firmId, clientContacts.firmId), eq(contacts.id, clientContacts.contactId)))
          .where(and(eq(clientContacts.firmId, caller.firmId), inArray(clientContacts.clientId, ids), eq(clientContacts.portalAccess, true), isNull(contacts.emailUndeliverableAt)))
      : [];
  const people = [...new Map(invitees.map((i) => [i.id, { id: i.id, email: i.email }])).values()];
  await db.batch([
    db.update(clients).set({ portalOpen: true }).where(and(eq(clients.firmId, caller.firmId), inArray(clients.id, ids))),
    ...(people.length ? [db.update(contacts).set({ invitedAt: now }).where(and(eq(contacts.firmId, caller.firmId), inArray(contacts.id, people.map((i) => i.id))))] : []),
    ...ids.map((clientId) => recordActivity(db, { firmId: caller.firmId, subjectId: clientId, caller, action: 'client.portal_opened', data: { mode }, at: now })),
    ...people.map((p) => recordContactHistory(db, { firmId: caller.firmId, contactId: p.id, actor: historyActor(caller), action: 'contact.invited', at: now })),
  ]);
  /** The clients someone was invited to (they get the firm's sample task, once). */
  return { invitees: people, invitedClientIds: [...new Set(invitees.map((i) => i.clientId))] };
}

/** A contact of the firm to invite again: their address, unless it is undeliverable (then null with the reason). */
export async function markInvited(db: Db, caller: StaffCaller, contactId: string, now: number) {
  const [[row]] = await db.batch([
    db
      .update(contacts)
      .set({ invitedAt: now })
      .where(and(eq(contacts.firmId, caller.firmId), eq(contacts.id, contactId), isNull(contacts.emailUndeliverableAt)))
      .returning({ id: contacts.id, email: contacts.email }),
    recordContactHistoryIfChanged(db, { firmId: caller.firmId, contactId, actor: historyActor(caller), action: 'contact.invited', at: now }),
  ]);
  if (!row) return null;
  // The companies the invitation opens (access on, portal open): each gets the firm's sample task, once.
  const links = await db
    .select({ clientId: clientContacts.clientId })
    .from(clientContacts)
    .innerJoin(clients, and(eq(clients.firmId, clientContacts.firmId), eq(clients.id, clientContacts.clientId)))
    .where(and(eq(clientContacts.firmId, caller.firmId), eq(clientContacts.contactId, contactId), eq(clientContacts.portalAccess, true), eq(clients.portalOpen, true)));
  return { ...row, clientIds: links.map((l) => l.clientId) };
}

export async function findContact(db: Db, firmId: string, contactId: string) {
  const [row] = await db.select({ id: contacts.id }).from(contacts).where(and(eq(contacts.firmId, firmId), eq(contacts.id, contactId)));
  return row ?? null;
}

/** One contact of the firm as its record shows it (`FirmContactRecord`): details, access health, and every company with its access. */
export async function getContactRecord(db: Db, firmId: string, contactId: string, now: number) {
  const [row] = await db
    .select({
      id: contacts.id, name: contacts.name, email: contacts.email, phone: contacts.phone, locale: contacts.locale, health: healthOf(now),
      invitedAt: contacts.invitedAt, lastSignInAt: contacts.lastSignInAt, undeliverableAt: contacts.emailUndeliverableAt, undeliverableReason: contacts.emailUndeliverableReason,
    })
    .from(contacts)
    .where(and(eq(contacts.firmId, firmId), eq(contacts.id, contactId)));
  if (!row) return null;
  const companies = await db
    .select({ id: clients.id, name: clients.name, portalOpen: clients.portalOpen, access: clientContacts.portalAccess })
    .from(clientContacts)
    .innerJoin(clients, and(eq(clients.firmId, clientContacts.firmId), eq(clients.id, clientContacts.clientId)))
    .where(and(eq(clientContacts.firmId, firmId), eq(clientContacts.contactId, contactId)))
    .orderBy(asc(clients.name), asc(clients.id));
  const { undeliverableAt, undeliverableReason, ...rest } = row;
  return { ...rest, emailUndeliverable: undeliverableAt === null ? null : { at: undeliverableAt, reason: undeliverableReason ?? '' }, companies };
}

export type ContactRecord = NonNullable<Awaited<ReturnType<typeof getContactRecord>>>;

export interface ContactPatch {
  name?: string | undefined;
  email?: string | undefined;
  phone?: string | null | undefined;
}

/**
 * Staff change a contact's name, email or phone, with `contact.edited
 * {fields}` (and `contact.email_changed {from, to}`). A new address clears
 * "undeliverable" and ends the contact's open sign-in links (they went to
 * the old address). Answers the fields changed, or 'email_taken' when another
 * contact of the firm has the address (the unique index decides a race too).
 */
export async function updateContact(db: Db, caller: StaffCaller, contactId: string, patch: ContactPatch, now: number): Promise<string[] | 'email_taken' | 'not_found'> {
  const [row] = await db.select().from(contacts).where(and(eq(contacts.firmId, caller.firmId), eq(contacts.id, contactId)));
  if (!row) return 'not_found';
  const fields = (Object.keys(patch) as (keyof ContactPatch)[]).filter((k) => patch[k] !== undefined && patch[k] !== row[k]);
  if (fields.length === 0) return [];
  const emailChanged = fields.includes('email');
  if (emailChanged) {
    const [other] = await db.select({ id: contacts.id }).from(contacts).where(and(eq(contacts.firmId, caller.firmId), eq(contacts.email, patch.email!), ne(contacts.id, contactId)));
    if (other) return 'email_taken';
  }
  const actor = historyActor(caller);
  const set = {
    ...Object.fromEntries(fields.map((f) => [f, patch[f]])),
    ...(emailChanged ? { emailUndeliverableAt: null, emailUndeliverableReason: null } : {}),
  };
  try {
    await db.batch([
      db.update(contacts).set(set).where(and(eq(contacts.firmId, caller.firmId), eq(contacts.id, contactId))),
      recordContactHistory(db, { firmId: caller.firmId, contactId, actor, action: 'contact.edited', data: { fields }, at: now }),
      ...(emailChanged
        ? [
            recordContactHistory(db, { firmId: caller.firmId, contactId, actor, action: 'contact.email_changed', data: { from: row.email, to: patch.email! }, at: now }),
            db
              .update(signInTokens)
              .set({ expiresAt: now })
              .where(and(eq(signInTokens.firmId, caller.firmId), eq(signInTokens.audience, 'client'), eq(signInTokens.subjectId, contactId), isNull(signInTokens.usedAt), gt(signInTokens.expiresAt, now))),
          ]
        : []),
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) return 'email_taken';
    throw error;
  }
  return fields;
}
