import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { emails } from '../../db/schema.ts';

/**
 * The dev mailbox's pages (`/dev/mail`): every outbox row whatever its state
 * (queued, sent, failed, undeliverable), newest first. Deliberately unscoped,
 * like `listSentMailWithSender`: it exists only with `DEV_ROUTES`.
 */
export interface MailboxCursor {
  createdAt: number;
  id: string;
}

/** One page of the list, optionally for one recipient (case-insensitive), after `before`; `next` is where the older page starts. */
export async function listMailboxPage(db: Db, opts: { to?: string | undefined; before?: MailboxCursor | undefined; limit: number }) {
  const rows = await db
    .select({
      id: emails.id,
      to: emails.to,
      subject: emails.subject,
      kind: emails.kind,
      state: emails.state,
      fromName: emails.fromName,
      createdAt: emails.createdAt,
      sentAt: emails.sentAt,
    })
    .from(emails)
    .where(
      and(
        opts.to ? sql`lower(${emails.to}) = lower(${opts.to})` : undefined,
        opts.before ? or(lt(emails.createdAt, opts.before.createdAt), and(eq(emails.createdAt, opts.before.createdAt), lt(emails.id, opts.before.id))) : undefined,
      ),
    )
    .orderBy(desc(emails.createdAt), desc(emails.id))
    .limit(opts.limit + 1);
  const items = rows.slice(0, opts.limit);
  const last = items.at(-1);
  return { items, next: rows.length > opts.limit && last ? { createdAt: last.createdAt, id: last.id } : null };
}

/** One email as it was sent (or queued), with its headers; null for an unknown id. */
export async function findMailboxEmail(db: Db, id: string) {
  const [row] = await db.select().from(emails).where(eq(emails.id, id));
  return row ?? null;
}
