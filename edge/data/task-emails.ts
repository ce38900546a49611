import { aliasedTable, and, desc, eq, inArray, like, lt, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { todayIn } from '../../db/dates.ts';
import { contacts, emails, jobs, tasks } from '../../db/schema.ts';
import type { Config } from '../config.ts';
import { nextReminderAt, reminderStep } from '../domain/reminders.ts';
import { reminderEmail } from '../emails/reminder-email.ts';
import { emailFirm } from '../emails/brand.ts';
import { ASSIGNED_JOB, pendingKey } from '../jobs/assignment-notice.ts';
import { isSettled, morningOf, portalContactsOfTask, reminderClock, reminderStateOf, remindable } from '../jobs/reminder-schedule.ts';
import { getFirm } from './firms.ts';
import { pageOf } from './paging.ts';

type TaskRow = typeof tasks.$inferSelect;

export interface TaskEmailItem {
  /** The outbox id; absent for what is only scheduled. */
  id?: string;
  kind: string;
  to: string;
  contactId: string | null;
  contactName: string | null;
  subject?: string;
  /** Sent (or queued) at, or when it is scheduled. */
  at: number;
  state: 'scheduled' | 'queued' | 'sent' | 'failed' | 'undeliverable';
  error?: string;
}

const recipient = aliasedTable(contacts, 'recipient');

/**
 * "What this client receives next" for a task: its emails in the outbox
 * (newest first, paged), and on the first page what is still to come: the
 * pending assignment notice and the next reminder, per contact, at the time
 * the rules give (the same functions the jobs use, so the list and the
 * mail agree).
 */
export async function taskEmails(deps: { db: Db; config: Config }, task: TaskRow, page: { limit: number; after?: [number, string] | undefined }) {
  const { db } = deps;
  // A morning's reminder about several tasks is filed under the first; the others are found by their signed link (".<task id>.").
  const aboutTask = or(eq(emails.taskId, task.id), and(eq(emails.kind, 'reminder'), like(emails.text, `%.${task.id}.%`)));
  const rows = await db
    .select({ email: emails, contactName: recipient.name })
    .from(emails)
    .leftJoin(recipient, and(eq(recipient.firmId, emails.firmId), eq(recipient.id, emails.contactId)))
    .where(
      and(
        eq(emails.firmId, task.firmId),
        aboutTask,
        page.after ? or(lt(emails.createdAt, page.after[0]), and(eq(emails.createdAt, page.after[0]), lt(emails.id, page.after[1]))) : undefined,
      ),
    )
    .orderBy(desc(emails.createdAt), desc(emails.id))
    .limit(page.limit + 1);
  const sent = pageOf(rows, page.limit, (r) => [r.email.createdAt, r.email.id], ({ email, contactName }): TaskEmailItem => ({
    id: email.id,
    kind: email.kind ?? 'email',
    to: email.to,
    contactId: email.contactId,
    contactName,
    subject: email.subject,
    at: email.sentAt ?? email.createdAt,
    state: email.state,
    ...(email.lastError ? { error: email.lastError } : {}),
  }));
  const scheduled = page.after ? [] : await scheduledEmails(deps, task);
  return { items: [...scheduled, ...sent.items], nextCursor: sent.nextCursor };
}

async function scheduledEmails(deps: { db: Db; config: Config }, task: TaskRow): Promise<TaskEmailItem[]> {
  const { db, config } = deps;
  const firm = await getFirm(db, task.firmId);
  if (!firm) return [];
  const settled = await isSettled(db, task);
  if (settled) return [];
  const people = (await portalContactsOfTask(db, task)).filter((c) => c.emailUndeliverableAt === null);
  const items: TaskEmailItem[] = [];
  // The assignment notice waiting in its window names this task when it was assigned within that window.
  const notices = people.length
    ? await db
        .select({ key: jobs.uniqueKey, runAt: jobs.runAt, payload: jobs.payload })
        .from(jobs)
        .where(and(eq(jobs.kind, ASSIGNED_JOB), eq(jobs.status, 'pending'), inArray(jobs.uniqueKey, people.map((c) => pendingKey(c.id)))))
    : [];
  for (const person of people) {
    const notice = notices.find((n) => n.key === pendingKey(person.id));
    if (notice && task.assignedAt !== null && task.assignedAt >= Number(notice.payload.since)) {
      items.push({ kind: 'assigned', to: person.email, contactId: person.id, contactName: person.name, at: notice.runAt, state: 'scheduled' });
    }
  }
  const state = reminderStateOf(task, settled);
  const rungAt = nextReminderAt(state, reminderClock(config.reminderHour, firm.timezone));
  if (rungAt !== null) {
    const date = todayIn(firm.timezone, rungAt);
    const words = { title: task.title, dueDate: task.dueDate, count: task.reminderCount, step: reminderStep(state, date), url: '' };
    for (const person of people.filter(remindable)) {
      const { subject } = reminderEmail({ firm: emailFirm(firm, config), locale: person.locale ?? firm.locale, portalUrl: '', unsubscribeUrl: '', tasks: [words] });
      items.push({ kind: 'reminder', to: person.email, contactId: person.id, contactName: person.name, subject, at: morningOf(date, rungAt, config.reminderHour, person), state: 'scheduled' });
    }
  }
  return items.sort((a, b) => a.at - b.at);
}
