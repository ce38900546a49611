import type { BatchItem } from 'drizzle-orm/batch';
import * as v from 'valibot';
import type { Db } from '../../db/client.ts';
import { emails } from '../../db/schema.ts';
import { newId } from '../../db/ids.ts';
import { EMAIL_JOB, findOutboxEmails, handOver, notSentWrite, sentWrite, undeliverableSince, undeliverableWrites, type OutboxEmail } from '../data/emails.ts';
import type { Clock } from '../ports/clock.ts';
import { InactiveRecipientError, MailerError, type Mailer, type OutgoingEmail } from '../ports/mailer.ts';
import { defineJob, isPermanent, PermanentJobError } from './kind.ts';
import { insertJob, type Job } from './queue.ts';

export { EMAIL_JOB };

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
    // About its task, else its contact: the Delivery view names it, and a withdrawal can cancel it.
    insertJob(db, { kind: EMAIL_JOB, key: draft.key, runAt, payload: { key: draft.key }, firmId: draft.firmId, subjectId: draft.taskId ?? draft.contactId ?? null }, now),
  ]);
  return job[0] ?? null;
}

/** What a send job adds to its outbox row (jobs queued before the outbox had columns for these, read for one release). */
type Extra = { replyTo?: string | undefined; fromName?: string | undefined };

/**
 * A lookup at the provider is begun only while this much of the jobs' lease
 * remains: the lookup itself and the batch call after it (each up to the
 * mailer's 30 s timeout) must end before another runner may claim the jobs
 * again and find the rows still queued.
 */
export const LEASE_KEPT_FOR_SENDING_MS = 60_000;

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/**
 * Delivers queued outbox rows in one go, answering per email null (settled:
 * sent or undeliverable) or the error it was not sent with (the job retries,
 * or fails for good when the error says so).
 *
 * One send per key, ever: each row is marked handed over (`handed_at`) and
 * committed before the provider call, by a compare-and-set on the
 * `handed_at` read, and only the rows it took are sent (another runner that
 * took one meanwhile sends it, or looks it up). A queued row already marked
 * handed over (the process died during the call, or the call failed or
 * timed out, after which the provider may still have accepted it) is first
 * looked up at the provider by its key; found, it is recorded as sent
 * without sending. The lookups run one by one and only while enough of the
 * lease `leaseUntil` remains; after the first that fails (the provider cannot
 * tell now, and each further one could wait as long), the rest wait for the
 * job's next attempt, unsent.
 *
 * To an address the provider gave up on, a row is marked undeliverable
 * without calling the provider; the provider's "inactive recipient" marks the
 * row and the contact's address the same way. Each result is written on its
 * own merits, all in one batch.
 */
export async function deliver(
  deps: { db: Db; clock: Clock; mailer: Mailer },
  list: readonly { email: OutboxEmail; extra?: Extra }[],
  leaseUntil = Number.POSITIVE_INFINITY,
): Promise<(Error | null)[]> {
  const { db, clock, mailer } = deps;
  const outcomes: (Error | null)[] = list.map(() => null);
  const writes: BatchItem<'sqlite'>[] = [];
  const toSend: number[] = [];
  let lookupsStopped: Error | null = null;
  const leaveForNextAttempt = (i: number, error: Error) => {
    outcomes[i] = error;
    writes.push(notSentWrite(db, list[i]!.email.id, error.message, false));
  };
  for (const [i, { email }] of list.entries()) {
    const dead = await undeliverableSince(db, email);
    if (dead) {
      writes.push(...undeliverableWrites(db, email, `Not sent: the address is undeliverable (${dead.reason ?? 'reported by the provider'})`, clock.now()));
      continue;
    }
    if (email.handedAt !== null) {
      // Not knowing whether it went out, it is not sent again now: the job retries.
      if (lookupsStopped) {
        leaveForNextAttempt(i, new MailerError(`Not sent: not looked up at the provider after an earlier lookup failed (${lookupsStopped.message})`, true));
        continue;
      }
      if (clock.now() > leaseUntil - LEASE_KEPT_FOR_SENDING_MS) {
        leaveForNextAttempt(i, new MailerError('Not sent: not looked up at the provider before the lease ran short', true));
        continue;
      }
      try {
        const accepted = await mailer.findSent(email.jobKey);
        if (accepted) {
          writes.push(sentWrite(db, email.id, accepted.providerId, clock.now()));
          continue;
        }
      } catch (error) {
        lookupsStopped = asError(error);
        leaveForNextAttempt(i, lookupsStopped);
        continue;
      }
    }
    toSend.push(i);
  }
  if (toSend.length > 0) {
    const taken = await handOver(db, toSend.map((i) => ({ id: list[i]!.email.id, handedAt: list[i]!.email.handedAt })), clock.now());
    const sending: number[] = [];
    for (const i of toSend) {
      if (taken.has(list[i]!.email.id)) sending.push(i);
      // Sent, settled or handed over by another attempt since it was read: that one answers for it; this job looks again later.
      else outcomes[i] = new MailerError('Not sent: handed over by another attempt meanwhile', true);
    }
    const results = sending.length > 0 ? await mailer.sendBatch(sending.map((i) => outgoing(list[i]!.email, list[i]!.extra))) : [];
    for (const [n, i] of sending.entries()) {
      const { email } = list[i]!;
      // No answer for it: it may or may not have been accepted, so the next attempt looks it up first.
      const result = results[n] ?? { ok: false, error: new MailerError('Result unknown: the mailer gave no answer for this email', true) };
      if (result.ok) writes.push(sentWrite(db, email.id, result.providerId, clock.now()));
      else if (result.error instanceof InactiveRecipientError) writes.push(...undeliverableWrites(db, email, result.error.message, clock.now()));
      else {
        outcomes[i] = result.error;
        writes.push(notSentWrite(db, email.id, result.error.message, isPermanent(result.error)));
      }
    }
  }
  const [first, ...rest] = writes;
  if (first) await db.batch([first, ...rest]);
  return outcomes;
}

function outgoing(email: OutboxEmail, extra: Extra = {}): OutgoingEmail {
  const replyTo = email.replyTo ?? extra.replyTo;
  const fromName = email.fromName ?? extra.fromName;
  return {
    to: email.to,
    subject: email.subject,
    text: email.text,
    html: email.html,
    key: email.jobKey,
    ...(replyTo ? { replyTo } : {}),
    ...(fromName ? { fromName } : {}),
    ...(email.headers ? { headers: email.headers } : {}),
  };
}

const emailPayload = v.object({ key: v.string(), replyTo: v.optional(v.string()), fromName: v.optional(v.string()) });

/**
 * Sends the outbox rows named by the jobs, in one batch when many are due,
 * skipping those settled already (sent, failed, undeliverable).
 */
async function sendEmails(batch: readonly { payload: v.InferOutput<typeof emailPayload>; job: Job }[], deps: { db: Db; clock: Clock; mailer: Mailer }): Promise<(Error | null)[]> {
  const found = await findOutboxEmails(deps.db, batch.map(({ payload }) => payload.key));
  const outcomes: (Error | null)[] = batch.map(() => null);
  const queued: { at: number; email: OutboxEmail; extra: Extra }[] = [];
  for (const [at, { payload }] of batch.entries()) {
    const email = found.get(payload.key);
    if (!email) outcomes[at] = new PermanentJobError(`No outbox email for ${payload.key}`);
    else if (email.state === 'queued') queued.push({ at, email, extra: { replyTo: payload.replyTo, fromName: payload.fromName } });
  }
  // The batch's jobs were claimed together, under one lease.
  const leaseUntil = Math.min(...batch.map(({ job }) => job.leaseUntil ?? Number.POSITIVE_INFINITY));
  const delivered = await deliver(deps, queued, leaseUntil);
  for (const [n, { at }] of queued.entries()) outcomes[at] = delivered[n]!;
  return outcomes;
}

export const emailJob = defineJob({
  // replyTo/fromName: jobs queued before the outbox had columns for them (read for one release).
  payload: emailPayload,
  async run(payload, job, deps) {
    const [outcome] = await sendEmails([{ payload, job }], deps);
    if (outcome) throw outcome;
  },
  runBatch: (batch, deps) => sendEmails(batch, deps),
});
