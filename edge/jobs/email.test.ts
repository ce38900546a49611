import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { contacts, emails, jobs } from '../../db/schema.ts';
import type { Db } from '../../db/client.ts';
import { seedDemo } from '../../db/seed.ts';
import { tempDb } from '../../test/fixtures/test-app.ts';
import { AdjustableClock } from '../adapters/system-clock.ts';
import { loadConfig } from '../config.ts';
import { listSentMailWithSender } from '../data/emails.ts';
import { InactiveRecipientError, oneByOne, type Mailer, type OutgoingEmail } from '../ports/mailer.ts';
import { blobStoreFor } from '../server.ts';
import { queueEmail } from './email.ts';
import { insertJob } from './queue.ts';
import { jobKinds } from './registry.ts';
import { runDueJobs } from './runner.ts';
import { SIGN_IN_JOB } from './sign-in-link.ts';

let db: Db;
let cleanup: () => void;
const clock = new AdjustableClock({ now: () => 5_000_000 });
let firmId: string;
let contact: { id: string; email: string };
beforeEach(async () => {
  ({ db, cleanup } = await tempDb());
  await seedDemo(db, { publicUrl: 'http://portico.test', now: clock.now() });
  const [row] = await db.select().from(contacts).where(eq(contacts.email, 'client@demo.test'));
  firmId = row!.firmId;
  contact = row!;
});
afterEach(() => cleanup());

const sent: OutgoingEmail[] = [];
const mailer = (refuse?: (email: OutgoingEmail) => Error | undefined): Mailer =>
  oneByOne(async (email) => {
    const error = refuse?.(email);
    if (error) throw error;
    sent.push(email);
    return { providerId: `pm-${email.key}` };
  });
const config = loadConfig({});
const run = (m: Mailer = mailer()) => runDueJobs({ db, clock, kinds: jobKinds, deps: { db, clock, config, mailer: m, blobs: blobStoreFor(config) }, log: () => {} });
const outbox = async (key: string) => (await db.select().from(emails).where(eq(emails.jobKey, key)))[0]!;
const mark = async () => (await db.select({ at: contacts.emailUndeliverableAt, reason: contacts.emailUndeliverableReason }).from(contacts).where(eq(contacts.id, contact.id)))[0]!;
const draft = (key: string) => ({ firmId, kind: 'message', contactId: contact.id, taskId: 'tsk_x', to: contact.email, subject: 'Hi', text: 'Hi', html: '<p>Hi</p>', key });
beforeEach(() => void (sent.length = 0));

describe('the outbox', () => {
  it('keeps kind, whom, sender name and reply address in its columns, the job carrying only the key', async () => {
    await queueEmail(db, clock, { ...draft('k1'), fromName: 'Demo & Partners', replyTo: 'reply@in.example' });
    expect(await outbox('k1')).toMatchObject({ kind: 'message', contactId: contact.id, taskId: 'tsk_x', fromName: 'Demo & Partners', replyTo: 'reply@in.example', state: 'queued' });
    expect((await db.select().from(jobs).where(eq(jobs.uniqueKey, 'k1')))[0]!.payload).toEqual({ key: 'k1' });
    await run();
    expect(sent).toMatchObject([{ key: 'k1', fromName: 'Demo & Partners', replyTo: 'reply@in.example' }]);
    expect(await outbox('k1')).toMatchObject({ state: 'sent', providerId: 'pm-k1' });
  });

  it('still sends the sender name and reply address of a job queued before the columns existed, and the dev mailbox shows them', async () => {
    await queueEmail(db, clock, draft('old'));
    await db.update(jobs).set({ payload: { key: 'old', fromName: 'Old Firm', replyTo: 'old@in.example' } }).where(eq(jobs.uniqueKey, 'old'));
    await run();
    expect(sent).toMatchObject([{ key: 'old', fromName: 'Old Firm', replyTo: 'old@in.example' }]);
    expect((await listSentMailWithSender(db))[0]).toMatchObject({ to: contact.email, fromName: 'Old Firm', replyTo: 'old@in.example' });
  });

  it("marks the email and the contact's address undeliverable on an inactive recipient, and sends nothing more there", async () => {
    await queueEmail(db, clock, draft('first'));
    await run(mailer(() => new InactiveRecipientError('Postmark: inactive recipient')));
    expect(await outbox('first')).toMatchObject({ state: 'undeliverable', lastError: 'Postmark: inactive recipient' });
    expect(await mark()).toEqual({ at: clock.now(), reason: 'Postmark: inactive recipient' });
    expect((await db.select().from(jobs).where(eq(jobs.uniqueKey, 'first')))[0]!.status).toBe('done');

    await queueEmail(db, clock, draft('second'));
    await run();
    expect(sent).toEqual([]);
    expect(await outbox('second')).toMatchObject({ state: 'undeliverable' });
    expect((await outbox('second')).lastError).toMatch(/^Not sent: the address is undeliverable/);
  });

  it('still sends to the other contacts of the firm', async () => {
    await db.update(contacts).set({ emailUndeliverableAt: 1, emailUndeliverableReason: 'HardBounce' }).where(eq(contacts.id, contact.id));
    await queueEmail(db, clock, { ...draft('other'), contactId: null, to: 'someone-else@demo.test' });
    await run();
    expect(sent.map((e) => e.key)).toEqual(['other']);
  });

  it('makes no sign-in link for an undeliverable address, and records why', async () => {
    await db.update(contacts).set({ emailUndeliverableAt: 1, emailUndeliverableReason: 'HardBounce' }).where(eq(contacts.id, contact.id));
    await insertJob(db, { kind: SIGN_IN_JOB, key: 'link', runAt: clock.now(), payload: { firm: 'demo', email: contact.email, as: 'client' } }, clock.now());
    await run();
    expect(sent).toEqual([]);
    const [row] = await db.select().from(emails).where(eq(emails.kind, 'sign_in'));
    expect(row).toMatchObject({ state: 'undeliverable', contactId: contact.id, to: contact.email });
    expect(await db.$client.execute('select count(*) as n from sign_in_tokens').then((r) => Number(r.rows[0]!.n))).toBe(0);
  });

  it('marks the address when a sign-in link meets an inactive recipient', async () => {
    await insertJob(db, { kind: SIGN_IN_JOB, key: 'link', runAt: clock.now(), payload: { firm: 'demo', email: contact.email, as: 'client' } }, clock.now());
    await run(mailer(() => new InactiveRecipientError('Postmark: inactive')));
    expect(await mark()).toEqual({ at: clock.now(), reason: 'Postmark: inactive' });
    expect((await db.select().from(emails).where(eq(emails.kind, 'sign_in')))[0]).toMatchObject({ state: 'undeliverable', contactId: contact.id });
  });
});

