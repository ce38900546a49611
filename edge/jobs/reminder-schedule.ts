import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { clientContacts, contacts, jobs, tasks, works } from '../../db/schema.ts';
import { instantAt } from '../domain/calendar.ts';
import { nextReminderAt, type ReminderPolicy, type ReminderState } from '../domain/reminders.ts';
import { clientOpenTo } from '../data/visibility.ts';

/**
 * When a task's reminders go out. A task has at most one pending
 * `reminder.task` job (subject: the task; key: the task, the start of its
 * current ladder and the rung), at the ladder's next instant on the firm's
 * clock. Every change that moves the ladder (first email, reminder, resend,
 * policy or due date edited, completion, withdrawal) calls
 * `rescheduleReminder` in the same batch as the change; the job re-reads the
 * task anyway, so a stale one does nothing.
 */
export const REMINDER_TASK_JOB = 'reminder.task';
/** One contact's reminders of one local morning, sent as one email. */
export const REMINDER_MORNING_JOB = 'reminder.morning';

type TaskRow = typeof tasks.$inferSelect;
type ContactRow = typeof contacts.$inferSelect;

export function policyOf(task: Pick<TaskRow, 'reminderPolicy' | 'reminderRules'>): ReminderPolicy {
  return task.reminderPolicy === 'custom' ? { kind: 'custom', rules: task.reminderRules ?? [] } : { kind: task.reminderPolicy };
}

/** Nothing more to remind: completed, withdrawn (or never assigned), done by the client, deleted, or of a completed work. */
export async function isSettled(db: Db, task: TaskRow): Promise<boolean> {
  if (task.firmState !== 'open' || task.clientState !== 'open' || task.assignedAt === null || task.withdrawnAt !== null || task.deletedAt !== null) return true;
  if (!task.workId) return false;
  const [work] = await db.select({ completedAt: works.completedAt }).from(works).where(and(eq(works.firmId, task.firmId), eq(works.id, task.workId)));
  return work?.completedAt != null;
}

export function reminderStateOf(task: TaskRow, settled: boolean): ReminderState {
  return { policy: policyOf(task), sentAt: task.firstEmailedAt, dueDate: task.dueDate, count: task.reminderCount, lastAt: task.lastReminderAt, settled };
}

/** The firm's reminder clock, or the contact's when they set a timezone. */
export const reminderClock = (hour: number, firmTimezone: string, contact?: Pick<ContactRow, 'timezone'>) => ({ timezone: contact?.timezone ?? firmTimezone, hour });

/** A contact's morning for a rung dated `date` on the firm's clock: their own hour that day, never before the rung itself. */
export function morningOf(date: string, rungAt: number, hour: number, contact: Pick<ContactRow, 'timezone'>): number {
  return contact.timezone ? Math.max(rungAt, instantAt(date, hour, contact.timezone)) : rungAt;
}

/** Whether reminder emails may go to this contact: they did not turn them off and the address is not known dead. */
export const remindable = (contact: Pick<ContactRow, 'emailPrefs' | 'emailUndeliverableAt'>) =>
  contact.emailPrefs?.reminders !== false && contact.emailUndeliverableAt === null;

/** The contacts who see this task in the portal (the visibility rule, from the client's side), as rows. */
export async function portalContactsOfTask(db: Db, task: Pick<TaskRow, 'firmId' | 'clientId' | 'contactId'>): Promise<ContactRow[]> {
  const rows = await db
    .select({ contact: contacts })
    .from(clientContacts)
    .innerJoin(contacts, and(eq(contacts.firmId, clientContacts.firmId), eq(contacts.id, clientContacts.contactId)))
    .where(
      and(
        eq(clientContacts.firmId, task.firmId),
        eq(clientContacts.clientId, task.clientId),
        clientOpenTo({ firmId: task.firmId, contactId: clientContacts.contactId }, clientContacts.clientId),
        // A task addressed to one contact is theirs alone (visibility.ts says the same for reads).
        task.contactId ? eq(clientContacts.contactId, task.contactId) : undefined,
      ),
    )
    .orderBy(contacts.name);
  return rows.map((r) => r.contact);
}

/**
 * The writes that put the task's next reminder job in place of any pending
 * one, and when it runs (null: no reminder is due any more). `task` is the
 * task as it will be after the change it is batched with.
 */
export function rescheduleReminder(db: Db, task: TaskRow, settled: boolean, opts: { hour: number; firmTimezone: string; now: number }) {
  const state = reminderStateOf(task, settled);
  const at = nextReminderAt(state, reminderClock(opts.hour, opts.firmTimezone));
  const cancel = db
    .update(jobs)
    .set({ status: 'cancelled', updatedAt: opts.now })
    .where(and(eq(jobs.firmId, task.firmId), eq(jobs.subjectId, task.id), eq(jobs.kind, REMINDER_TASK_JOB), eq(jobs.status, 'pending')));
  if (at === null) return { writes: [cancel] as const, runAt: null };
  // Key per task, ladder start and rung: a rung that ran stays done; one cancelled just above comes back at its new time.
  const key = `${REMINDER_TASK_JOB}:${task.id}:${state.lastAt ?? state.sentAt}:${state.count + 1}`;
  const insert = db
    .insert(jobs)
    .values({ id: newId('job'), firmId: task.firmId, kind: REMINDER_TASK_JOB, uniqueKey: key, runAt: at, payload: { taskId: task.id }, subjectId: task.id, createdAt: opts.now, updatedAt: opts.now })
    .onConflictDoUpdate({ target: jobs.uniqueKey, set: { runAt: at, status: 'pending', attempts: 0, lastError: null, updatedAt: opts.now }, setWhere: inArray(jobs.status, ['pending', 'cancelled']) });
  return { writes: [cancel, insert] as const, runAt: at };
}

/**
 * The job that mails a contact their reminders of `date`: one per contact
 * and morning, so several tasks' rungs that day are one email. `since` is
 * the earliest rung it covers; a rung coming after the email went out opens
 * it again from that rung on.
 */
export function morningJobInsert(db: Db, firmId: string, contactId: string, date: string, runAt: number, now: number) {
  const payload = { contactId, date, since: now };
  return db
    .insert(jobs)
    .values({ id: newId('job'), firmId, kind: REMINDER_MORNING_JOB, uniqueKey: `${REMINDER_MORNING_JOB}:${contactId}:${date}`, runAt, payload, subjectId: contactId, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: jobs.uniqueKey, set: { runAt: now, status: 'pending', payload, attempts: 0, updatedAt: now }, setWhere: eq(jobs.status, 'done') });
}

/** Marks tasks as emailed (the ladder starts, the link lives 30 days) without ever moving a first email later. */
export function markFirstEmailed(db: Db, firmId: string, taskIds: string[], now: number, linkExpiresAt: number) {
  return taskIds.map((id) =>
    db
      .update(tasks)
      .set({ firstEmailedAt: sql`coalesce(${tasks.firstEmailedAt}, ${now})`, linkExpiresAt: sql`max(coalesce(${tasks.linkExpiresAt}, 0), ${linkExpiresAt})` })
      .where(and(eq(tasks.firmId, firmId), eq(tasks.id, id), isNull(tasks.deletedAt))),
  );
}
