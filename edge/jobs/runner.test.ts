import { blobStoreFor } from '../server.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { jobs } from '../../db/schema.ts';
import { AdjustableClock } from '../adapters/system-clock.ts';
import { tempDb } from '../../test/fixtures/test-app.ts';
import type { Db } from '../../db/client.ts';
import * as v from 'valibot';
import { loadConfig } from '../config.ts';
import { devMailer } from '../adapters/dev-mailer.ts';
import { defineJob, PermanentJobError } from './kind.ts';
import { insertJob, nextRunAt, type Job } from './queue.ts';
import { runDueJobs } from './runner.ts';

let db: Db;
let cleanup: () => void;
const clock = new AdjustableClock({ now: () => 1_000_000 });
beforeEach(async () => ({ db, cleanup } = await tempDb()));
afterEach(() => cleanup());

/** Test kinds that take any payload: these tests are about the queue and the runner, not payloads. */
const kindsOf = (handlers: Record<string, (job: Job) => Promise<unknown>>) => ({
  kinds: Object.fromEntries(Object.entries(handlers).map(([name, run]) => [name, defineJob({ payload: v.record(v.string(), v.unknown()), run: async (_p, job) => void (await run(job)) })])),
  deps: { db, clock, config: loadConfig({}), mailer: devMailer, blobs: blobStoreFor(loadConfig({})) },
});

const job = async (key: string) => (await db.select().from(jobs).where(eq(jobs.uniqueKey, key)))[0]!;

describe('the job queue', () => {
  it('keeps one job per idempotency key', async () => {
    const first = await insertJob(db, { kind: 'k', key: 'same', runAt: clock.now(), payload: { n: 1 } }, clock.now());
    const second = await insertJob(db, { kind: 'k', key: 'same', runAt: clock.now(), payload: { n: 2 } }, clock.now());
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(0);
    expect((await job('same')).payload).toEqual({ n: 1 });
  });

  it('runs only due jobs, once, and knows when the next is due', async () => {
    const seen: string[] = [];
    await insertJob(db, { kind: 'k', key: 'now', runAt: clock.now(), payload: {} }, clock.now());
    await insertJob(db, { kind: 'k', key: 'later', runAt: clock.now() + 60_000, payload: {} }, clock.now());
    const handlers = { k: async (j: { uniqueKey: string }) => void seen.push(j.uniqueKey) };
    expect(await runDueJobs({ db, clock, ...kindsOf(handlers) })).toBe(1);
    expect(await runDueJobs({ db, clock, ...kindsOf(handlers) })).toBe(0);
    expect(seen).toEqual(['now']);
    expect(await nextRunAt(db)).toBe(clock.now() + 60_000);
  });

  it('retries a failing job with backoff, then gives up after the last attempt', async () => {
    await insertJob(db, { kind: 'flaky', key: 'f', runAt: clock.now(), payload: {} }, clock.now());
    const handlers = { flaky: async () => { throw new Error('provider down'); } };
    await runDueJobs({ db, clock, ...kindsOf(handlers), maxAttempts: 3, log: () => {} });
    let row = await job('f');
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: 'provider down' });
    expect(row.runAt).toBe(clock.now() + 30_000);
    clock.advance(30_000);
    await runDueJobs({ db, clock, ...kindsOf(handlers), maxAttempts: 3, log: () => {} });
    expect((await job('f')).runAt).toBe(clock.now() + 120_000);
    clock.advance(120_000);
    await runDueJobs({ db, clock, ...kindsOf(handlers), maxAttempts: 3, log: () => {} });
    row = await job('f');
    expect(row).toMatchObject({ status: 'failed', attempts: 3 });
  });

  it('fails at once on a permanent error or an unknown kind', async () => {
    await insertJob(db, { kind: 'bad', key: 'b', runAt: clock.now(), payload: {} }, clock.now());
    await insertJob(db, { kind: 'nobody-handles-this', key: 'u', runAt: clock.now(), payload: {} }, clock.now());
    await runDueJobs({ db, clock, ...kindsOf({ bad: async () => { throw new PermanentJobError('bad address'); } }), log: () => {} });
    expect(await job('b')).toMatchObject({ status: 'failed', attempts: 1 });
    expect(await job('u')).toMatchObject({ status: 'failed', lastError: expect.stringContaining('No handler') });
  });

  it('takes back a job whose runner died once its lease ran out', async () => {
    await insertJob(db, { kind: 'k', key: 'leased', runAt: clock.now(), payload: {} }, clock.now());
    await db.update(jobs).set({ status: 'running', leaseUntil: clock.now() + 60_000 });
    const seen: string[] = [];
    const handlers = { k: async () => void seen.push('ran') };
    await runDueJobs({ db, clock, ...kindsOf(handlers) });
    expect(seen).toEqual([]);
    clock.advance(60_001);
    await runDueJobs({ db, clock, ...kindsOf(handlers) });
    expect(seen).toEqual(['ran']);
    expect((await job('leased')).status).toBe('done');
  });

  it('lets a runner whose lease ran out settle nothing: the runner that took the job over decides', async () => {
    await insertJob(db, { kind: 'slow', key: 's', runAt: clock.now(), payload: {} }, clock.now());
    let release!: () => void;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const handlers = {
      slow: async () => {
        calls++;
        if (calls === 1) return stuck; // runner A hangs past its lease
        throw new PermanentJobError('refused by the provider'); // runner B's attempt fails for good
      },
    };
    const runnerA = runDueJobs({ db, clock, ...kindsOf(handlers), leaseMs: 1_000, log: () => {} });
    await new Promise((resolve) => setTimeout(resolve, 50));
    clock.advance(1_001);
    await runDueJobs({ db, clock, ...kindsOf(handlers), leaseMs: 1_000, log: () => {} });
    expect(await job('s')).toMatchObject({ status: 'failed', attempts: 2 });
    release();
    await runnerA;
    expect(await job('s')).toMatchObject({ status: 'failed', attempts: 2, lastError: 'refused by the provider' });
  });

  it('claims one job at a time when asked, settling each before claiming the next', async () => {
    for (const key of ['a', 'b', 'c']) await insertJob(db, { kind: 'k', key, runAt: clock.now(), payload: {} }, clock.now());
    const states: string[] = [];
    const handlers = { k: async () => { states.push((await db.select({ s: jobs.status }).from(jobs)).map((r) => r.s).sort().join(',')); } };
    await runDueJobs({ db, clock, ...kindsOf(handlers), claimBatch: 1 });
    expect(states).toEqual(['pending,pending,running', 'done,pending,running', 'done,done,running']);
  });

  it('by default claims the due jobs in one statement, each under its own attempt, and finishes them together', async () => {
    for (const key of ['a', 'b', 'c']) await insertJob(db, { kind: 'k', key, runAt: clock.now(), payload: {} }, clock.now());
    const states: string[] = [];
    const handlers = { k: async () => { states.push((await db.select({ s: jobs.status }).from(jobs)).map((r) => r.s).sort().join(',')); } };
    expect(await runDueJobs({ db, clock, ...kindsOf(handlers) })).toBe(3);
    expect(states).toEqual(['running,running,running', 'running,running,running', 'running,running,running']);
    for (const key of ['a', 'b', 'c']) expect(await job(key)).toMatchObject({ status: 'done', attempts: 1, leaseUntil: null });
  });

  it('settles a failure in a claimed batch on its own: the others finish, it retries', async () => {
    for (const key of ['a', 'b', 'c']) await insertJob(db, { kind: 'k', key, runAt: clock.now(), payload: {} }, clock.now());
    const handlers = { k: async (j: Job) => { if (j.uniqueKey === 'b') throw new Error('passing fault'); } };
    expect(await runDueJobs({ db, clock, ...kindsOf(handlers), log: () => {} })).toBe(3);
    expect(await job('a')).toMatchObject({ status: 'done' });
    expect(await job('b')).toMatchObject({ status: 'pending', attempts: 1, lastError: 'passing fault', runAt: clock.now() + 30_000 });
    expect(await job('c')).toMatchObject({ status: 'done' });
  });

  it('hands back the jobs of a batch not begun by half the lease, without counting an attempt, so none starts on a spent claim', async () => {
    for (const key of ['a', 'b', 'c']) await insertJob(db, { kind: 'slow', key, runAt: clock.now(), payload: {} }, clock.now());
    const leaseLeft: number[] = [];
    const handlers = { slow: async (j: Job) => { leaseLeft.push(j.leaseUntil! - clock.now()); clock.advance(600); } };
    expect(await runDueJobs({ db, clock, ...kindsOf(handlers), claimBatch: 3, leaseMs: 1_000 })).toBe(3);
    // Without the hand-back the third would start 1 200 ms into a 1 000 ms lease.
    expect(leaseLeft).toEqual([1_000, 1_000, 1_000]);
    for (const key of ['a', 'b', 'c']) expect(await job(key)).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('retries the jobs of a batch that got no answer, as results unknown, rather than counting them done', async () => {
    for (const key of ['a', 'b', 'c']) await insertJob(db, { kind: 'batch', key, runAt: clock.now(), payload: {} }, clock.now());
    const batchKind = defineJob({ payload: v.record(v.string(), v.unknown()), run: async () => {}, runBatch: async () => [null] });
    await runDueJobs({ db, clock, kinds: { batch: batchKind }, deps: kindsOf({}).deps, log: () => {} });
    const rows = await Promise.all(['a', 'b', 'c'].map(job));
    expect(rows.map((r) => r.status).sort()).toEqual(['done', 'pending', 'pending']);
    expect(rows.filter((r) => r.status === 'pending').map((r) => r.lastError)).toEqual([expect.stringMatching(/^Result unknown/), expect.stringMatching(/^Result unknown/)]);
  });
});
