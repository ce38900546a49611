import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { contacts, emails, jobs } from '../../db/schema.ts';

export type OutboxEmail = typeof emails.$inferSelect;

/**
 * The dev mailbox (`MAILER=dev`): every firm's sent email, newest first,
 * with the sender's name and reply address. Rows queued before the outbox
 * had columns for them carry them in their send job's payload (read for one
 * release). Deliberately unscoped: it exists only with `DEV_ROUTES`, for a
 * developer reading what the server sent.
 */
export async function listSentMailWithSender(db: Db, limit = 200) {
  return db
    .select({
      id: emails.id,
      kind: emails.kind,
      to: emails.to,
      subject: emails.subject,
      text: emails.text,
      html: emails.html,
      sentAt: emails.sentAt,
      createdAt: emails.createdAt,
      fromName: sql<string | null>`coalesce(${emails.fromName}, json_extract(${jobs.payload}, '$.fromName'))`,
      replyTo: sql<string | null>`coalesce(${emails.replyTo}, json_extract(${jobs.payload}, '$.replyTo'))`,
    })
    .from(emails)
    .leftJoin(jobs, eq(jobs.uniqueKey, emails.jobKey))
    .where(eq(emails.state, 'sent'))
    .orderBy(desc(emails.sentAt), desc(emails.createdAt))
    .limit(limit);
}

/** The same without the id, kind and sender: the fields the elements' `DevMail` type knows. */
export async function listSentMail(db: Db, limit = 200) {
  return (await listSentMailWithSender(db, limit)).map(({ id: _id, kind: _kind, fromName: _fromName, replyTo: _replyTo, ...mail }) => mail);
}

export async function findOutboxEmail(db: Db, key: string): Promise<OutboxEmail | null> {
  const [row] = await db.select().from(emails).where(eq(emails.jobKey, key));
  return row ?? null;
}

/**
 * Who an email went to, as far as the outbox knows: its firm, and the contact
 * by id or, failing that, by address. A member's email concerns no contact
 * (members have no undeliverable mark: only the email row records it).
 */
type Recipient = { firmId: string | null; contactId: string | null; memberId?: string | null; to: string };

const contactOf = (r: Recipient & { firmId: string }) =>
  and(eq(contacts.firmId, r.firmId), r.contactId ? eq(contacts.id, r.contactId) : sql`lower(${contacts.email}) = lower(${r.to})`);

/** When and why the provider gave up on the recipient's address, or null while it is deliverable (or not a contact's). */
export async function undeliverableSince(db: Db, recipient: Recipient): Promise<{ at: number; reason: string | null } | null> {
  if (!recipient.firmId || recipient.memberId) return null;
  const [row] = await db
    .select({ at: contacts.emailUndeliverableAt, reason: contacts.emailUndeliverableReason })
    .from(contacts)
    .where(and(contactOf({ ...recipient, firmId: recipient.firmId }), isNotNull(contacts.emailUndeliverableAt)));
  return row?.at ? { at: row.at, reason: row.reason } : null;
}

/**
 * Marks an outbox email undeliverable and, when it went to a contact of its
 * firm, that contact's address (the first report's time and reason stay):
 * nothing more goes there until the address changes. `bounced` says the
 * provider reported it after sending (a bounce, a spam complaint) rather
 * than refusing it up front.
 */
export async function markUndeliverable(db: Db, email: OutboxEmail, reason: string, now: number, bounced = false) {
  const writes = [
    db
      .update(emails)
      .set({ state: 'undeliverable', lastError: reason, ...(bounced ? { bouncedAt: now } : {}) })
      .where(eq(emails.id, email.id)),
  ] as const;
  if (!email.firmId || email.memberId) {
    await writes[0];
    return;
  }
  await db.batch([
    ...writes,
    db
      .update(contacts)
      .set({ emailUndeliverableAt: now, emailUndeliverableReason: reason })
      .where(and(contactOf({ ...email, firmId: email.firmId }), sql`${contacts.emailUndeliverableAt} is null`)),
  ]);
}

/** The outbox email the provider knows by this message id; null for one we never sent (or purged). */
export async function findEmailByProviderId(db: Db, providerId: string): Promise<OutboxEmail | null> {
  const [row] = await db.select().from(emails).where(eq(emails.providerId, providerId));
  return row ?? null;
}
