import { and, eq, gte, inArray, lt } from 'drizzle-orm';
import * as v from 'valibot';
import type { Db } from '../../db/client.ts';
import { clientContacts, contacts, emails, jobs, tasks } from '../../db/schema.ts';
import type { Config } from '../config.ts';
import { asBatch } from '../data/firm-tasks.ts';
import { getFirm } from '../data/firms.ts';
import { linkExpiry } from '../domain/reminders.ts';
import { rescheduleTask } from './reminder.ts';
import { taskLinkUrl } from './reminder-links.ts';
import { markFirstEmailed } from './reminder-schedule.ts';
import { clientOpenTo, taskVisibleTo } from '../data/visibility.ts';
import { assignedEmail } from '../emails/assigned-email.ts';
import { emailFirm } from '../emails/brand.ts';
import { fromNameFor } from '../data/email-sender.ts';
import { queueEmail } from './email.ts';
import { replyAddress } from '../lib/reply-token.ts';
import { defineJob, PermanentJobError } from './kind.ts';
import { contactDelivery, holdForDigest } from './notify-contact.ts';
import { insertJobs } from './queue.ts';

export const ASSIGNED_JOB = 'notify.assigned';

/** While a notice waits, its key is this; a second assignment in the window finds it and adds nothing. */
export const pendingKey = (contactId: string) => `${ASSIGNED_JOB}:${contactId}`;

/** The contacts who see these clients' tasks in the portal (the visibility rule, read from the clients' side). */
async function portalContactsOf(db: Db, firmId: string, clientIds: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  for (let i = 0; i < clientIds.length; i += 500) {
    const rows = await db
      .select({ id: clientContacts.contactId })
      .from(clientContacts)
      .where(
        and(
          eq(clientContacts.firmId, firmId),
          inArray(clientContacts.clientId, clientIds.slice(i, i + 500)),
          clientOpenTo({ firmId, contactId: clientContacts.contactId }, clientContacts.clientId),
        ),
      );
    for (const row of rows) found.add(row.id);
  }
  return [...found];
}

/**
 * After an assignment, each contact of the client gets one email about
 * `ASSIGN_NOTIFY_DELAY_SECONDS` later, so staff can still edit or withdraw;
 * every assignment in that window goes into the same email. Answers the job
 * inserts, to go in the same batch as the assignment itself (so neither
 * happens without the other), and when to wake up for them.
 */
export async function assignmentNoticeJobs(db: Db, config: Config, task: { firmId: string; clientId: string; assignedAt: number }) {
  return assignmentNoticeJobsFor(db, config, { firmId: task.firmId, clientIds: [task.clientId], assignedAt: task.assignedAt });
}

/** The same for assignments to many clients at once (create from template): one notice per contact, a few statements. */
export async function assignmentNoticeJobsFor(db: Db, config: Config, at: { firmId: string; clientIds: readonly string[]; assignedAt: number }) {
  const runAt = at.assignedAt + config.assignNotifyDelaySeconds * 1000;
  const contactIds = at.clientIds.length === 0 ? [] : await portalContactsOf(db, at.firmId, at.clientIds);
  const notices = contactIds.map((contactId) => ({ kind: ASSIGNED_JOB, key: pendingKey(contactId), runAt, payload: { contactId, since: at.assignedAt }, firmId: at.firmId }));
  return { inserts: insertJobs(db, notices, at.assignedAt), runAt };
}

/**
 * Sends the notice, re-reading state first: only tasks still assigned (not
 * withdrawn, not done) that were assigned in this notice's window are named;
 * with none left, nothing is sent.
 */
export const assignmentNoticeJob = defineJob({
  payload: v.object({ contactId: v.string(), since: v.pipe(v.number(), v.integer()) }),
  async run({ contactId, since }, job, { db, clock, config }) {
    if (!job.firmId) throw new PermanentJobError('An assignment notice belongs to a firm');
    const firmId = job.firmId;
    // Free the pending key first: an assignment from now on opens the next window. The window
    // closes after that, so an assignment that found the key still taken is inside it.
    await db.update(jobs).set({ uniqueKey: `${pendingKey(contactId)}:${job.id}` }).where(eq(jobs.id, job.id));
    const until = clock.now();

    const [contact] = await db.select().from(contacts).where(and(eq(contacts.firmId, firmId), eq(contacts.id, contactId)));
    const firm = await getFirm(db, firmId);
    if (!contact || !firm) return;
    const assigned = await db
      .select({ id: tasks.id, title: tasks.title, dueDate: tasks.dueDate, clientId: tasks.clientId })
      .from(tasks)
      .where(
        and(
          taskVisibleTo({ firmId, contactId }),
          gte(tasks.assignedAt, since),
          lt(tasks.assignedAt, until + 1),
          eq(tasks.firmState, 'open'),
          eq(tasks.clientState, 'open'),
        ),
      )
      .orderBy(tasks.assignedAt);
    if (assigned.length === 0) return;
    const how = contactDelivery(contact, 'assigned');
    if (how === 'skip') return;
    if (how === 'digest') {
      for (const task of assigned) await holdForDigest(db, clock, config, { firm, contactId, timezone: contact.timezone, line: { key: `${job.id}:${task.id}`, kind: 'assigned', title: task.title } });
      return;
    }
    // A reply reaches the task's conversation; an email about several tasks names no one thread, so it has none.
    const replyTo = assigned.length === 1 ? replyAddress(config, { firmId, kind: 'task', threadId: assigned[0]!.id, contactId }, until) : undefined;
    const key = `assigned-email:${job.id}`;
    const portalUrl = firm.portalUrl ?? `${config.publicUrl}/p/${firm.slug}`;
    await queueEmail(db, clock, {
      firmId,
      kind: 'assigned',
      contactId,
      // One task: the email is about it; several: about none of them alone.
      taskId: assigned.length === 1 ? assigned[0]!.id : null,
      to: contact.email,
      key,
      fromName: await fromNameFor(db, firm, assigned.map((task) => task.clientId)),
      replyTo,
      ...assignedEmail({
        firm: emailFirm(firm, config),
        locale: contact.locale ?? firm.locale,
        // One task: its own link (it opens the task, and says so once expired); several: the portal.
        url: assigned.length === 1 ? taskLinkUrl(config, { firmId, contactId, taskId: assigned[0]!.id }) : portalUrl,
        tasks: assigned,
        canReply: replyTo !== undefined,
      }),
    });
    // The ladder and the link's life start with the first email; then each task's first reminder is scheduled.
    const ids = assigned.map((task) => task.id);
    await db.batch(asBatch([
      db.update(emails).set({ kind: 'assigned', contactId, taskId: ids[0]! }).where(eq(emails.jobKey, key)),
      ...markFirstEmailed(db, firmId, ids, until, linkExpiry(null, { kind: 'email', at: until })),
    ]));
    for (const id of ids) await rescheduleTask(db, config, firmId, id, until);
  },
});
