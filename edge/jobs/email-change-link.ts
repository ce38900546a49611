import type { Db } from '../../db/client.ts';
import { emails } from '../../db/schema.ts';
import { newId } from '../../db/ids.ts';
import type { Config } from '../config.ts';
import { createEmailChangeToken, EMAIL_CHANGE_TTL_MS } from '../data/email-change.ts';
import type { Firm } from '../data/firms.ts';
import { fragmentLinkUrl } from '../domain/login-fragment.ts';
import { emailFirm, senderName } from '../emails/brand.ts';
import { emailChangeEmail } from '../emails/email-change-email.ts';
import { InactiveRecipientError, type Mailer } from '../ports/mailer.ts';
import { outboxRow } from './email.ts';

/**
 * Makes the link confirming a contact's new address and sends it at once to
 * that address (to the firm's portal page, `#email-confirm=<token>`): the
 * token exists only in the email; the outbox copy has it cut out, except with
 * the dev mailer, whose mailbox is that copy. Answers false when the provider
 * says the address takes no email.
 */
export async function sendEmailChangeLink(
  deps: { db: Db; config: Config; mailer: Mailer },
  input: { firm: Firm; contact: { id: string; locale: string | null }; newEmail: string; now: number },
): Promise<boolean> {
  const { db, config, mailer } = deps;
  const { firm, contact, newEmail, now } = input;
  const token = await createEmailChangeToken(db, { firmId: firm.id, contactId: contact.id, newEmail, now });
  const page = firm.portalUrl ?? `${config.publicUrl}/p/${firm.slug}`;
  const message = emailChangeEmail({ firm: emailFirm(firm, config), locale: contact.locale ?? firm.locale, url: fragmentLinkUrl(page, 'email-confirm', token), validHours: EMAIL_CHANGE_TTL_MS / 3_600_000 });
  const key = `email-change:${newId('ecl')}`;
  const fromName = senderName(firm.name);
  const cut = (s: string) => s.split(token).join('[confirmation token not kept]');
  const kept = outboxRow(
    { firmId: firm.id, kind: 'email_change', to: newEmail, key, fromName, contactId: contact.id, ...(config.mailer === 'dev' ? message : { ...message, text: cut(message.text), html: cut(message.html) }) },
    now,
  );
  let providerId: string;
  try {
    ({ providerId } = await mailer.send({ to: newEmail, key, fromName, ...message }));
  } catch (error) {
    if (error instanceof InactiveRecipientError) return false;
    throw error;
  }
  await db.insert(emails).values({ ...kept, providerId, state: 'sent', sentAt: now }).onConflictDoNothing({ target: emails.jobKey });
  return true;
}
