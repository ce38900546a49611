import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestApp } from '../../test/fixtures/test-app.ts';
import { createApp } from '../app.ts';
import { buildDeps } from '../server.ts';
import { LocalScheduler, SAFETY_POLL_MS } from './local-scheduler.ts';

describe('LocalScheduler', () => {
  afterEach(() => vi.useRealTimers());

  it('ticks at the next run time, then at the time the tick answers, and stops when closed', async () => {
    vi.useFakeTimers({ now: 0 });
    const clock = { now: () => Date.now() };
    const ticks: number[] = [];
    const answers = [5_000, null];
    const scheduler = new LocalScheduler({ clock, pollMs: 60_000, tick: async () => { ticks.push(Date.now()); return answers.shift() ?? null; } });
    await scheduler.wake(1_000);
    await vi.advanceTimersByTimeAsync(999);
    expect(ticks).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(ticks).toEqual([1_000]);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(ticks).toEqual([1_000, 5_000]);
    // Nothing due: the poll interval is the safety net for jobs other instances add.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(ticks).toEqual([1_000, 5_000, 65_000]);
    scheduler.close();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(ticks).toHaveLength(3);
  });

  it('moves an armed timer earlier, never later', async () => {
    vi.useFakeTimers({ now: 0 });
    const ticks: number[] = [];
    const scheduler = new LocalScheduler({ clock: { now: () => Date.now() }, tick: async () => { ticks.push(Date.now()); return null; } });
    await scheduler.wake(10_000);
    await scheduler.wake(20_000);
    await scheduler.wake(2_000);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(ticks).toEqual([2_000]);
    scheduler.close();
  });

  it('keeps a wake-up for now when a later one follows a moment after (the clock moved on meanwhile)', async () => {
    vi.useFakeTimers({ now: 0 });
    let now = 0;
    const ticks: number[] = [];
    const scheduler = new LocalScheduler({ clock: { now: () => now }, pollMs: 60_000, tick: async () => { ticks.push(Date.now()); return null; } });
    await scheduler.wake(0);
    now = 3; // a few milliseconds of work between the two calls, in the same turn
    await scheduler.wake(40_000);
    await vi.advanceTimersByTimeAsync(1);
    expect(ticks).toEqual([0]);
    scheduler.close();
  });

  it('keeps going after a failing tick', async () => {
    vi.useFakeTimers({ now: 0 });
    const errors: unknown[] = [];
    let calls = 0;
    const scheduler = new LocalScheduler({
      clock: { now: () => Date.now() },
      pollMs: 1_000,
      onError: (e) => errors.push(e),
      tick: async () => { calls++; if (calls === 1) throw new Error('db busy'); return null; },
    });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(errors).toHaveLength(1);
    expect(calls).toBe(2);
    scheduler.close();
  });
});

describe('LocalScheduler under load', () => {
  afterEach(() => vi.useRealTimers());

  it('never runs two ticks at once, and ticks again for a wake-up that came during a tick', async () => {
    vi.useFakeTimers({ now: 0 });
    let inFlight = 0;
    let most = 0;
    let ticks = 0;
    let finish!: () => void;
    const scheduler = new LocalScheduler({
      clock: { now: () => Date.now() },
      pollMs: 60_000,
      tick: async () => {
        ticks++;
        inFlight++;
        most = Math.max(most, inFlight);
        if (ticks === 1) await new Promise<void>((resolve) => (finish = resolve));
        inFlight--;
        return null;
      },
    });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    await scheduler.wake(Date.now());
    await vi.advanceTimersByTimeAsync(0);
    await scheduler.wake(Date.now());
    await vi.advanceTimersByTimeAsync(0);
    finish();
    await vi.advanceTimersByTimeAsync(0);
    await scheduler.idle();
    expect(most).toBe(1);
    expect(ticks).toBe(2);
    scheduler.close();
  });
});

describe('LocalScheduler with a clock that jumps', () => {
  afterEach(() => vi.useRealTimers());

  it('ticks at once when woken after the clock jumped past the armed time', async () => {
    vi.useFakeTimers({ now: 0 });
    let offset = 0;
    const ticks: number[] = [];
    const scheduler = new LocalScheduler({ clock: { now: () => Date.now() + offset }, pollMs: 30_000, tick: async () => { ticks.push(Date.now()); return null; } });
    await scheduler.wake(20_000); // armed for 20 s of real time
    offset = 300_000; // POST /dev/clock
    await scheduler.wake(Date.now() + offset);
    await vi.advanceTimersByTimeAsync(0);
    expect(ticks).toEqual([0]);
    scheduler.close();
  });
});

describe('LocalScheduler when idle', () => {
  afterEach(() => vi.useRealTimers());

  it('ticks only at the safety poll while nothing is due, and at the due time of a job it is woken for', async () => {
    vi.useFakeTimers({ now: 0 });
    const ticks: number[] = [];
    let due: number | null = null;
    const scheduler = new LocalScheduler({ clock: { now: () => Date.now() }, tick: async () => { ticks.push(Date.now()); if (due !== null && due <= Date.now()) due = null; return due; } });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(ticks).toEqual([0]);
    // An idle ten minutes: one tick per safety poll, none in between.
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(ticks).toEqual(Array.from({ length: 21 }, (_, i) => i * SAFETY_POLL_MS));
    // A job due in 10 s: woken at its time, not at the next poll.
    due = Date.now() + 10_000;
    await scheduler.wake(due, 'job_1');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ticks.at(-1)).toBe(10 * 60_000 + 10_000);
    expect(ticks).toHaveLength(22);
    scheduler.close();
  });
});

describe('LocalScheduler in the app', () => {
  it('runs a job a write enqueued due now without naming it (a request\'s event dispatcher) at once, not at the safety poll', async () => {
    const t = await createTestApp();
    const { deps, local } = await buildDeps(t.db, t.config, { clock: t.clock, log: () => {} });
    try {
      const app = createApp(deps);
      local!.start();
      // Its first tick (a timer at 0) has run and found nothing: next is the safety poll.
      await new Promise((resolve) => setTimeout(resolve, 100));
      await local!.idle();
      const { token } = await t.signIn('demo', 'client@demo.test');
      const [client] = (await t.db.$client.execute("select id from clients where name = 'Northwind Bakery OÜ'")).rows;
      const res = await app.request('/api/v1/portal/requests', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ clientId: client!.id, subject: 'Receipts', body: 'Attached soon' }),
      });
      expect(res.status).toBe(201);
      const dispatched = async () => (await t.db.$client.execute("select status from jobs where kind = 'events.dispatch'")).rows.map((r) => r.status);
      const deadline = Date.now() + 2_000;
      while (Date.now() < deadline && !(await dispatched()).includes('done')) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(await dispatched()).toEqual(['done']);
    } finally {
      local!.close();
      await local!.idle();
      t.cleanup();
    }
  });
});
