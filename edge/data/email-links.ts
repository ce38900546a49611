import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { contacts, tasks } from '../../db/schema.ts';
import { getFirm } from './firms.ts';
import { taskVisibleTo } from './visibility.ts';

/** The firm and contact a signed email link names, or null when either is gone. */
export async function linkContact(db: Db, firmId: string, contactId: string) {
  const firm = await getFirm(db, firmId);
  const [contact] = firm ? await db.select().from(contacts).where(and(eq(contacts.firmId, firmId), eq(contacts.id, contactId))) : [];
  return firm && contact ? { firm, contact } : null;
}

/** The task a link opens, while the contact still sees it open in the portal; with until when its links work. */
export async function linkTask(db: Db, scope: { firmId: string; contactId: string }, taskId: string) {
  const [task] = await db
    .select({ id: tasks.id, linkExpiresAt: tasks.linkExpiresAt })
    .from(tasks)
    .where(and(taskVisibleTo(scope), eq(tasks.id, taskId), eq(tasks.firmState, 'open')));
  return task ?? null;
}

/** The one-click unsubscribe: reminders off for the contact, their other choices kept. */
export async function turnRemindersOff(db: Db, firmId: string, contactId: string): Promise<void> {
  await db
    .update(contacts)
    .set({ emailPrefs: sql`json_set(coalesce(${contacts.emailPrefs}, '{}'), '$.reminders', json('false'))` })
    .where(and(eq(contacts.firmId, firmId), eq(contacts.id, contactId)));
}
