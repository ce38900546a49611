import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../../db/seed.ts';
import { AdjustableClock } from '../adapters/system-clock.ts';
import { createApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { buildDeps } from '../server.ts';
import { PUBLIC_URL, tempDb } from '../../test/fixtures/test-app.ts';

/**
 * "Resend" queues its emails from the request, outside any job. With the
 * in-process scheduler as `npm start` runs it, they must go out at once, not
 * at the scheduler's 30 s safety poll (as the reminders e2e test found: the
 * route woke the scheduler only for the next reminder).
 */
let cleanup: () => void = () => {};
let stop: () => Promise<void> = async () => {};
let app: ReturnType<typeof createApp>;
let advance: (ms: number) => void;

beforeEach(async () => {
  const temp = await tempDb();
  const clock = new AdjustableClock();
  await seedDemo(temp.db, { publicUrl: PUBLIC_URL, now: clock.now() });
  const { deps, local } = await buildDeps(temp.db, loadConfig({ PUBLIC_URL, SESSION_CACHE_SECONDS: '0', ASSIGN_NOTIFY_DELAY_SECONDS: '300' }), { clock, log: () => {} });
  app = createApp(deps);
  advance = deps.advanceClock!;
  local!.start();
  stop = async () => { local!.close(); await local!.idle(); };
  cleanup = temp.cleanup;
});
afterEach(async () => {
  await stop();
  cleanup();
});

const call = async (method: string, path: string, body?: unknown, token?: string) => {
  const res = await app.request(path, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
};
const mailTo = async (to: string) => ((await call('GET', '/dev/mail.json')).json as { to: string; subject: string; text: string }[]).filter((m) => m.to === to);
/** Waits up to `ms` for `check` to answer something truthy (the scheduler runs the jobs on its own here). */
async function within<T>(ms: number, check: () => Promise<T>): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const found = await check();
    if (found || Date.now() > until) return found;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('POST /firm/tasks/:id/resend with the in-process scheduler', () => {
  it('sends its email at once, not at the next safety poll', async () => {
    await call('POST', '/api/v1/auth/link', { firm: 'demo', email: 'owner@demo.test', as: 'staff' });
    const link = await within(2000, async () => (await mailTo('owner@demo.test'))[0]?.text.match(/#login=([\w-]+)/)?.[1]);
    const staff = (await call('POST', '/api/v1/auth/session', { token: link })).json.token as string;
    const clientId = (await call('GET', '/api/v1/firm/clients', undefined, staff)).json.items.find((c: { name: string }) => c.name === 'Baltic Timber AS').id;
    const task = (await call('POST', '/api/v1/firm/tasks', { clientId, title: 'Loan schedule', dueDate: '2020-01-01', assign: true }, staff)).json;
    advance(301_000); // as POST /dev/clock does: the clock moves and the scheduler wakes
    expect(await within(2000, async () => (await mailTo('timber@demo.test')).length === 1), 'the assignment email').toBe(true);

    const res = await call('POST', `/api/v1/firm/tasks/${task.id}/resend`, undefined, staff);
    expect(res.status).toBe(200);
    expect(await within(2000, async () => (await mailTo('timber@demo.test')).length === 2), 'the resent email, within 2 s').toBe(true);
  });
});
