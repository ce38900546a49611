import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { emails } from '../../db/schema.ts';

/**
 * The dev mailbox (`MAILER=dev`): every firm's sent email, newest first.
 * Deliberately unscoped: it exists only with `DEV_ROUTES`, for a developer
 * reading what the server sent.
 */
export async function listSentMail(db: Db, limit = 200) {
  return db
    .select({ to: emails.to, subject: emails.subject, text: emails.text, html: emails.html, sentAt: emails.sentAt, createdAt: emails.createdAt })
    .from(emails)
    .where(eq(emails.state, 'sent'))
    .orderBy(desc(emails.sentAt), desc(emails.createdAt))
    .limit(limit);
}
