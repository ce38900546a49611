import { and, eq, sql } from 'drizzle-orm';
import * as v from 'valibot';
import type { Db } from '../../db/client.ts';
import { addDays, todayIn } from '../../db/dates.ts';
import { newId } from '../../db/ids.ts';
import { contacts, jobs, type ContactEmailPrefs } from '../../db/schema.ts';
import type { Config } from '../config.ts';
import { instantAt } from '../domain/calendar.ts';
import { getFirm, type Firm } from '../data/firms.ts';
import { digestEmail, type DigestLine } from '../emails/notice-emails.ts';
import { emailFirm } from '../emails/brand.ts';
import { fromNameForContact } from '../data/email-sender.ts';
import type { Clock } from '../ports/clock.ts';
import { queueEmail, type EmailDraft } from './email.ts';
import { defineJob, PermanentJobError } from './kind.ts';

/** The kinds of single email a contact may turn off (ContactEmailPrefs). */
export type ContactEmailKind = 'assigned' | 'messages' | 'reminders' | 'withdrawn' | 'fileRejected';

export interface ContactMailbox {
  emailPrefs: ContactEmailPrefs | null;
  emailUndeliverableAt: number | null;
}

/**
 * How a contact gets an email of this kind: `skip` (turned off, or the
 * address is dead), `digest` (held for the daily summary; reminders are never
 * held, they have their own morning), or `send` now. Every contact rule asks
 * this before queueing an email.
 */
export function contactDelivery(contact: ContactMailbox, kind: ContactEmailKind): 'send' | 'digest' | 'skip' {
  if (contact.emailUndeliverableAt !== null) return 'skip';
  if (contact.emailPrefs?.[kind] === false) return 'skip';
  return contact.emailPrefs?.digest === true && kind !== 'reminders' ? 'digest' : 'send';
}

export const DIGEST_JOB = 'notify.digest';

/** The first morning (`config.morningHour` on the contact's wall clock, else the firm's) after `now`. */
export function nextMorning(now: number, timezone: string, hour: number): { date: string; at: number } {
  const today = todayIn(timezone, now);
  const at = instantAt(today, hour, timezone);
  if (at > now) return { date: today, at };
  const date = addDays(today, 1);
  return { date, at: instantAt(date, hour, timezone) };
}

/** A held line, with the key of what it came from so a repeated rule adds it once. */
export interface HeldLine extends DigestLine {
  key: string;
}

/**
 * Holds a line for the contact's next digest: one pending job per contact
 * and morning collects them (appended in one statement, so two rules at once
 * both land), and a line whose key is there already is not added again.
 */
export async function holdForDigest(db: Db, clock: Clock, config: Config, held: { firm: Firm; contactId: string; timezone: string | null; line: HeldLine }) {
  const now = clock.now();
  const morning = nextMorning(now, held.timezone ?? held.firm.timezone, config.morningHour);
  const key = `${DIGEST_JOB}:${held.contactId}:${morning.date}`;
  const line = JSON.stringify(held.line);
  await db.run(sql`insert into ${jobs} (id, firm_id, kind, unique_key, run_at, payload, subject_id, created_at, updated_at)
    values (${newId('job')}, ${held.firm.id}, ${DIGEST_JOB}, ${key}, ${morning.at}, json_object('contactId', ${held.contactId}, 'lines', json_array(json(${line}))), ${held.contactId}, ${now}, ${now})
    on conflict (unique_key) do update set payload = json_insert(${jobs}.payload, '$.lines[#]', json(${line})), updated_at = ${now}
    where ${jobs}.status = 'pending'
      and not exists (select 1 from json_each(${jobs}.payload, '$.lines') where json_extract(value, '$.key') = ${held.line.key})`);
}

/**
 * The single contact email of a rule, honouring the contact's choice: sent,
 * held for the digest, or not at all. Answers what happened.
 */
export async function deliverToContact(
  db: Db,
  clock: Clock,
  config: Config,
  to: { firm: Firm; contact: typeof contacts.$inferSelect },
  kind: Exclude<ContactEmailKind, 'reminders'>,
  email: { draft: Omit<EmailDraft, 'firmId' | 'to' | 'contactId'>; line: HeldLine },
): Promise<'send' | 'digest' | 'skip'> {
  const how = contactDelivery(to.contact, kind);
  if (how === 'send') await queueEmail(db, clock, { firmId: to.firm.id, to: to.contact.email, contactId: to.contact.id, ...email.draft });
  if (how === 'digest') await holdForDigest(db, clock, config, { firm: to.firm, contactId: to.contact.id, timezone: to.contact.timezone, line: email.line });
  return how;
}

const Line = v.object({ key: v.string(), kind: v.picklist(['assigned', 'messages', 'withdrawn', 'fileRejected']), title: v.string(), detail: v.optional(v.string()) });

/**
 * Sends the morning digest: the held lines, unless the contact
 * has since turned the digest off or lost their address. Lines of kinds
 * turned off since are dropped.
 */
export const digestJob = defineJob({
  payload: v.object({ contactId: v.string(), lines: v.array(Line) }),
  async run({ contactId, lines }, job, { db, clock, config }) {
    if (!job.firmId) throw new PermanentJobError('A digest belongs to a firm');
    const firm = await getFirm(db, job.firmId);
    const [contact] = await db.select().from(contacts).where(and(eq(contacts.firmId, job.firmId), eq(contacts.id, contactId)));
    if (!firm || !contact || contact.emailUndeliverableAt !== null) return;
    const kept = lines.filter((l) => contact.emailPrefs?.[l.kind] !== false);
    if (kept.length === 0) return;
    await queueEmail(db, clock, {
      firmId: firm.id,
      to: contact.email,
      kind: 'digest',
      contactId: contact.id,
      key: `digest-email:${job.id}`,
      fromName: await fromNameForContact(db, firm, contact.id),
      ...digestEmail({ firm: emailFirm(firm, config), locale: contact.locale ?? firm.locale, url: firm.portalUrl ?? `${config.publicUrl}/p/${firm.slug}`, lines: kept }),
    });
  },
});
