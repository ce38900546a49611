import { eq } from 'drizzle-orm';
import * as v from 'valibot';
import type { Db } from '../../db/client.ts';
import { emails } from '../../db/schema.ts';
import { newId } from '../../db/ids.ts';
import type { Clock } from '../ports/clock.ts';
import { defineJob, isPermanent, PermanentJobError } from './kind.ts';
import { insertJob } from './queue.ts';

export const EMAIL_JOB = 'email.send';

export interface EmailDraft {
  firmId: string | null;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Idempotency key for the whole send: the same key never sends twice. */
  key: string;
  /** A thread's reply address: a reply to this email reaches the conversation. Kept in the job (the outbox has no column for it). */
  replyTo?: string | undefined;
  /** The sender's display name (the firm's), kept in the job like the reply address. */
  fromName?: string | undefined;
}

/** Puts an email in the outbox and its send job in the queue, in one batch. Answers the job's run time. */
export async function queueEmail(db: Db, clock: Clock, draft: EmailDraft, runAt = clock.now()) {
  const now = clock.now();
  const id = newId('eml');
  const [, job] = await db.batch([
    db
      .insert(emails)
      .values({ id, firmId: draft.firmId, to: draft.to, subject: draft.subject, text: draft.text, html: draft.html, jobKey: draft.key, createdAt: now })
      .onConflictDoNothing({ target: emails.jobKey }),
    insertJob(db, { kind: EMAIL_JOB, key: draft.key, runAt, payload: { key: draft.key, ...(draft.replyTo ? { replyTo: draft.replyTo } : {}), ...(draft.fromName ? { fromName: draft.fromName } : {}) }, firmId: draft.firmId }, now),
  ]);
  return job[0] ?? null;
}

/** Sends the outbox row named by the job, unless it already went out; a refusal for good marks it failed. */
export const emailJob = defineJob({
  payload: v.object({ key: v.string(), replyTo: v.optional(v.string()), fromName: v.optional(v.string()) }),
  async run({ key, replyTo, fromName }, _job, { db, clock, mailer }) {
    const [email] = await db.select().from(emails).where(eq(emails.jobKey, key));
    if (!email) throw new PermanentJobError(`No outbox email for ${key}`);
    if (email.state === 'sent') return;
    try {
      const { providerId } = await mailer.send({ to: email.to, subject: email.subject, text: email.text, html: email.html, key, ...(replyTo ? { replyTo } : {}), ...(fromName ? { fromName } : {}), ...(email.headers ? { headers: email.headers } : {}) });
      await db.update(emails).set({ state: 'sent', providerId, sentAt: clock.now() }).where(eq(emails.id, email.id));
    } catch (error) {
      if (isPermanent(error)) await db.update(emails).set({ state: 'failed' }).where(eq(emails.id, email.id));
      throw error;
    }
  },
});
