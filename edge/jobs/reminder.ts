import { and, eq, gte, isNotNull, sql } from 'drizzle-orm';
import * as v from 'valibot';
import type { Db } from '../../db/client.ts';
import { todayIn } from '../../db/dates.ts';
import { contacts, tasks } from '../../db/schema.ts';
import type { Config } from '../config.ts';
import { asBatch } from '../data/firm-tasks.ts';
import { getFirm } from '../data/firms.ts';
import { taskVisibleTo } from '../data/visibility.ts';
import { linkExpiry, nextReminderAt, reminderStep } from '../domain/reminders.ts';
import { reminderEmail } from '../emails/reminder-email.ts';
import { emailFirm } from '../emails/brand.ts';
import { fromNameFor } from '../data/email-sender.ts';
import { queueEmail } from './email.ts';
import { defineJob, PermanentJobError } from './kind.ts';
import { remindersOffUrl, taskLinkUrl } from './reminder-links.ts';
import { replyAddress } from '../lib/reply-token.ts';
import {
  isSettled,
  morningJobInsert,
  morningOf,
  portalContactsOfTask,
  reminderClock,
  reminderStateOf,
  remindable,
  rescheduleReminder,
} from './reminder-schedule.ts';

/** Re-reads a task and puts its next reminder job in place (or cancels it); answers when it runs. */
export async function rescheduleTask(db: Db, config: Config, firmId: string, taskId: string, now: number): Promise<number | null> {
  const [task] = await db.select().from(tasks).where(and(eq(tasks.firmId, firmId), eq(tasks.id, taskId)));
  const firm = await getFirm(db, firmId);
  if (!task || !firm) return null;
  const { writes, runAt } = rescheduleReminder(db, task, await isSettled(db, task), { hour: config.reminderHour, firmTimezone: firm.timezone, now });
  await db.batch(writes);
  return runAt;
}

/**
 * One rung of a task's ladder, at its instant on the firm's clock. Re-reads
 * the task (settled, policy or due date changed, cap reached: nothing), then
 * counts the rung, extends the link, hands each contact's email to their
 * morning job and schedules the next rung, in one batch. The count moves by
 * compare-and-set, so a repeated run counts once.
 */
export const reminderTaskJob = defineJob({
  payload: v.object({ taskId: v.string() }),
  async run({ taskId }, job, { db, clock, config }) {
    if (!job.firmId) throw new PermanentJobError('A reminder belongs to a firm');
    const firmId = job.firmId;
    const now = clock.now();
    const [task] = await db.select().from(tasks).where(and(eq(tasks.firmId, firmId), eq(tasks.id, taskId)));
    const firm = await getFirm(db, firmId);
    if (!task || !firm) return;
    const settled = await isSettled(db, task);
    const schedule = { hour: config.reminderHour, firmTimezone: firm.timezone, now };
    const at = nextReminderAt(reminderStateOf(task, settled), reminderClock(config.reminderHour, firm.timezone));
    if (at === null || at > now) {
      // Not (or no longer) due: the ladder moved since this job was made.
      await db.batch(rescheduleReminder(db, task, settled, schedule).writes);
      return;
    }
    const date = todayIn(firm.timezone, now);
    const after = { ...task, reminderCount: task.reminderCount + 1, lastReminderAt: now, linkExpiresAt: linkExpiry(task.linkExpiresAt, { kind: 'reminder', at: now }) };
    const mornings = (await portalContactsOfTask(db, task))
      .filter(remindable)
      .map((contact) => morningJobInsert(db, firmId, contact.id, date, morningOf(date, at, config.reminderHour, contact), now));
    const [counted] = await db.batch([
      db
        .update(tasks)
        .set({ reminderCount: after.reminderCount, lastReminderAt: now, linkExpiresAt: after.linkExpiresAt })
        .where(and(eq(tasks.firmId, firmId), eq(tasks.id, task.id), eq(tasks.reminderCount, task.reminderCount), sql`${tasks.lastReminderAt} is ${task.lastReminderAt}`))
        .returning({ id: tasks.id }),
    ]);
    if (counted.length === 0) return;
    await db.batch(asBatch([...rescheduleReminder(db, after, settled, schedule).writes, ...mornings]));
  },
});

/**
 * A contact's reminders of one morning as one email: every task visible to
 * them, still open, whose rung was counted that day (from `since` on).
 * Nothing when the contact turned reminders off or the address is dead.
 */
export const reminderMorningJob = defineJob({
  payload: v.object({ contactId: v.string(), date: v.string(), since: v.pipe(v.number(), v.integer()) }),
  async run({ contactId, date, since }, job, { db, clock, config }) {
    if (!job.firmId) throw new PermanentJobError('A reminder belongs to a firm');
    const firmId = job.firmId;
    const [contact] = await db.select().from(contacts).where(and(eq(contacts.firmId, firmId), eq(contacts.id, contactId)));
    const firm = await getFirm(db, firmId);
    if (!contact || !firm || !remindable(contact)) return;
    const rows = await db
      .select()
      .from(tasks)
      .where(and(taskVisibleTo({ firmId, contactId }), eq(tasks.firmState, 'open'), eq(tasks.clientState, 'open'), isNotNull(tasks.lastReminderAt), gte(tasks.lastReminderAt, since)))
      .orderBy(tasks.dueDate, tasks.id);
    const due = rows.filter((task) => todayIn(firm.timezone, task.lastReminderAt!) === date && task.reminderCount > 0);
    if (due.length === 0) return;
    const portalUrl = firm.portalUrl ?? `${config.publicUrl}/p/${firm.slug}`;
    const unsubscribe = remindersOffUrl(config, { firmId, contactId });
    const key = `reminder-email:${contactId}:${date}:${since}`;
    // About one task, a reply reaches its conversation; about several, no one thread is named.
    const replyTo = due.length === 1 ? replyAddress(config, { firmId, kind: 'task', threadId: due[0]!.id, contactId }, clock.now()) : undefined;
    await queueEmail(db, clock, {
      firmId,
      to: contact.email,
      kind: 'reminder',
      contactId,
      // A reminder about several tasks is kept under the first; the "receives next" list finds it for the others by its links.
      taskId: due[0]!.id,
      headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      key,
      fromName: await fromNameFor(db, firm, due.map((task) => task.clientId)),
      replyTo,
      ...reminderEmail({
        canReply: replyTo !== undefined,
        firm: emailFirm(firm, config),
        locale: contact.locale ?? firm.locale,
        portalUrl,
        unsubscribeUrl: unsubscribe,
        // The count was bumped by the rung: the step is that of the reminder before it.
        tasks: due.map((task) => ({
          title: task.title,
          dueDate: task.dueDate,
          count: task.reminderCount - 1,
          step: reminderStep({ count: task.reminderCount - 1, dueDate: task.dueDate }, date),
          url: taskLinkUrl(config, { firmId, contactId, taskId: task.id }),
        })),
      }),
    });
  },
});
