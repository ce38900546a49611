import { and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { contacts, emails, jobs } from '../../db/schema.ts';

export type OutboxEmail = typeof emails.$inferSelect;

/** The kind of the job that sends an outbox email (its unique key is the email's `job_key`). */
export const EMAIL_JOB = 'email.send';

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

/** The outbox emails with these keys, by key (one read for a batch of send jobs). */
export async function findOutboxEmails(db: Db, keys: readonly string[]): Promise<Map<string, OutboxEmail>> {
  const rows = keys.length === 0 ? [] : await db.select().from(emails).where(inArray(emails.jobKey, [...keys]));
  return new Map(rows.map((row) => [row.jobKey, row]));
}

/** Rows per hand-over statement: three bound parameters each, well under SQLite's limit. */
const ROWS_PER_HAND_OVER = 300;

/**
 * Marks queued emails as handed to the provider, committed before the call
 * (see `emails.handed_at`), as a compare-and-set: only a row still queued
 * and still carrying the `handed_at` its caller read is taken, so of two
 * runners that read the same row (a lease ran out meanwhile) one sends it and
 * the other learns that it must not. Answers the ids taken: send only those.
 */
export async function handOver(db: Db, rows: readonly { id: string; handedAt: number | null }[], now: number): Promise<Set<string>> {
  const taken = new Set<string>();
  for (let i = 0; i < rows.length; i += ROWS_PER_HAND_OVER) {
    const chunk = rows.slice(i, i + ROWS_PER_HAND_OVER);
    const read = sql.join(
      chunk.map((row) => sql`(${row.id}, ${row.handedAt ?? -1})`),
      sql`, `,
    );
    const updated = await db
      .update(emails)
      .set({ handedAt: now })
      .where(and(inArray(emails.id, chunk.map((row) => row.id)), eq(emails.state, 'queued'), sql`(${emails.id}, coalesce(${emails.handedAt}, -1)) in (values ${read})`))
      .returning({ id: emails.id });
    for (const row of updated) taken.add(row.id);
  }
  return taken;
}

/** The write that records an email as accepted by the provider. */
export function sentWrite(db: Db, emailId: string, providerId: string, now: number) {
  return db.update(emails).set({ state: 'sent', providerId, sentAt: now, lastError: null }).where(eq(emails.id, emailId));
}

/** The write that records why an email was not sent; `failed` when it never will be. */
export function notSentWrite(db: Db, emailId: string, reason: string, failed: boolean) {
  return db.update(emails).set({ lastError: reason, ...(failed ? { state: 'failed' as const } : {}) }).where(eq(emails.id, emailId));
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
  const [first, ...rest] = undeliverableWrites(db, email, reason, now, bounced);
  await db.batch([first, ...rest]);
}

/** The writes of `markUndeliverable`, to batch with others. */
export function undeliverableWrites(db: Db, email: OutboxEmail, reason: string, now: number, bounced = false) {
  const row = db
    .update(emails)
    .set({ state: 'undeliverable', lastError: reason, ...(bounced ? { bouncedAt: now } : {}) })
    .where(eq(emails.id, email.id));
  if (!email.firmId || email.memberId) return [row] as const;
  return [
    row,
    db
      .update(contacts)
      .set({ emailUndeliverableAt: now, emailUndeliverableReason: reason })
      .where(and(contactOf({ ...email, firmId: email.firmId }), sql`${contacts.emailUndeliverableAt} is null`)),
  ] as const;
}

/** The outbox email the provider knows by this message id; null for one we never sent (or purged). */
export async function findEmailByProviderId(db: Db, providerId: string): Promise<OutboxEmail | null> {
  const [row] = await db.select().from(emails).where(eq(emails.providerId, providerId));
  return row ?? null;
}

/**
 * The write that puts the outbox email of a failed send job of this firm
 * back to queued, for "Try again now" (batched with the job's own reset, and
 * before it, while the job is still failed). `handed_at` stays: an email that
 * may have reached the provider is looked up there before it is sent again.
 */
export function requeueFailedEmailOfJob(db: Db, firmId: string, jobId: string) {
  const failedSendJob = db
    .select({ key: jobs.uniqueKey })
    .from(jobs)
    .where(and(eq(jobs.id, jobId), eq(jobs.firmId, firmId), eq(jobs.kind, EMAIL_JOB), eq(jobs.status, 'failed')));
  return db
    .update(emails)
    .set({ state: 'queued' })
    .where(and(eq(emails.firmId, firmId), eq(emails.state, 'failed'), eq(emails.jobKey, sql`(${failedSendJob})`)));
}
