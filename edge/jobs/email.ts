import { eq } from 'drizzle-orm';
import * as v from 'valibot';
import type { Db } from '../../db/client.ts';
import { emails } from '../../db/schema.ts';
import { newId } from '../../db/ids.ts';
import { findOutboxEmail, markUndeliverable, undeliverableSince, type OutboxEmail } from '../data/emails.ts';
import type { Clock } from '../ports/clock.ts';
import { InactiveRecipientError, type Mailer } from '../ports/mailer.ts';
import { defineJob, isPermanent, PermanentJobError } from './kind.ts';
import { insertJob } from './queue.ts';

export const EMAIL_JOB = 'email.send';

/** What an email is (`assigned`, `message`, `reminder`, `sign_in`, `reply_refused`, `digitise`, ...): the firm's delivery lists show it. */
export type EmailKind = string;

export interface EmailDraft {
  firmId: string | null;
  kind: EmailKind;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Idempotency key for the whole send: the same key never sends twice. */
  key: string;
  /** Whom and what it concerns, for the firm's "sent and scheduled" lists and for bounces. */
  contactId?: string | null | undefined;
  memberId?: string | null | undefined;
  taskId?: string | null | undefined;
  requestId?: string | null | undefined;
  /** A thread's reply address: a reply to this email reaches the conversation. */
  replyTo?: string | undefined;
  /** The sender's display name (the firm's). */
  fromName?: string | undefined;
  /** Extra headers (`List-Unsubscribe` on reminders). */
  headers?: Record<string, string> | undefined;
}

/** The outbox columns of a draft (everything but the schedule). */
export function outboxRow(draft: EmailDraft, now: number) {
  return {
    id: newId('eml'),
    firmId: draft.firmId,
    kind: draft.kind,
    to: draft.to,
    subject: draft.subject,
    text: draft.text,
    html: draft.html,
    jobKey: draft.key,
    contactId: draft.contactId ?? null,
    memberId: draft.memberId ?? null,
    taskId: draft.taskId ?? null,
    requestId: draft.requestId ?? null,
    fromName: draft.fromName ?? null,
    replyTo: draft.replyTo ?? null,
    headers: draft.headers ?? null,
    createdAt: now,
  };
}

/** Puts an email in the outbox and its send job in the queue, in one batch. Answers the job's run time. */
export async function queueEmail(db: Db, clock: Clock, draft: EmailDraft, runAt = clock.now()) {
  const now = clock.now();
  const [, job] = await db.batch([
    db.insert(emails).values(outboxRow(draft, now)).onConflictDoNothing({ target: emails.jobKey }),
    insertJob(db, { kind: EMAIL_JOB, key: draft.key, runAt, payload: { key: draft.key }, firmId: draft.firmId }, now),
  ]);
  return job[0] ?? null;
}

/**
 * Delivers one queued outbox row: to an address the provider gave up on, it
 * is marked undeliverable without calling the provider; the provider's "inactive
 * recipient" marks the row and the contact's address the same way. Another
 * refusal for good marks it failed and throws; a passing fault throws (the job retries).
 */
export async function deliver(deps: { db: Db; clock: Clock; mailer: Mailer }, email: OutboxEmail, extra: { replyTo?: string | undefined; fromName?: string | undefined } = {}) {
  const { db, clock, mailer } = deps;
  const dead = await undeliverableSince(db, email);
  if (dead) {
    await markUndeliverable(db, email, `Not sent: the address is undeliverable (${dead.reason ?? 'reported by the provider'})`, clock.now());
    return;
  }
  const replyTo = email.replyTo ?? extra.replyTo;
  const fromName = email.fromName ?? extra.fromName;
  try {
    const { providerId } = await mailer.send({
      to: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      key: email.jobKey,
      ...(replyTo ? { replyTo } : {}),
      ...(fromName ? { fromName } : {}),
      ...(email.headers ? { headers: email.headers } : {}),
    });
    await db.update(emails).set({ state: 'sent', providerId, sentAt: clock.now(), lastError: null }).where(eq(emails.id, email.id));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof InactiveRecipientError) {
      await markUndeliverable(db, email, message, clock.now());
      return;
    }
    await db.update(emails).set({ lastError: message, ...(isPermanent(error) ? { state: 'failed' as const } : {}) }).where(eq(emails.id, email.id));
    throw error;
  }
}

/** Sends the outbox row named by the job, unless it is settled already (sent, failed, undeliverable). */
export const emailJob = defineJob({
  // replyTo/fromName: jobs queued before the outbox had columns for them (read for one release).
  payload: v.object({ key: v.string(), replyTo: v.optional(v.string()), fromName: v.optional(v.string()) }),
  async run({ key, replyTo, fromName }, _job, deps) {
    const email = await findOutboxEmail(deps.db, key);
    if (!email) throw new PermanentJobError(`No outbox email for ${key}`);
    if (email.state !== 'queued') return;
    await deliver(deps, email, { replyTo, fromName });
  },
});
