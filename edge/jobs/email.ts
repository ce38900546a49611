import type { BatchItem } from 'drizzle-orm/batch';
import * as v from 'valibot';
import type { Db } from '../../db/client.ts';
import { emails } from '../../db/schema.ts';
import { newId } from '../../db/ids.ts';
import { findOutboxEmails, markHandedOver, notSentWrite, sentWrite, undeliverableSince, undeliverableWrites, type OutboxEmail } from '../data/emails.ts';
import type { Clock } from '../ports/clock.ts';
import { InactiveRecipientError, type Mailer, type OutgoingEmail } from '../ports/mailer.ts';
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

/** What a send job adds to its outbox row (jobs queued before the outbox had columns for these, read for one release). */
type Extra = { replyTo?: string | undefined; fromName?: string | undefined };

const notSentBecause = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Delivers queued outbox rows in one go, answering per email null (settled:
 * sent or undeliverable) or the error it was not sent with (the job retries,
 * or fails for good when the error says so).
 *
 * One send per key, ever: each row is marked handed over (`handed_at`) and
 * committed before the provider call. A queued row already marked handed
 * over (the process died during the call, or the call failed or timed out,
 * after which the provider may still have accepted it) is first looked up at
 * the provider by its key; found, it is recorded as sent without sending.
 *
 * To an address the provider gave up on, a row is marked undeliverable
 * without calling the provider; the provider's "inactive recipient" marks the
 * row and the contact's address the same way. Each result is written on its
 * own merits, all in one batch.
 */
export async function deliver(deps: { db: Db; clock: Clock; mailer: Mailer }, list: readonly { email: OutboxEmail; extra?: Extra }[]): Promise<(Error | null)[]> {
  const { db, clock, mailer } = deps;
  const outcomes: (Error | null)[] = list.map(() => null);
  const writes: BatchItem<'sqlite'>[] = [];
  const toSend: number[] = [];
  for (const [i, { email }] of list.entries()) {
    const dead = await undeliverableSince(db, email);
    if (dead) {
      writes.push(...undeliverableWrites(db, email, `Not sent: the address is undeliverable (${dead.reason ?? 'reported by the provider'})`, clock.now()));
      continue;
    }
    if (email.handedAt !== null) {
      try {
        const accepted = await mailer.findSent(email.jobKey);
        if (accepted) {
          writes.push(sentWrite(db, email.id, accepted.providerId, clock.now()));
          continue;
        }
      } catch (error) {
        // Not knowing whether it went out, it is not sent again now: the job retries.
        outcomes[i] = error instanceof Error ? error : new Error(String(error));
        writes.push(notSentWrite(db, email.id, notSentBecause(error), false));
        continue;
      }
    }
    toSend.push(i);
  }
  if (toSend.length > 0) {
    await markHandedOver(db, toSend.map((i) => list[i]!.email.id), clock.now());
    const results = await mailer.sendBatch(toSend.map((i) => outgoing(list[i]!.email, list[i]!.extra)));
    for (const [n, result] of results.entries()) {
      const i = toSend[n]!;
      const { email } = list[i]!;
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
async function sendEmails(batch: readonly { payload: v.InferOutput<typeof emailPayload> }[], deps: { db: Db; clock: Clock; mailer: Mailer }): Promise<(Error | null)[]> {
  const found = await findOutboxEmails(deps.db, batch.map(({ payload }) => payload.key));
  const outcomes: (Error | null)[] = batch.map(() => null);
  const queued: { at: number; email: OutboxEmail; extra: Extra }[] = [];
  for (const [at, { payload }] of batch.entries()) {
    const email = found.get(payload.key);
    if (!email) outcomes[at] = new PermanentJobError(`No outbox email for ${payload.key}`);
    else if (email.state === 'queued') queued.push({ at, email, extra: { replyTo: payload.replyTo, fromName: payload.fromName } });
  }
  const delivered = await deliver(deps, queued);
  for (const [n, { at }] of queued.entries()) outcomes[at] = delivered[n]!;
  return outcomes;
}

export const emailJob = defineJob({
  // replyTo/fromName: jobs queued before the outbox had columns for them (read for one release).
  payload: emailPayload,
  async run(payload, _job, deps) {
    const [outcome] = await sendEmails([{ payload }], deps);
    if (outcome) throw outcome;
  },
  runBatch: (batch, deps) => sendEmails(batch, deps),
});
