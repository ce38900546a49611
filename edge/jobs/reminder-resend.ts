import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { tasks } from '../../db/schema.ts';
import type { Config } from '../config.ts';
import { asBatch } from '../data/firm-tasks.ts';
import { getFirm } from '../data/firms.ts';
import { linkExpiry } from '../domain/reminders.ts';
import { assignedEmail } from '../emails/assigned-email.ts';
import { emailFirm } from '../emails/brand.ts';
import { fromNameFor } from '../data/email-sender.ts';
import { replyAddress } from '../lib/reply-token.ts';
import type { Clock } from '../ports/clock.ts';
import { queueEmail } from './email.ts';
import { taskLinkUrl } from './reminder-links.ts';
import { portalContactsOfTask } from './reminder-schedule.ts';

type TaskRow = typeof tasks.$inferSelect;

/**
 * A staff "Resend": the task's email again now to each contact who sees it
 * (never to an address known dead; a manual send ignores the reminder
 * opt-out, as it is not automatic), the automatic count back to 0 and the
 * link renewed. The caller reschedules the ladder from the new state.
 */
export async function resendTask(deps: { db: Db; clock: Clock; config: Config }, row: TaskRow, now: number): Promise<number> {
  const { db, clock, config } = deps;
  const firm = await getFirm(db, row.firmId);
  if (!firm) return 0;
  const fromName = await fromNameFor(db, firm, [row.clientId]);
  const recipients = (await portalContactsOfTask(db, row)).filter((contact) => contact.emailUndeliverableAt === null);
  for (const contact of recipients) {
    const key = `resend-email:${row.id}:${contact.id}:${now}`;
    const replyTo = replyAddress(config, { firmId: row.firmId, kind: 'task', threadId: row.id, contactId: contact.id }, now);
    await queueEmail(db, clock, {
      firmId: row.firmId,
      to: contact.email,
      kind: 'resend',
      contactId: contact.id,
      taskId: row.id,
      key,
      fromName,
      replyTo,
      ...assignedEmail({
        firm: emailFirm(firm, config),
        locale: contact.locale ?? firm.locale,
        url: taskLinkUrl(config, { firmId: row.firmId, contactId: contact.id, taskId: row.id }),
        tasks: [row],
        canReply: replyTo !== undefined,
      }),
    });
  }
  await db.batch(asBatch([
    db
      .update(tasks)
      .set({
        reminderCount: 0,
        lastReminderAt: now,
        firstEmailedAt: sql`coalesce(${tasks.firstEmailedAt}, ${now})`,
        linkExpiresAt: linkExpiry(row.linkExpiresAt, { kind: 'resend', at: now }),
      })
      .where(and(eq(tasks.firmId, row.firmId), eq(tasks.id, row.id))),
  ]));
  return recipients.length;
}
