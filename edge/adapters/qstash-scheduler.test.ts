import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startQstashStandIn, type QstashStandIn } from '../../test/fixtures/qstash-standin.ts';
import { eq } from 'drizzle-orm';
import { jobs } from '../../db/schema.ts';
import { tempDb } from '../../test/fixtures/test-app.ts';
import { cancelPendingJobs, insertJob } from '../jobs/queue.ts';
import { setUpQstash } from '../scripts/qstash-setup.ts';
import { createQstashScheduler } from './qstash-scheduler.ts';

let qstash: QstashStandIn;
beforeAll(async () => { qstash = await startQstashStandIn(); });
afterAll(() => qstash.close());
afterEach(() => { qstash.published.length = 0; qstash.schedules.length = 0; qstash.deletedMessages.length = 0; qstash.scheduleById.clear(); });

const NOW = Date.parse('2026-11-22T10:00:00Z');
const logged: string[] = [];
const scheduler = () =>
  createQstashScheduler({
    token: 'qstash-token', baseUrl: qstash.url, publicUrl: 'https://portal.firm.example', maxDelayMs: 7 * 86_400_000,
    clock: { now: () => NOW }, log: (m) => logged.push(m),
  });

describe('the QStash scheduler', () => {
  it('publishes a wake-up to the signed run URL, not before the run time, deduplicated by job id', async () => {
    await scheduler().wake(NOW + 300_000, 'job_abc');
    expect(qstash.published).toHaveLength(1);
    const call = qstash.published[0]!;
    expect(call.destination).toBe('https://portal.firm.example/api/v1/jobs/run');
    expect(call.headers.authorization).toBe('Bearer qstash-token');
    expect(call.headers['upstash-not-before']).toBe(String((NOW + 300_000) / 1000));
    expect(call.headers['upstash-deduplication-id']).toBe('job_abc');
    expect(JSON.parse(call.body)).toEqual({ jobId: 'job_abc' });
  });

  it('leaves jobs beyond the delay limit to the minute tick', async () => {
    await scheduler().wake(NOW + 8 * 86_400_000, 'job_far');
    expect(qstash.published).toHaveLength(0);
  });

  it('only logs a failed publish: the job is safe in the database', async () => {
    qstash.failNext(1);
    await expect(scheduler().wake(NOW + 1000, 'job_x')).resolves.toBeUndefined();
    expect(logged.at(-1)).toMatch(/job_x/);
  });

  it('does not hold up the request for a slow QStash', async () => {
    qstash.slowNext(1_500);
    await createQstashScheduler({
      token: 't', baseUrl: qstash.url, publicUrl: 'https://portal.firm.example', maxDelayMs: 86_400_000,
      clock: { now: () => NOW }, publishWaitMs: 50, log: () => {},
    }).wake(NOW + 1000, 'job_slow');
    // Back before QStash has even taken the message; it still arrives.
    expect(qstash.published).toHaveLength(0);
    await vi.waitFor(() => expect(qstash.published).toHaveLength(1), { timeout: 5_000 });
  });

  it('creates the minute tick schedule under a fixed id', async () => {
    await scheduler().ensureTick();
    expect(qstash.schedules).toHaveLength(1);
    expect(qstash.schedules[0]!.destination).toBe('https://portal.firm.example/api/v1/jobs/tick');
    expect(qstash.schedules[0]!.headers['upstash-cron']).toBe('* * * * *');
    expect(qstash.schedules[0]!.headers['upstash-schedule-id']).toBe('portico-jobs-tick');
  });
});

describe('cancelling wake-ups (a withdrawn task)', () => {
  it('keeps each published message id on its job, and deletes the messages of the jobs cancelled', async () => {
    const { db, cleanup } = await tempDb();
    try {
      const withDb = createQstashScheduler({ token: 't', baseUrl: qstash.url, publicUrl: 'https://portal.firm.example', maxDelayMs: 7 * 86_400_000, clock: { now: () => NOW }, db, log: (m) => logged.push(m) });
      const enqueue = async (key: string, subjectId: string) => {
        const [job] = await insertJob(db, { kind: 'k', key, runAt: NOW + 60_000, payload: {}, firmId: 'frm_a', subjectId }, NOW - 1);
        await withDb.wake(job!.runAt, job!.id);
        return job!.id;
      };
      const first = await enqueue('a', 'tsk_1');
      const second = await enqueue('b', 'tsk_1');
      const other = await enqueue('c', 'tsk_2');
      const messageOf = async (id: string) => (await db.select({ m: jobs.wakeMessageId }).from(jobs).where(eq(jobs.id, id)))[0]!.m;
      expect([await messageOf(first), await messageOf(second), await messageOf(other)]).toEqual(['msg_1', 'msg_2', 'msg_3']);

      await withDb.cancel(await cancelPendingJobs(db, 'frm_a', 'tsk_1', NOW));
      expect(qstash.deletedMessages.sort()).toEqual(['msg_1', 'msg_2']);
    } finally {
      cleanup();
    }
  });

  it('only logs a cancel QStash refuses or cannot take, never throws: the jobs are cancelled in the database already', async () => {
    const { db, cleanup } = await tempDb();
    try {
      const withDb = createQstashScheduler({ token: 't', baseUrl: qstash.url, publicUrl: 'https://portal.firm.example', maxDelayMs: 7 * 86_400_000, clock: { now: () => NOW }, db, log: (m) => logged.push(m) });
      const [job] = await insertJob(db, { kind: 'k', key: 'gone', runAt: NOW, payload: {}, firmId: 'frm_a', subjectId: 'tsk_1' }, NOW);
      await db.update(jobs).set({ wakeMessageId: 'msg_999' }).where(eq(jobs.id, job!.id));
      await expect(withDb.cancel([job!.id])).resolves.toBeUndefined();
      expect(logged.at(-1)).toMatch(/could not cancel message msg_999/);
      qstash.failNext(1);
      await db.update(jobs).set({ wakeMessageId: 'msg_1' }).where(eq(jobs.id, job!.id));
      await expect(withDb.cancel([job!.id])).resolves.toBeUndefined();
      expect(logged.at(-1)).toMatch(/could not cancel message msg_1/);
      expect(qstash.deletedMessages).toEqual([]);
    } finally {
      cleanup();
    }
  });
});

describe('npm run qstash:setup', () => {
  const env = { QSTASH_URL: '', QSTASH_TOKEN: 'qstash-token', QSTASH_CURRENT_SIGNING_KEY: 'k1', QSTASH_NEXT_SIGNING_KEY: 'k2', PUBLIC_URL: 'https://portal.firm.example' };

  it('creates the minute tick schedule with the official client, and running it again updates the same one', async () => {
    await setUpQstash({ ...env, QSTASH_URL: qstash.url });
    await setUpQstash({ ...env, QSTASH_URL: qstash.url, PUBLIC_URL: 'https://moved.firm.example' });
    expect(qstash.schedules).toHaveLength(2);
    expect([...qstash.scheduleById]).toEqual([['portico-jobs-tick', { destination: 'https://moved.firm.example/api/v1/jobs/tick', cron: '* * * * *' }]]);
  });

  it('refuses to run without the QStash settings, naming them, and creates nothing', async () => {
    await expect(setUpQstash({ QSTASH_URL: qstash.url })).rejects.toThrow(/QSTASH_TOKEN, QSTASH_CURRENT_SIGNING_KEY, QSTASH_NEXT_SIGNING_KEY, PUBLIC_URL/);
    expect(qstash.schedules).toEqual([]);
  });
});
