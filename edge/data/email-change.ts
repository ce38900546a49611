import { and, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { contacts, signInTokens } from '../../db/schema.ts';
import { newId } from '../../db/ids.ts';
import { hashSecret, newSecret } from '../lib/secrets.ts';
import { isUniqueViolation } from './clients.ts';
import { recordContactHistoryIfChanged } from './contact-history.ts';

/** How long a link confirming a new address works. */
export const EMAIL_CHANGE_TTL_MS = 24 * 3_600_000;

/** Whether another contact of the firm has this address. */
export async function emailTakenInFirm(db: Db, firmId: string, email: string, exceptContactId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.firmId, firmId), eq(contacts.email, email), ne(contacts.id, exceptContactId)));
  return Boolean(row);
}

/** Makes the single-use token of a link confirming `newEmail` for the contact; only its hash is kept. */
export async function createEmailChangeToken(db: Db, input: { firmId: string; contactId: string; newEmail: string; now: number }): Promise<string> {
  const token = newSecret();
  await db.insert(signInTokens).values({
    id: newId('sit'),
    firmId: input.firmId,
    tokenHash: hashSecret(token),
    purpose: 'email_change',
    audience: 'client',
    subjectId: input.contactId,
    newEmail: input.newEmail,
    expiresAt: input.now + EMAIL_CHANGE_TTL_MS,
    createdAt: input.now,
  });
  return token;
}

/**
 * Uses a link confirming a new address: the token is consumed and the
 * contact's address changed in one batch (a lost race or a taken address
 * changes nothing), clearing "undeliverable"; the contact's history notes
 * `contact.email_changed { from, to }`. Answers 'invalid' for a token that is
 * unknown, used, expired or not an address change, 'taken' when another
 * contact of the firm has the address meanwhile.
 */
export async function confirmEmailChange(db: Db, token: string, now: number): Promise<'invalid' | 'taken' | { firmId: string; contactId: string; from: string; to: string }> {
  const [row] = await db
    .select({ id: signInTokens.id, firmId: signInTokens.firmId, contactId: signInTokens.subjectId, newEmail: signInTokens.newEmail, from: contacts.email })
    .from(signInTokens)
    .innerJoin(contacts, and(eq(contacts.firmId, signInTokens.firmId), eq(contacts.id, signInTokens.subjectId)))
    .where(and(eq(signInTokens.tokenHash, hashSecret(token)), eq(signInTokens.purpose, 'email_change'), eq(signInTokens.audience, 'client'), isNull(signInTokens.usedAt), gt(signInTokens.expiresAt, now)));
  if (!row?.newEmail) return 'invalid';
  if (await emailTakenInFirm(db, row.firmId, row.newEmail, row.contactId)) return 'taken';
  let used: { id: string }[];
  try {
    [used] = await db.batch([
      db
        .update(signInTokens)
        .set({ usedAt: now })
        .where(and(eq(signInTokens.id, row.id), isNull(signInTokens.usedAt), gt(signInTokens.expiresAt, now)))
        .returning({ id: signInTokens.id }),
      db
        .update(contacts)
        .set({ email: row.newEmail, emailUndeliverableAt: null, emailUndeliverableReason: null })
        .where(and(eq(contacts.firmId, row.firmId), eq(contacts.id, row.contactId), sql`changes() = 1`)),
      // Each step runs only when the one before changed its row: a lost race writes nothing.
      recordContactHistoryIfChanged(db, { firmId: row.firmId, contactId: row.contactId, actor: { type: 'contact', id: row.contactId }, action: 'contact.email_changed', data: { from: row.from, to: row.newEmail }, at: now }),
      // Links still open (sign-in links to the old mailbox, other address changes) end with the old address.
      db
        .update(signInTokens)
        .set({ expiresAt: now })
        .where(and(eq(signInTokens.firmId, row.firmId), eq(signInTokens.audience, 'client'), eq(signInTokens.subjectId, row.contactId), isNull(signInTokens.usedAt), gt(signInTokens.expiresAt, now), sql`changes() = 1`)),
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) return 'taken';
    throw error;
  }
  if (used.length === 0) return 'invalid';
  return { firmId: row.firmId, contactId: row.contactId, from: row.from, to: row.newEmail };
}
