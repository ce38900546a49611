import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { emails, jobs } from '../../db/schema.ts';

/**
 * The dev mailbox (`MAILER=dev`): every firm's sent email, newest first,
 * with the sender's name and reply address its send job carried (the outbox
 * has no column for them). Deliberately unscoped: it exists only with
 * `DEV_ROUTES`, for a developer reading what the server sent.
 */
export async function listSentMailWithSender(db: Db, limit = 200) {
  return db
    .select({
      to: emails.to,
      subject: emails.subject,
      text: emails.text,
      html: emails.html,
      sentAt: emails.sentAt,
      createdAt: emails.createdAt,
      fromName: sql<string | null>`json_extract(${jobs.payload}, '$.fromName')`,
      replyTo: sql<string | null>`json_extract(${jobs.payload}, '$.replyTo')`,
    })
    .from(emails)
    .leftJoin(jobs, eq(jobs.uniqueKey, emails.jobKey))
    .where(eq(emails.state, 'sent'))
    .orderBy(desc(emails.sentAt), desc(emails.createdAt))
    .limit(limit);
}

/** The same without the sender: the fields the elements' `DevMail` type knows. */
export async function listSentMail(db: Db, limit = 200) {
  return (await listSentMailWithSender(db, limit)).map(({ fromName: _fromName, replyTo: _replyTo, ...mail }) => mail);
}
