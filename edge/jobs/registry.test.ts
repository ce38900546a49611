import { blobStoreFor } from '../server.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { emails, jobs } from '../../db/schema.ts';
import type { Db } from '../../db/client.ts';
import { seedDemo } from '../../db/seed.ts';
import { tempDb } from '../../test/fixtures/test-app.ts';
import { AdjustableClock } from '../adapters/system-clock.ts';
import { loadConfig } from '../config.ts';
import { MailerError, oneByOne, type Mailer } from '../ports/mailer.ts';
import { ASSIGNED_JOB } from './assignment-notice.ts';
import { MESSAGE_JOB } from './message-notice.ts';
import { EMAIL_JOB, queueEmail } from './email.ts';
import { insertJob } from './queue.ts';
import { jobKinds } from './registry.ts';
import { runDueJobs } from './runner.ts';
import { SIGN_IN_JOB } from './sign-in-link.ts';
import { RECURRING_TASK_JOB } from './recurring-task.ts';
import { DIGITISE_JOB } from './digitise.ts';
import { DIGEST_JOB } from './notify-contact.ts';
import { DISPATCH_JOB } from './notify-dispatch.ts';
import { REMINDER_MORNING_JOB, REMINDER_TASK_JOB } from './reminder-schedule.ts';

let db: Db;
let cleanup: () => void;
const clock = new AdjustableClock({ now: () => 5_000_000 });
beforeEach(async () => ({ db, cleanup } = await tempDb()));
afterEach(() => cleanup());

let sent = 0;
const mailerThat = (error?: MailerError): Mailer =>
  oneByOne(async () => {
    sent++;
    if (error) throw error;
    return { providerId: 'ok' };
  });
const run = (mailer: Mailer = mailerThat()) =>
  runDueJobs({ db, clock, kinds: jobKinds, deps: { db, clock, config: loadConfig({}), mailer, blobs: blobStoreFor(loadConfig({})) }, log: () => {} });
const row = async (key: string) => (await db.select().from(jobs).where(eq(jobs.uniqueKey, key)))[0]!;

describe('job kinds', () => {
  it('are one registry naming every kind that is enqueued', () => {
    expect(Object.keys(jobKinds).sort()).toEqual([SIGN_IN_JOB, EMAIL_JOB, 'maintenance.purge', ASSIGNED_JOB, RECURRING_TASK_JOB, 'template.send', 'work.repeat', DIGITISE_JOB, MESSAGE_JOB, DISPATCH_JOB, DIGEST_JOB, REMINDER_TASK_JOB, REMINDER_MORNING_JOB].sort());
  });

  it.each([
    [ASSIGNED_JOB, { contactId: 42, since: 1 }, 'contactId'],
    [ASSIGNED_JOB, { contactId: 'con_x' }, 'since'],
    [MESSAGE_JOB, { kind: 'note', threadId: 'tsk_x', contactId: 'con_x', since: 1 }, 'kind'],
    [SIGN_IN_JOB, { firm: 'demo', email: 'a@b.test', as: 'robot' }, 'as'],
    [EMAIL_JOB, {}, 'key'],
    [DIGEST_JOB, { contactId: 'con_x', lines: [{ key: 'evt_x', kind: 'reminders', title: 'x' }] }, 'lines.0.kind'],
    [REMINDER_TASK_JOB, { taskId: 7 }, 'taskId'],
    [REMINDER_MORNING_JOB, { contactId: 'con_x', date: '2030-01-01' }, 'since'],
    [RECURRING_TASK_JOB, { seriesId: 'tsk_x', occurrence: 0, first: '2030-01-31' }, 'occurrence'],
    [DIGITISE_JOB, { firmId: 'frm_x', taskId: 'tsk_x', runId: 'dgt_x', parts: 'all', skipped: [], by: { actorType: 'member', actorId: 'mem_x' } }, 'parts'],
  ])('%s with a malformed payload %j fails for good at once, naming %s, without running', async (kind, payload, field) => {
    sent = 0;
    await insertJob(db, { kind, key: 'bad', runAt: clock.now(), payload, firmId: 'frm_x' }, clock.now());
    expect(await run()).toBe(1);
    const job = await row('bad');
    expect(job).toMatchObject({ status: 'failed', attempts: 1, leaseUntil: null });
    expect(job.lastError).toMatch(new RegExp(`^Malformed payload for job kind "${kind.replace('.', '\\.')}": .*\\b${field}: `));
    expect(sent).toBe(0);
    expect(await run()).toBe(0); // not retried
  });

  it('fail for good when the mailer refuses for good, and mark the outbox email failed', async () => {
    await queueEmail(db, clock, { firmId: null, kind: 'test', to: 'gone@demo.test', subject: 'Hi', text: 'Hi', html: '<p>Hi</p>', key: 'refused' });
    await run(mailerThat(new MailerError('inactive recipient', false)));
    expect(await row('refused')).toMatchObject({ status: 'failed', attempts: 1, lastError: 'inactive recipient' });
    expect((await db.select({ state: emails.state }).from(emails).where(eq(emails.jobKey, 'refused')))[0]!.state).toBe('failed');
  });

  it('try again later when the mailer fails for now, keeping the email queued', async () => {
    await queueEmail(db, clock, { firmId: null, kind: 'test', to: 'x@demo.test', subject: 'Hi', text: 'Hi', html: '<p>Hi</p>', key: 'later' });
    await run(mailerThat(new MailerError('provider down', true)));
    expect(await row('later')).toMatchObject({ status: 'pending', attempts: 1, lastError: 'provider down' });
    expect((await db.select({ state: emails.state }).from(emails).where(eq(emails.jobKey, 'later')))[0]!.state).toBe('queued');
  });

  it('fail a sign-in link for good when the mailer refuses it for good', async () => {
    await seedDemo(db, { publicUrl: 'http://portico.test', now: clock.now() });
    await insertJob(db, { kind: SIGN_IN_JOB, key: 'link', runAt: clock.now(), payload: { firm: 'demo', email: 'client@demo.test', as: 'client' } }, clock.now());
    sent = 0;
    await run(mailerThat(new MailerError('inactive recipient', false)));
    expect(sent).toBe(1);
    expect(await row('link')).toMatchObject({ status: 'failed', attempts: 1, lastError: 'inactive recipient' });
  });
});
