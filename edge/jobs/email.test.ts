import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { contacts, emails, jobs } from '../../db/schema.ts';
import type { Db } from '../../db/client.ts';
import { seedDemo } from '../../db/seed.ts';
import { tempDb } from '../../test/fixtures/test-app.ts';
import { startPostmarkStandIn, type PostmarkStandIn } from '../../test/fixtures/postmark-standin.ts';
import { createPostmarkMailer } from '../adapters/postmark-mailer.ts';
import { AdjustableClock } from '../adapters/system-clock.ts';
import { loadConfig } from '../config.ts';
import { listSentMailWithSender } from '../data/emails.ts';
import { InactiveRecipientError, MailerError, oneByOne, type Mailer, type OutgoingEmail } from '../ports/mailer.ts';
import { blobStoreFor } from '../server.ts';
import { deliver, queueEmail } from './email.ts';
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

  describe('handing over', () => {
    const handedOver = async (keys: string[]) => {
      for (const key of keys) await queueEmail(db, clock, draft(key));
      await db.update(emails).set({ handedAt: clock.now() - 60_000 });
    };
    const jobOf = async (key: string) => (await db.select().from(jobs).where(eq(jobs.uniqueKey, key)))[0]!;

    it('sends only the rows it took: a row another attempt handed over since it was read is left to that attempt', async () => {
      await queueEmail(db, clock, draft('raced'));
      const stale = await outbox('raced');
      // Another runner (this one's lease ran out) hands it over between the read and the hand-over.
      await db.update(emails).set({ handedAt: clock.now() + 1 }).where(eq(emails.jobKey, 'raced'));
      const [outcome] = await deliver({ db, clock, mailer: mailer() }, [{ email: stale }]);
      expect(sent).toEqual([]);
      expect(outcome).toMatchObject({ retryable: true, message: expect.stringContaining('another attempt') });
      expect(await outbox('raced')).toMatchObject({ state: 'queued', handedAt: clock.now() + 1 });
    });

    it('after the first lookup that fails, looks up no more and sends none of the handed-over rows; a fresh row still goes', async () => {
      await handedOver(['h1', 'h2', 'h3']);
      await queueEmail(db, clock, draft('fresh'));
      const looked: string[] = [];
      const m: Mailer = { ...mailer(), findSent: async (key) => { looked.push(key); throw new MailerError('search down', true); } };
      await run(m);
      expect(looked).toHaveLength(1);
      expect(sent.map((e) => e.key)).toEqual(['fresh']);
      for (const key of ['h1', 'h2', 'h3']) {
        expect(await outbox(key)).toMatchObject({ state: 'queued' });
        expect(await jobOf(key)).toMatchObject({ status: 'pending', attempts: 1 });
      }
    });

    it('begins no lookup once too little of the lease is left for it and the send: those rows wait, unsent', async () => {
      await handedOver(['s1', 's2', 's3', 's4']);
      const looked: string[] = [];
      // Each lookup takes 25 s: with a 120 s lease, those begun by 60 s are the first three.
      const m: Mailer = { ...mailer(), findSent: async (key) => { looked.push(key); clock.advance(25_000); return null; } };
      await run(m);
      expect(looked).toHaveLength(3);
      expect(sent).toHaveLength(3);
      const waiting = (await db.select().from(emails).where(eq(emails.state, 'queued')))[0]!;
      expect(waiting.lastError).toMatch(/lease/);
      expect(await jobOf(waiting.jobKey)).toMatchObject({ status: 'pending', attempts: 1 });
    });

    it('retries, as a result unknown, an email the mailer gave no answer for', async () => {
      for (const key of ['u1', 'u2']) await queueEmail(db, clock, draft(key));
      const m: Mailer = { ...mailer(), sendBatch: async (list) => [{ ok: true, providerId: `pm-${list[0]!.key}` }] };
      await run(m);
      const rows = await Promise.all(['u1', 'u2'].map(outbox));
      expect(rows.map((r) => r.state).sort()).toEqual(['queued', 'sent']);
      const unknown = rows.find((r) => r.state === 'queued')!;
      expect(unknown.lastError).toMatch(/^Result unknown/);
      expect(await jobOf(unknown.jobKey)).toMatchObject({ status: 'pending', attempts: 1 });
    });
  });
});


describe('the outbox through Postmark (the official client against a local stand-in)', () => {
  let standIn: PostmarkStandIn;
  beforeAll(async () => void (standIn = await startPostmarkStandIn()));
  afterAll(() => standIn.close());
  beforeEach(() => {
    standIn.beforeAnswer = undefined;
    standIn.answers.length = standIn.batchResults.length = standIn.searchAnswers.length = 0;
  });
  const postmark = (timeoutSeconds?: number) =>
    createPostmarkMailer({ serverToken: 'outbox-token', from: 'portal@firm.example', requestHost: standIn.host, useHttps: false, ...(timeoutSeconds ? { timeoutSeconds } : {}) });
  const others = (n: number) => Array.from({ length: n }, (_, i) => ({ ...draft(`o${i}-${Math.random()}`), contactId: null, to: `other${i}@demo.test` }));
  const job = async (key: string) => (await db.select().from(jobs).where(eq(jobs.uniqueKey, key)))[0]!;
  const acceptedTimes = (key: string) => standIn.accepted.filter((a) => a.key === key).length;

  it('hands the due emails over in one batch call and settles each result on its own: sent, inactive recipient, retry, refused for good', async () => {
    const [toContact, retried, refused, fine] = [draft(`c-${Math.random()}`), ...others(3)];
    for (const [i, d] of [fine!, toContact!, retried!, refused!].entries()) await queueEmail(db, clock, d, clock.now() - 4 + i);
    standIn.batchResults.push(null, [406, 'You tried to send to recipient(s) that have been marked as inactive.'], [429, 'Rate limit exceeded'], [300, 'Invalid email request']);
    const calls = standIn.batchCalls;
    await run(postmark());
    expect(standIn.batchCalls - calls).toBe(1);
    const accepted = standIn.accepted.find((a) => a.key === fine!.key)!;
    expect(await outbox(fine!.key)).toMatchObject({ state: 'sent', providerId: accepted.messageId });
    expect(await job(fine!.key)).toMatchObject({ status: 'done' });
    expect(await outbox(toContact!.key)).toMatchObject({ state: 'undeliverable', lastError: expect.stringContaining('inactive') });
    expect((await mark()).reason).toMatch(/inactive/);
    expect(await job(toContact!.key)).toMatchObject({ status: 'done' });
    expect(await outbox(retried!.key)).toMatchObject({ state: 'queued', lastError: expect.stringContaining('Rate limit') });
    expect(await job(retried!.key)).toMatchObject({ status: 'pending', attempts: 1, runAt: clock.now() + 30_000 });
    expect(await outbox(refused!.key)).toMatchObject({ state: 'failed', lastError: expect.stringContaining('Invalid email request') });
    expect(await job(refused!.key)).toMatchObject({ status: 'failed' });

    clock.advance(30_000);
    await run(postmark());
    expect(await outbox(retried!.key)).toMatchObject({ state: 'sent', providerId: standIn.accepted.find((a) => a.key === retried!.key)!.messageId });
    expect([fine, retried].map((d) => acceptedTimes(d!.key))).toEqual([1, 1]);
    expect([toContact, refused].map((d) => acceptedTimes(d!.key))).toEqual([0, 0]);
  });

  it('retries a batch call answered 500, and sends each email once', async () => {
    const list = others(3);
    for (const d of list) await queueEmail(db, clock, d);
    standIn.answers.push([500, { ErrorCode: 0, Message: 'Internal error' }]);
    await run(postmark());
    for (const d of list) {
      expect(await outbox(d.key)).toMatchObject({ state: 'queued', handedAt: clock.now(), lastError: expect.stringContaining('Internal error') });
      expect(await job(d.key)).toMatchObject({ status: 'pending', attempts: 1 });
    }
    clock.advance(30_000);
    await run(postmark());
    for (const d of list) {
      expect(await outbox(d.key)).toMatchObject({ state: 'sent' });
      expect(acceptedTimes(d.key)).toBe(1);
    }
  });

  it('never sends again what Postmark accepted but did not answer in time: it asks Postmark first, and waits while Postmark cannot tell', async () => {
    const list = others(3);
    for (const d of list) await queueEmail(db, clock, d);
    standIn.beforeAnswer = () => new Promise((resolve) => setTimeout(resolve, 1_500));
    await run(postmark(1));
    standIn.beforeAnswer = undefined;
    for (const d of list) {
      expect(acceptedTimes(d.key)).toBe(1);
      expect(await outbox(d.key)).toMatchObject({ state: 'queued' });
      expect(await job(d.key)).toMatchObject({ status: 'pending', attempts: 1 });
    }
    // The search fails for the first: none is sent blind, and the others are not looked up either (each could wait as long): all wait for the next attempt.
    standIn.searchAnswers.push([500, { ErrorCode: 0, Message: 'Internal error' }]);
    const calls = standIn.batchCalls;
    clock.advance(30_000);
    await run(postmark());
    for (const d of list) expect(await outbox(d.key)).toMatchObject({ state: 'queued' });
    expect(await outbox(list[1]!.key)).toMatchObject({ lastError: expect.stringContaining('not looked up') });
    clock.advance(120_000);
    await run(postmark());
    for (const d of list) expect(await outbox(d.key)).toMatchObject({ state: 'sent', providerId: standIn.accepted.find((a) => a.key === d.key)!.messageId });
    expect(standIn.batchCalls).toBe(calls);
    for (const d of list) expect(acceptedTimes(d.key)).toBe(1);
  });
});
