import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createDb, type Db } from '../../db/client.ts';
import { jobs } from '../../db/schema.ts';
import { tempDb } from '../../test/fixtures/test-app.ts';
import { cancelPendingJobs, claimDueJobs, listFirmJobs, failJob, finishJob, insertJob, retryFailedJob, type Job } from './queue.ts';

/**
 * The claim, step by step with explicit instants (no timers, no races left to
 * chance): what a second runner sees after a first one claimed, when a lease
 * runs out, and what a runner that lost its lease may still do.
 */
const NOW = 1_000_000;
const LEASE_MS = 60_000;

let db: Db;
let url: string;
let cleanup: () => void;
beforeEach(async () => ({ db, url, cleanup } = await tempDb()));
afterEach(() => cleanup());

const row = async (id: string) => (await db.select().from(jobs).where(eq(jobs.id, id)))[0]!;
async function dueJob(key = 'j', runAt = NOW): Promise<string> {
  const [created] = await insertJob(db, { kind: 'k', key, runAt, payload: {} }, NOW);
  return created!.id;
}

describe('claiming due jobs', () => {
  it('gives a due job to one claimer only: a second claim after the first finds nothing', async () => {
    const id = await dueJob();
    const first = await claimDueJobs(db, NOW, 10, LEASE_MS);
    expect(first.map((j) => j.id)).toEqual([id]);
    expect(first[0]).toMatchObject({ status: 'running', attempts: 1, leaseUntil: NOW + LEASE_MS });
    expect(await claimDueJobs(db, NOW, 10, LEASE_MS)).toEqual([]);
    // Up to the last millisecond of the lease.
    expect(await claimDueJobs(db, NOW + LEASE_MS, 10, LEASE_MS)).toEqual([]);
  });

  it('gives a due job to one of two instances claiming at once (two connections to one file)', async () => {
    const id = await dueJob();
    const other = await createDb(url);
    try {
      const claims = await Promise.all([claimDueJobs(db, NOW, 10, LEASE_MS), claimDueJobs(other, NOW, 10, LEASE_MS)]);
      expect(claims.flat().map((j) => j.id)).toEqual([id]);
      expect((await row(id)).attempts).toBe(1);
    } finally {
      other.$client.close();
    }
  });

  it('claims nothing before its time, nothing done or failed, and no more than the limit', async () => {
    await dueJob('later', NOW + 1);
    const done = await dueJob('done');
    const failed = await dueJob('failed');
    await db.update(jobs).set({ status: 'done' }).where(eq(jobs.id, done));
    await db.update(jobs).set({ status: 'failed' }).where(eq(jobs.id, failed));
    expect(await claimDueJobs(db, NOW, 10, LEASE_MS)).toEqual([]);
    for (const key of ['a', 'b', 'c']) await dueJob(key);
    expect(await claimDueJobs(db, NOW, 2, LEASE_MS)).toHaveLength(2);
    expect(await claimDueJobs(db, NOW, 2, LEASE_MS)).toHaveLength(1);
  });

  it('re-claims a job whose lease ran out (its runner died), as a new attempt', async () => {
    const id = await dueJob();
    await claimDueJobs(db, NOW, 10, LEASE_MS);
    const later = NOW + LEASE_MS + 1;
    const again = await claimDueJobs(db, later, 10, LEASE_MS);
    expect(again.map((j) => j.id)).toEqual([id]);
    expect(again[0]).toMatchObject({ status: 'running', attempts: 2, leaseUntil: later + LEASE_MS });
    expect(await claimDueJobs(db, later, 10, LEASE_MS)).toEqual([]);
  });
});

describe('settling a claimed job', () => {
  async function lostLease(): Promise<{ stale: Job; current: Job }> {
    await dueJob();
    const [stale] = await claimDueJobs(db, NOW, 10, LEASE_MS);
    const [current] = await claimDueJobs(db, NOW + LEASE_MS + 1, 10, LEASE_MS);
    return { stale: stale!, current: current! };
  }

  it('is refused to a runner that lost its lease: finishing or failing changes nothing', async () => {
    const { stale, current } = await lostLease();
    const before = await row(current.id);
    await finishJob(db, stale, NOW + LEASE_MS + 2);
    expect(await row(current.id)).toEqual(before);
    await failJob(db, stale, 'late failure', NOW + 10 * LEASE_MS, NOW + LEASE_MS + 2);
    expect(await row(current.id)).toEqual(before);
    await failJob(db, stale, 'late failure', null, NOW + LEASE_MS + 2);
    expect(await row(current.id)).toEqual(before);
  });

  it('is done by the runner holding the claim, once', async () => {
    const { stale, current } = await lostLease();
    await finishJob(db, current, NOW + LEASE_MS + 2);
    expect(await row(current.id)).toMatchObject({ status: 'done', leaseUntil: null, attempts: 2 });
    await failJob(db, stale, 'late failure', null, NOW + LEASE_MS + 3);
    expect(await row(current.id)).toMatchObject({ status: 'done', lastError: null });
    expect(await claimDueJobs(db, NOW + 100 * LEASE_MS, 10, LEASE_MS)).toEqual([]);
  });

  it('puts a failed attempt back for its retry time, with the error kept', async () => {
    const id = await dueJob();
    const [claimed] = await claimDueJobs(db, NOW, 10, LEASE_MS);
    await failJob(db, claimed!, 'provider down', NOW + 5_000, NOW + 1);
    expect(await row(id)).toMatchObject({ status: 'pending', runAt: NOW + 5_000, lastError: 'provider down', leaseUntil: null });
    expect(await claimDueJobs(db, NOW + 4_999, 10, LEASE_MS)).toEqual([]);
    expect((await claimDueJobs(db, NOW + 5_000, 10, LEASE_MS)).map((j) => j.attempts)).toEqual([2]);
  });
});

describe('the claim query', () => {
  it('reads jobs through its indexes, never a scan of the table', async () => {
    const { drizzle } = await import('drizzle-orm/libsql');
    const schema = await import('../../db/schema.ts');
    const statements: string[] = [];
    const recording = drizzle(db.$client, { schema, logger: { logQuery: (sql) => void statements.push(sql) } }) as unknown as Db;
    await claimDueJobs(recording, NOW, 10, LEASE_MS);
    expect(statements).toHaveLength(1);
    const plan = (await db.$client.execute({ sql: `explain query plan ${statements[0]}`, args: statements[0]!.split('?').slice(1).map(() => 1) })).rows.map((r) => String(r.detail));
    expect(plan).toContain('SEARCH jobs USING INDEX jobs_status_run_at (status=? AND run_at<?)');
    expect(plan.filter((line) => line.startsWith('SCAN'))).toEqual([]);
  });

  it("of the Delivery list reads one firm's jobs through the (firm, status, updated_at) index", async () => {
    const { drizzle } = await import('drizzle-orm/libsql');
    const schema = await import('../../db/schema.ts');
    const statements: { sql: string; params: unknown[] }[] = [];
    const recording = drizzle(db.$client, { schema, logger: { logQuery: (sql, params) => void statements.push({ sql, params }) } }) as unknown as Db;
    await listFirmJobs(recording, 'frm_a', { states: ['failed', 'pending', 'retrying'], limit: 50, after: [NOW, 'job_x'] });
    const plan = (await db.$client.execute({ sql: `explain query plan ${statements[0]!.sql}`, args: statements[0]!.params as never })).rows.map((r) => String(r.detail));
    expect(plan.some((line) => line.includes('INDEX jobs_firm_status_updated (firm_id=?'))).toBe(true);
    expect(plan.filter((line) => line.startsWith('SCAN'))).toEqual([]);
  });
});

describe('a clock moved back', () => {
  it('runs nothing twice and loses nothing: a settled job stays settled, a due one waits for its time again', async () => {
    const done = await dueJob('done', NOW);
    const later = await dueJob('later', NOW + 10_000);
    const [claimed] = await claimDueJobs(db, NOW, 1, LEASE_MS);
    await finishJob(db, claimed!, NOW);
    // The clock goes back an hour: the done job is not due again, the later one is still pending.
    const back = NOW - 3_600_000;
    expect(await claimDueJobs(db, back, 10, LEASE_MS)).toEqual([]);
    expect(await row(done)).toMatchObject({ status: 'done', attempts: 1 });
    expect(await row(later)).toMatchObject({ status: 'pending', attempts: 0 });
    // Once the clock reaches its time again, it runs once.
    const again = await claimDueJobs(db, NOW + 10_000, 10, LEASE_MS);
    expect(again.map((j) => j.id)).toEqual([later]);
  });

  it('keeps a running job from a second claim while its lease holds, however far back the clock went', async () => {
    await dueJob('held', NOW);
    const [claimed] = await claimDueJobs(db, NOW, 1, LEASE_MS);
    expect(await claimDueJobs(db, NOW - 86_400_000, 10, LEASE_MS)).toEqual([]);
    // The lease runs out by the database's time, and the job is taken back, not lost.
    expect((await claimDueJobs(db, NOW + LEASE_MS + 1, 10, LEASE_MS)).map((j) => j.id)).toEqual([claimed!.id]);
  });
});

describe('cancelling the jobs of a withdrawn record', () => {
  it('cancels its pending jobs enqueued before, in its firm only, keeps what ran, what the withdrawal enqueues and emails already queued', async () => {
    const job = async (key: string, firmId: string, subjectId: string, at = NOW) =>
      (await insertJob(db, { kind: 'k', key, runAt: NOW + 60_000, payload: {}, firmId, subjectId }, at))[0]!.id;
    const pending = await job('p', 'frm_a', 'tsk_1');
    const ran = await job('r', 'frm_a', 'tsk_1');
    await db.update(jobs).set({ status: 'done' }).where(eq(jobs.id, ran));
    const otherTask = await job('o', 'frm_a', 'tsk_2');
    const otherFirm = await job('f', 'frm_b', 'tsk_1');
    const ownNotice = await job('n', 'frm_a', 'tsk_1', NOW + 5);
    const queuedEmail = (await insertJob(db, { kind: 'email.send', key: 'e', runAt: NOW + 60_000, payload: {}, firmId: 'frm_a', subjectId: 'tsk_1' }, NOW))[0]!.id;
    expect(await cancelPendingJobs(db, 'frm_a', 'tsk_1', NOW + 5)).toEqual([pending]);
    expect(await row(pending)).toMatchObject({ status: 'cancelled', updatedAt: NOW + 5 });
    for (const id of [otherTask, otherFirm, ownNotice, queuedEmail]) expect((await row(id)).status).toBe('pending');
    expect((await row(ran)).status).toBe('done');
    // A cancelled job is never claimed.
    expect((await claimDueJobs(db, NOW + 120_000, 10, LEASE_MS)).map((j) => j.id).sort()).toEqual([otherTask, otherFirm, ownNotice, queuedEmail].sort());
  });
});

describe('retrying a failed job', () => {
  it('puts a failed job of the firm back, due now with fresh attempts; refuses another firm, and a job not failed', async () => {
    const [created] = await insertJob(db, { kind: 'k', key: 'x', runAt: NOW, payload: {}, firmId: 'frm_a' }, NOW);
    const [claimed] = await claimDueJobs(db, NOW, 1, LEASE_MS);
    await failJob(db, claimed!, 'provider said no', null, NOW);
    expect(await retryFailedJob(db, 'frm_b', created!.id, NOW + 1)).toBe(false);
    expect((await row(created!.id)).status).toBe('failed');
    expect(await retryFailedJob(db, 'frm_a', created!.id, NOW + 1)).toBe(true);
    expect(await row(created!.id)).toMatchObject({ status: 'pending', attempts: 0, runAt: NOW + 1, lastError: 'provider said no' });
    expect(await retryFailedJob(db, 'frm_a', created!.id, NOW + 2)).toBe(false);
  });
});
