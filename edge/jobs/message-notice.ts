import { and, desc, eq, gte, lt, ne } from 'drizzle-orm';
import * as v from 'valibot';
import type { Db } from '../../db/client.ts';
import { contacts, jobs } from '../../db/schema.ts';
import type { Config } from '../config.ts';
import { getFirm } from '../data/firms.ts';
import { closedFor, findPortalThread, threadAudience, unreadFromFirm, type Thread } from '../data/messages.ts';
import { messageEmail } from '../emails/message-email.ts';
import { emailFirm } from '../emails/brand.ts';
import { fromNameFor } from '../data/email-sender.ts';
import { replyAddress } from '../lib/reply-token.ts';
import { queueEmail } from './email.ts';
import { defineJob, PermanentJobError } from './kind.ts';
import { contactDelivery, holdForDigest } from './notify-contact.ts';
import { insertJobs } from './queue.ts';

/**
 * "A portal message on their task or request" (ARCHITECTURE.md, to the
 * contact): the first notification rule on the jobs engine. Issue 10's
 * preferences and digests decide here, per contact, before the email is queued.
 */
export const MESSAGE_JOB = 'notify.message';

/** While a notice waits, its key is this; the next message on the thread in the window finds it and adds nothing. */
const pendingKey = (threadId: string, contactId: string) => `${MESSAGE_JOB}:${threadId}:${contactId}`;

/**
 * After the firm writes a portal message, each contact who may see the
 * thread gets one email about `MESSAGE_NOTIFY_DELAY_SECONDS` later; every
 * message of the window goes into it. Answers the job inserts, to go in the
 * same batch as the message (so neither happens without the other), and when
 * (and under which id) to wake up for them. Never for an internal comment: the caller asks only
 * for portal messages, and the handler reads only what the contact may see.
 */
export async function messageNoticeJobs(db: Db, config: Config, posted: { firmId: string; thread: Thread; clientId: string; postedAt: number }) {
  const runAt = posted.postedAt + config.messageNotifyDelaySeconds * 1000;
  const contactIds = await threadAudience(db, posted.firmId, { ...posted.thread, clientId: posted.clientId });
  const notices = contactIds.map((contactId) => ({
    kind: MESSAGE_JOB,
    key: pendingKey(posted.thread.id, contactId),
    runAt,
    payload: { kind: posted.thread.kind, threadId: posted.thread.id, contactId, since: posted.postedAt },
    firmId: posted.firmId,
  }));
  // One wake-up per window: QStash drops a second publish with the same deduplication id, so the id names the window, not the thread.
  return { inserts: insertJobs(db, notices, posted.postedAt), runAt, wakeId: `${pendingKey(posted.thread.id, '')}${runAt}` };
}

/**
 * Sends the notice, re-reading state first: only the firm's portal messages
 * of the window still there, on a thread the contact still sees, and not
 * read by the contact since (opened in the portal: nothing to tell). With
 * none left, nothing is sent. The email carries the thread's reply address
 * while the contact may still write in it and replies by email are set up.
 */
export const messageNoticeJob = defineJob({
  payload: v.object({ kind: v.picklist(['task', 'request']), threadId: v.string(), contactId: v.string(), since: v.pipe(v.number(), v.integer()), until: v.optional(v.number()) }),
  async run({ kind, threadId, contactId, since }, job, { db, clock, config }) {
    if (!job.firmId) throw new PermanentJobError('A message notice belongs to a firm');
    const firmId = job.firmId;
    // Free the pending key first: a message from now on opens the next window (see assignment-notice.ts).
    const settled = `${pendingKey(threadId, contactId)}:`;
    await db.update(jobs).set({ uniqueKey: `${settled}${job.id}` }).where(eq(jobs.id, job.id));
    const until = clock.now();
    // A message posted between freeing the key and `until` opened the next window and is in this one too:
    // each window says where it ended, and the next starts after the last one that did.
    await db.update(jobs).set({ payload: { ...job.payload, until } }).where(eq(jobs.id, job.id));
    const [previous] = await db
      .select({ payload: jobs.payload })
      .from(jobs)
      .where(and(gte(jobs.uniqueKey, settled), lt(jobs.uniqueKey, `${settled}\uffff`), ne(jobs.id, job.id)))
      .orderBy(desc(jobs.createdAt))
      .limit(1);
    const coveredUntil = typeof previous?.payload.until === 'number' ? previous.payload.until : -1;
    const from = Math.max(since, coveredUntil + 1);

    const scope = { firmId, contactId };
    const thread: Thread = { kind, id: threadId };
    const [contact] = await db.select().from(contacts).where(and(eq(contacts.firmId, firmId), eq(contacts.id, contactId)));
    const firm = await getFirm(db, firmId);
    const info = contact && firm ? await findPortalThread(db, scope, thread) : null;
    if (!contact || !firm || !info) return;
    const fresh = await unreadFromFirm(db, scope, thread, { since: from, until });
    if (fresh.length === 0) return;
    const how = contactDelivery(contact, 'messages');
    if (how === 'skip') return;
    if (how === 'digest') return holdForDigest(db, clock, config, { firm, contactId, timezone: contact.timezone, line: { key: job.id, kind: 'messages', title: info.title } });
    const replyTo = closedFor(info) ? undefined : replyAddress(config, { firmId, kind, threadId, contactId }, until);
    await queueEmail(db, clock, {
      firmId,
      kind: 'message',
      contactId,
      ...(kind === 'task' ? { taskId: threadId } : { requestId: threadId }),
      to: contact.email,
      key: `message-email:${job.id}`,
      fromName: await fromNameFor(db, firm, [info.clientId]),
      replyTo,
      ...messageEmail({
        firm: emailFirm(firm, config),
        locale: contact.locale ?? firm.locale,
        url: firm.portalUrl ?? `${config.publicUrl}/p/${firm.slug}`,
        threadTitle: info.title,
        messages: fresh.map((m) => ({ author: m.author.name || firm.name, body: m.body })),
        canReply: replyTo !== undefined,
      }),
    });
  },
});
