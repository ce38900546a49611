import { eq } from 'drizzle-orm';
import * as v from 'valibot';
import type { Db } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { emails } from '../../db/schema.ts';
import { markUndeliverable, undeliverableSince } from '../data/emails.ts';
import { InactiveRecipientError } from '../ports/mailer.ts';
import { outboxRow } from './email.ts';
import { createSignInToken } from '../data/sessions.ts';
import { findContactByEmail, findFirmBySlug, findMemberByEmail } from '../data/firms.ts';
import { signInEmail, spacedCode } from '../emails/sign-in-email.ts';
import { emailFirm, senderName } from '../emails/brand.ts';
import { signInLinkUrl } from '../domain/login-fragment.ts';
import type { Clock } from '../ports/clock.ts';
import type { Scheduler } from '../ports/scheduler.ts';
import { defineJob } from './kind.ts';
import { insertJob } from './queue.ts';

export const SIGN_IN_JOB = 'auth.link';

const LinkRequest = v.object({
  firm: v.string(),
  email: v.string(),
  as: v.picklist(['client', 'staff']),
  /** A sign-in link (with its code), an invitation to the portal (the same, worded as one), or a link to choose a new PIN (clients only). */
  purpose: v.optional(v.picklist(['sign_in', 'invitation', 'pin_reset']), 'sign_in'),
});
export type LinkRequest = v.InferInput<typeof LinkRequest>;

/**
 * Takes a sign-in link request without looking anything up: known address or
 * not, the request costs the same one insert, so its timing tells nothing.
 */
export async function requestSignInLink(deps: { db: Db; clock: Clock; scheduler: Scheduler }, request: LinkRequest): Promise<void> {
  const now = deps.clock.now();
  const [job] = await insertJob(deps.db, { kind: SIGN_IN_JOB, key: `${SIGN_IN_JOB}:${newId('req')}`, runAt: now, payload: { ...request } }, now);
  if (job) await deps.scheduler.wake(job.runAt, job.id);
}

/**
 * Looks the person up and, when they exist, makes a link and sends it at
 * once: the token and its code exist only in the email. The copy kept in the
 * outbox has them cut out, except with the dev mailer, whose mailbox is that copy.
 * A retried attempt makes a fresh token (the unused one expires).
 */
export const signInLinkJob = defineJob({
  payload: LinkRequest,
  async run({ firm: slug, email, as, purpose }, job, { db, clock, config, mailer }) {
    const key = `signin:${job.id}`;
    // Delivery is at least once: a job that already got its email out is done.
    const [sent] = await db.select({ id: emails.id }).from(emails).where(eq(emails.jobKey, key));
    if (sent) return;
    const firm = await findFirmBySlug(db, slug);
    if (purpose !== 'sign_in' && as === 'staff') return;
    const person = firm && (as === 'staff' ? await findMemberByEmail(db, firm.id, email) : await findContactByEmail(db, firm.id, email));
    // A firm's clients sign in only once it has opened its portal (staff always can).
    if (!firm || !person || (as === 'client' && !firm.portalActive)) return;
    // A PIN reset for someone with no PIN would be a sign-in link by another name.
    if (purpose === 'pin_reset' && !('pinHash' in person && person.pinHash)) return;
    const now = clock.now();
    const fromName = senderName(firm.name);
    const whom = as === 'staff' ? { memberId: person.id } : { contactId: person.id };
    const outbox = (message: { subject: string; text: string; html: string }) => outboxRow({ firmId: firm.id, kind: purpose, to: email, key, fromName, ...whom, ...message }, now);
    const recipient = { firmId: firm.id, contactId: null, memberId: null, to: email, ...whom };
    const dead = await undeliverableSince(db, recipient);
    if (dead) {
      // No token is made: the link could not arrive. Kept so staff can see why the person got nothing.
      const message = { subject: 'Sign-in link not sent', text: '', html: '' };
      await db.insert(emails).values({ ...outbox(message), state: 'undeliverable', lastError: `Not sent: the address is undeliverable (${dead.reason ?? 'reported by the provider'})` }).onConflictDoNothing({ target: emails.jobKey });
      return;
    }
    const { token, code } = await createSignInToken(db, { firmId: firm.id, audience: as, subjectId: person.id, now, ttlMs: config.signInLinkTtlMs, signingSecret: config.signingSecret, purpose });
    const page = as === 'staff' ? `${config.publicUrl}/console` : (firm.portalUrl ?? `${config.publicUrl}/p/${firm.slug}`);
    const locale = ('locale' in person && person.locale) || firm.locale;
    const message = signInEmail({ firm: emailFirm(firm, config), locale, url: signInLinkUrl(page, token), code, purpose, validHours: Math.round(config.signInLinkTtlMs / 3_600_000) });
    const kept = outbox(config.mailer === 'dev' ? message : redact(message, [token, code]));
    let providerId: string;
    try {
      ({ providerId } = await mailer.send({ to: email, key, fromName, ...message }));
    } catch (error) {
      if (!(error instanceof InactiveRecipientError)) throw error;
      const [row] = await db.insert(emails).values(kept).onConflictDoNothing({ target: emails.jobKey }).returning();
      if (row) await markUndeliverable(db, row, error.message, clock.now());
      return;
    }
    await db.insert(emails).values({ ...kept, providerId, state: 'sent', sentAt: clock.now() }).onConflictDoNothing({ target: emails.jobKey });
  },
});

/** The outbox copy without the secrets: the token, and the code as the email shows it. */
function redact<T extends { subject: string; text: string; html: string }>(message: T, [token, code]: [string, string | null]): T {
  const cut = (s: string) => {
    const tokenless = s.split(token).join('[sign-in token not kept]');
    return code ? tokenless.split(spacedCode(code)).join('[code not kept]') : tokenless;
  };
  return { ...message, text: cut(message.text), html: cut(message.html) };
}
