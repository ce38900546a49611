import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startQstashStandIn, type QstashStandIn } from '../../test/fixtures/qstash-standin.ts';
import { createQstashScheduler } from './qstash-scheduler.ts';

let qstash: QstashStandIn;
beforeAll(async () => { qstash = await startQstashStandIn(); });
afterAll(() => qstash.close());
afterEach(() => { qstash.published.length = 0; qstash.schedules.length = 0; });

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
